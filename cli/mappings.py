"""`ml-connector mappings`: id mappings and pending vendor links; `confirm` / `reject` a link, `set-account`.

A pending link is a Zoho vendor contact and a BILL vendor that the identity rules could not tell apart from
another candidate (docs/vendor-sync.md). Confirming one links the pair (the next vendor sync merges them) and
rejects the record's other candidates; rejecting one keeps the pair from ever being proposed again.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from cli.failures import CliFailure, cli_failures, find_connection
from common.settings import get_settings
from persistence.db import create_schema, make_engine
from persistence.errors import MappingConflict
from persistence.repositories import ConnectionRepo, MappingRepo
from persistence.repositories.mapping_list import MappingList
from persistence.repositories.vendor_links import (
    CONFIRMED,
    REJECTED,
    LinkCandidate,
    UnknownLinkCandidate,
    VendorLinkRepo,
)

VENDOR = "vendor"

mappings_app = typer.Typer(
    help="Id mappings and ambiguous vendor links (list, confirm, reject, set-account).", invoke_without_command=True
)


def _engine() -> Engine:
    engine = make_engine(get_settings().effective_database_url())
    create_schema(engine)
    return engine


def _connection_id(engine: Engine, key: str | None) -> str | None:
    return None if key is None else find_connection(ConnectionRepo(engine).list(), key).id


@mappings_app.callback()
def list_command(
    ctx: typer.Context,
    connection: Annotated[str | None, typer.Option(help="Only this connection (id or name).")] = None,
    entity: Annotated[str | None, typer.Option(help="Only this entity (vendor, account, bill).")] = None,
) -> None:
    """List mappings and pending vendor links (the default when no sub-command is given)."""
    if ctx.invoked_subcommand is not None:
        return
    with cli_failures():
        engine = _engine()
        connection_id = _connection_id(engine, connection)
        console = Console()
        mapped = Table("connection", "entity", "Zoho id", "BILL id", title="Mappings")
        for row in MappingList(engine).list(connection_id, entity):
            mapped.add_row(row.connection_id, row.entity, row.zoho_id, row.bill_id)
        console.print(mapped)
        console.print(pending_table(VendorLinkRepo(engine).list(connection_id)))


def pending_table(candidates: list[LinkCandidate]) -> Table:
    """Pending vendor links, one row per candidate pair."""
    table = Table("candidate", "connection", "Zoho contact", "BILL vendor", "rule", title="Pending vendor links")
    for c in candidates:
        table.add_row(c.id, c.connection_id, c.zoho_id, c.bill_id, c.rule)
    return table


@mappings_app.command("confirm")
def confirm_command(candidate: Annotated[str, typer.Argument(help="Pending link candidate id.")]) -> None:
    """Link a pending candidate pair (its record's other candidates are rejected)."""
    with cli_failures():
        engine = _engine()
        try:
            decided = VendorLinkRepo(engine).decide(candidate, CONFIRMED)
        except UnknownLinkCandidate as exc:
            raise CliFailure(str(exc)) from None
        try:
            linked = MappingRepo(engine).link(decided.connection_id, VENDOR, decided.zoho_id, decided.bill_id)
        except MappingConflict as exc:
            raise CliFailure(f"{exc}; nothing linked") from None
        if linked != decided.bill_id:
            raise CliFailure(f"Zoho contact {decided.zoho_id} is already linked to BILL vendor {linked}")
        typer.echo(f"linked Zoho contact {decided.zoho_id} to BILL vendor {decided.bill_id}")


@mappings_app.command("reject")
def reject_command(candidate: Annotated[str, typer.Argument(help="Pending link candidate id.")]) -> None:
    """Never propose this pair again."""
    with cli_failures():
        try:
            decided = VendorLinkRepo(_engine()).decide(candidate, REJECTED)
        except UnknownLinkCandidate as exc:
            raise CliFailure(str(exc)) from None
        typer.echo(f"rejected Zoho contact {decided.zoho_id} <-> BILL vendor {decided.bill_id}")


@mappings_app.command("set-account")
def set_account_command(
    connection: Annotated[str, typer.Argument(help="Connection id or name.")],
    zoho_account: Annotated[str, typer.Argument(help="Zoho chart-of-accounts id.")],
    bill_account: Annotated[str, typer.Argument(help="BILL chart-of-accounts id.")],
) -> None:
    """Map a Zoho account to a BILL account for bill lines (replaces its current mapping)."""
    with cli_failures():
        engine = _engine()
        connection_id = find_connection(ConnectionRepo(engine).list(), connection).id
        previous = MappingList(engine).set_account(connection_id, zoho_account, bill_account)
        was = f" (was {previous})" if previous and previous != bill_account else ""
        typer.echo(f"Zoho account {zoho_account} -> BILL account {bill_account}{was}")
