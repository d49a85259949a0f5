"""Engine construction and the unit-of-work helper.

SQLite (the embedded default) runs in WAL mode with a busy timeout and enforced foreign keys, and may be
used from worker threads; PostgreSQL connections are pinged before use so a restarted server costs no error.
Statement parameters (ciphertext, audit details) are kept out of error messages and logs on both backends:
those messages can reach Temporal failure text, which is not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from sqlite3 import Connection as SQLiteConnection

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

import persistence.tables  # noqa: F401  (registers every table on SQLModel.metadata)

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL (a bare ``postgresql://`` URL uses psycopg 3)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    raise ValueError(f"unsupported database backend {backend!r}: use SQLite or PostgreSQL")


def create_schema(engine: Engine) -> None:
    """Create every missing table (idempotent): the embedded default and tests. Deployments migrate instead
    (`ml-connector db upgrade`, `persistence.migrations`)."""
    SQLModel.metadata.create_all(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error. Rows stay readable after the block."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _sqlite_engine(url: URL) -> Engine:
    connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
    in_memory = url.database in (None, "", ":memory:")
    if in_memory:
        # One shared connection, otherwise every pooled connection would see its own empty database.
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool, hide_parameters=True)
    else:
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_pragmas(wal=not in_memory))
    return engine


def _sqlite_pragmas(*, wal: bool) -> Callable[[SQLiteConnection, object], None]:
    def on_connect(dbapi_connection: SQLiteConnection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
        finally:
            cursor.close()

    return on_connect
