"""Engine settings per backend, schema creation and the unit-of-work helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from persistence.db import create_schema, make_engine, session_scope
from persistence.tables import ZohoGrant
from tests.persistence.builders import add_grant

TABLES = {
    "zoho_grant",
    "connection",
    "credential",
    "id_mapping",
    "sync_record",
    "audit_event",
    "webhook_receipt",
    "bill_subscription",
    "poll_cursor",
    "vendor_sync_state",
    "vendor_link_candidate",
    "bill_vendor_currency",
}
OWN_TABLE_MODULES = {"oauth_state"}
"""Tables of modules outside `persistence` that create their own table on first use (when imported, they are on
the shared metadata too)."""


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_file_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'connector.db'}")
    try:
        assert _pragma(engine, "journal_mode") == "wal"
        assert _pragma(engine, "foreign_keys") == 1
        assert _pragma(engine, "busy_timeout") == 30_000
        assert (tmp_path / "nested" / "dir").is_dir()
    finally:
        engine.dispose()


def test_in_memory_sqlite_is_one_database_across_sessions() -> None:
    engine = make_engine("sqlite://")
    try:
        create_schema(engine)
        grant = add_grant(engine)
        with session_scope(engine) as session:
            assert session.get(ZohoGrant, grant.id) is not None
    finally:
        engine.dispose()


def test_a_bare_postgresql_url_uses_psycopg_3_and_pings_connections() -> None:
    engine = make_engine("postgresql://user:pw@db.invalid:5432/connector")
    assert engine.dialect.driver == "psycopg"
    assert engine.pool._pre_ping is True
    engine.dispose()


def test_other_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="mysql"):
        make_engine("mysql://user@localhost/db")


def test_create_schema_makes_every_table_and_is_idempotent(engine: Engine) -> None:
    create_schema(engine)
    created = set(inspect(engine).get_table_names())
    assert created >= TABLES
    assert created - TABLES <= OWN_TABLE_MODULES
    assert {table.name for table in SQLModel.metadata.sorted_tables} == created


def test_session_scope_commits_on_success(engine: Engine) -> None:
    grant = ZohoGrant(dc="us", accounts_url="a", api_domain="b", user_label="c")
    with session_scope(engine) as session:
        session.add(grant)
    with session_scope(engine) as session:
        assert session.exec(select(ZohoGrant.id)).all() == [grant.id]
    assert grant.user_label == "c"  # still readable after the session closed


def _add_a_grant_then_fail(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(ZohoGrant(dc="us", accounts_url="a", api_domain="b", user_label="c"))
        session.flush()
        raise RuntimeError("boom")


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        _add_a_grant_then_fail(engine)
    with session_scope(engine) as session:
        assert session.exec(select(ZohoGrant)).all() == []


def test_database_errors_do_not_carry_statement_parameters(engine: Engine) -> None:
    grant = add_grant(engine)
    duplicate = ZohoGrant(id=grant.id, dc="us", accounts_url="a", api_domain="b", user_label="label-in-params")
    with pytest.raises(IntegrityError) as raised, session_scope(engine) as session:
        session.add(duplicate)
    assert "label-in-params" not in str(raised.value)
