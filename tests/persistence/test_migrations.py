"""Alembic migrations on the real PostgreSQL: head equals the models, down/up round-trips, `create_all`
databases are adopted, and the audit trail stays append-only when built by migrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, inspect
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner, Result

from cli.failures import UNREACHABLE_EXIT
from cli.main import app
from common.settings import get_settings
from persistence.db import create_schema, make_engine, session_scope
from persistence.migrations.metadata import connector_metadata
from persistence.migrations.runner import (
    VERSION_TABLE,
    SchemaDrift,
    current_revision,
    downgrade,
    head_revision,
    schema_differences,
    upgrade,
)
from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.tables import AuditEvent
from tests.persistence.builders import add_connection
from tests.persistence.conftest import fresh_postgres_schema


@pytest.fixture
def empty_postgres() -> Iterator[Engine]:
    """An engine on a fresh, empty PostgreSQL schema (dropped afterwards)."""
    with fresh_postgres_schema("mlc_mig") as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def _delete_trail(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.execute(delete(AuditEvent))


def _model_tables() -> set[str]:
    return {name for metadata in connector_metadata() for name in metadata.tables}


@pytest.mark.postgres
def test_upgrade_head_on_an_empty_database_matches_the_models(empty_postgres: Engine) -> None:
    assert current_revision(empty_postgres) is None

    assert upgrade(empty_postgres) == head_revision()

    assert schema_differences(empty_postgres) == [], "a table or column was changed without a migration"
    assert set(inspect(empty_postgres).get_table_names()) == _model_tables() | {VERSION_TABLE}


@pytest.mark.postgres
def test_downgrade_to_base_and_upgrade_again_round_trips(empty_postgres: Engine) -> None:
    upgrade(empty_postgres)

    assert downgrade(empty_postgres, "base") is None
    assert set(inspect(empty_postgres).get_table_names()) == {VERSION_TABLE}

    assert upgrade(empty_postgres) == head_revision()
    assert schema_differences(empty_postgres) == []


@pytest.mark.postgres
def test_migrated_audit_trail_is_append_only(empty_postgres: Engine) -> None:
    upgrade(empty_postgres)
    connection = add_connection(empty_postgres, zoho_org_id="70001")
    record = SyncRecordRepo(empty_postgres).ensure(connection.id, "70001", "bill", "1", workflow_id=None, run_id=None)
    AuditLog(empty_postgres).append(record.id, "fetched", {})

    with pytest.raises(DBAPIError, match="append-only"):
        _delete_trail(empty_postgres)


@pytest.mark.postgres
def test_a_create_all_database_is_adopted_at_head(empty_postgres: Engine) -> None:
    create_schema(empty_postgres)
    for metadata in connector_metadata():
        metadata.create_all(empty_postgres)

    assert upgrade(empty_postgres) == head_revision()


@pytest.mark.postgres
def test_an_unversioned_database_that_differs_is_refused(empty_postgres: Engine) -> None:
    create_schema(empty_postgres)  # the rate-budget tables are missing: not what any revision describes

    with pytest.raises(SchemaDrift, match="no migration history"):
        upgrade(empty_postgres)
    assert current_revision(empty_postgres) is None


def test_migrations_run_on_sqlite_too(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
    try:
        assert upgrade(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == _model_tables() | {VERSION_TABLE}
        assert downgrade(engine, "base") is None
    finally:
        engine.dispose()


def _cli(monkeypatch: pytest.MonkeyPatch, database_url: str, *args: str) -> Result:
    monkeypatch.setenv("MLC_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["db", *args])
    finally:
        get_settings.cache_clear()


def test_db_upgrade_command_migrates_and_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'connector.db'}"

    behind = _cli(monkeypatch, url, "current")
    upgraded = _cli(monkeypatch, url, "upgrade")
    again = _cli(monkeypatch, url, "upgrade")
    current = _cli(monkeypatch, url, "current")

    assert (behind.exit_code, upgraded.exit_code, again.exit_code, current.exit_code) == (1, 0, 0, 0)
    assert f"database at {head_revision()} (was unversioned)" in upgraded.output
    assert f"(was {head_revision()})" in again.output
    assert f"database {head_revision()}, newest {head_revision()}" in current.output


def test_db_upgrade_on_an_unreachable_database_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _cli(monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:1/none", "upgrade")

    assert result.exit_code == UNREACHABLE_EXIT
    assert result.output.strip().splitlines() == [
        "error: connector database unreachable or unusable (OperationalError); check MLC_DATABASE_URL"
    ]
