"""Alembic environment: runs on the engine handed over in `config.attributes` (see `runner.alembic_config`)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from persistence.migrations.metadata import connector_metadata


def run_migrations() -> None:
    """Online migrations only: the connector always migrates a live database."""
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("run migrations through persistence.migrations.runner (it passes the engine)")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=list(connector_metadata()),
            compare_type=True,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
