"""`ml-connector db upgrade|current`: the connector database's Alembic migrations (see docs/self-hosting.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.failures import CliFailure, cli_failures
from common.settings import get_settings
from persistence.db import make_engine
from persistence.migrations.runner import SchemaDrift, current_revision, head_revision, upgrade

db_app = typer.Typer(help="Migrate the connector database (Alembic).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Migrate MLC_DATABASE_URL to the newest schema (idempotent; run before starting a new version)."""
    with cli_failures():
        engine = make_engine(get_settings().effective_database_url())
        try:
            before = current_revision(engine)
            reached = upgrade(engine, revision)
        except SchemaDrift as drift:
            raise CliFailure(str(drift), 1) from None
        finally:
            engine.dispose()
        typer.echo(f"database at {reached} (was {before or 'unversioned'})")


@db_app.command("current")
def current_command() -> None:
    """Print the database's revision and the newest one this version ships (exit 1 when behind)."""
    with cli_failures():
        engine = make_engine(get_settings().effective_database_url())
        try:
            current = current_revision(engine)
        finally:
            engine.dispose()
        head = head_revision()
        typer.echo(f"database {current or 'unversioned'}, newest {head}")
        if current != head:
            raise typer.Exit(1)
