"""Database triggers that make a table append-only: UPDATE and DELETE fail on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, event


def make_append_only(table: Table) -> None:
    """Create, together with `table`, triggers that reject any UPDATE or DELETE of its rows."""
    event.listen(table, "after_create", _create_triggers)


def _create_triggers(table: Table, connection: Connection, **_: Any) -> None:
    for statement in trigger_statements(table.name, connection.dialect.name):
        connection.exec_driver_sql(statement)


def trigger_statements(name: str, dialect: str) -> list[str]:
    """The DDL that makes table `name` append-only on `dialect`."""
    message = f"{name} is append-only"
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {name}_no_{operation.lower()} BEFORE {operation} ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for operation in ("UPDATE", "DELETE")
        ]
    if dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$",
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}_append_only()",
        ]
    raise ValueError(f"no append-only triggers for dialect {dialect!r}")
