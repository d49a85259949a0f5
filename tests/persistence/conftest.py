"""Engines for both supported backends: a SQLite file per test, and a PostgreSQL schema per session.

PostgreSQL is expected at `MLC_TEST_POSTGRES_URL` (default: the local CI service). If it is unreachable the
PostgreSQL cases fail — they are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine
from persistence.tables import Connection
from tests.persistence.builders import add_connection

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    """The PostgreSQL server the tests use."""
    return os.environ.get("MLC_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextmanager
def fresh_postgres_schema(prefix: str) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema `<prefix>_<random>`, dropped on exit."""
    schema = f"{prefix}_{uuid4().hex[:12]}"
    admin = make_engine(postgres_url())
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    scoped_url = make_url(postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped_url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """An engine whose connections work in a fresh schema `mlc_test_<random>`, dropped at the end."""
    with fresh_postgres_schema("mlc_test") as url:
        engine = make_engine(url)
        try:
            create_schema(engine)
            yield engine
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty connector database on each backend."""
    if request.param == "sqlite":
        sqlite = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
        create_schema(sqlite)
        yield sqlite
        sqlite.dispose()
        return
    postgres: Engine = request.getfixturevalue("postgres_engine")
    yield postgres
    tables = ", ".join(table.name for table in SQLModel.metadata.sorted_tables)
    with postgres.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} CASCADE")


@pytest.fixture
def cipher() -> CredentialCipher:
    """A cipher with one fresh key."""
    return CredentialCipher([CredentialCipher.generate_key()])


@pytest.fixture
def connection(engine: Engine) -> Connection:
    """A stored active connection (and its Zoho grant)."""
    return add_connection(engine, zoho_org_id="60001")
