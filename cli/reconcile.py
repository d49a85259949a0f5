"""`ml-connector reconcile CONNECTION`: a read-only drift report between a connection's Zoho and BILL bills.

Exit 0 when both sides agree, 1 when drift is found, 2 on bad input, 3 when a side or the store is unreachable.
"""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass
from datetime import date

import httpx
from rich.console import Console
from rich.table import Table

from activities.connections import ConnectionClients
from activities.store import ConnectorStore, MissingEncryptionKey
from cli.drift import DriftReport, find_drift
from cli.drift_sources import read_sides
from cli.failures import UNREACHABLE_EXIT, CliFailure, find_connection, parse_day
from clients.http import build_async_client
from common.errors import SyncError
from common.settings import Settings
from persistence.tables import Connection

DRIFT_EXIT = 1
SUPPORTED_ENTITIES = ("bills",)


@dataclass(frozen=True)
class ReconcileOptions:
    """What to compare: the connection (id or name), entities (comma-separated), bills dated since a day."""

    connection: str
    entities: str = "bills"
    since: str | None = None
    as_json: bool = False


async def reconcile(
    clients: ConnectionClients, store: ConnectorStore, connection: Connection, since: date | None
) -> DriftReport:
    """The drift report of one connection's bills (reads only)."""
    sides = await read_sides(clients, store, connection, since)
    return find_drift(sides.zoho, sides.bill, sides.links)


async def run_reconcile(
    settings: Settings, options: ReconcileOptions, console: Console, *, http: httpx.AsyncClient | None = None
) -> int:
    """Check the options, read both sides, print the report; the exit code. `http` replaces the real client."""
    entities = {e.strip() for e in options.entities.split(",") if e.strip()}
    if not entities or not entities <= set(SUPPORTED_ENTITIES):
        raise CliFailure(f"--entities {options.entities!r} is not supported (reconcile compares: bills)")
    since = parse_day(options.since, "--since") if options.since is not None else None
    try:
        store = ConnectorStore.from_settings(settings)
    except MissingEncryptionKey as exc:
        raise CliFailure(str(exc)) from None
    connection = find_connection(store.connections.list(), options.connection)
    try:
        async with AsyncExitStack() as stack:
            if http is None:
                http = await stack.enter_async_context(build_async_client(timeout=settings.http_timeout_seconds))
            report = await reconcile(
                ConnectionClients(settings=settings, store=store, http=http), store, connection, since
            )
    except SyncError as exc:
        raise CliFailure(f"reading {connection.name} failed: {type(exc).__name__}: {exc}", UNREACHABLE_EXIT) from None
    except httpx.TransportError as exc:
        raise CliFailure(f"reading {connection.name} failed: {type(exc).__name__}", UNREACHABLE_EXIT) from None
    if options.as_json:
        console.print_json(json.dumps(report_json(connection, report)))
    else:
        for table in report_tables(connection, report):
            console.print(table)
    return DRIFT_EXIT if report.drifts else 0


def report_json(connection: Connection, report: DriftReport) -> dict[str, object]:
    """The report as JSON-ready data (ids, numbers and amounts only)."""
    return {
        "connection_id": connection.id,
        "zoho_bills": report.zoho_bills,
        "bill_bills": report.bill_bills,
        "counts": report.counts(),
        "drifts": [{**asdict(drift), "kind": drift.kind.value} for drift in report.drifts],
    }


def report_tables(connection: Connection, report: DriftReport) -> list[Table]:
    """Counts per kind, then one row per drift."""
    counts = Table("Drift", "Count", title=f"Reconcile {connection.name} ({connection.id})")
    for kind, count in report.counts().items():
        counts.add_row(kind, f"[red]{count}[/red]" if count else "0")
    counts.caption = f"{report.zoho_bills} Zoho bills, {report.bill_bills} BILL bills compared"
    rows = Table("Kind", "Invoice", "Zoho bill", "BILL bill", "Zoho says", "BILL says", title="Drift")
    for drift in report.drifts:
        rows.add_row(
            drift.kind.value,
            drift.invoice_number,
            drift.zoho_bill_id or "-",
            drift.bill_bill_id or "-",
            drift.zoho_value or "-",
            drift.bill_value or "-",
        )
    return [counts, rows] if report.drifts else [counts]
