"""`ml-connector connections`: every connection with its health, reason, rate-budget use and last sync, as a table
(exit 3 when the store is unreachable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from cli.budget_use import UNKNOWN, BudgetUse
from cli.failures import UNREACHABLE_EXIT
from common.settings import Settings
from persistence.crypto import CredentialCipher
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo, CredentialStore, SyncRecordRepo
from persistence.vocabulary import ConnectionStatus, SyncStatus

__all__ = ["UNREACHABLE_EXIT", "ConnectionHealth", "connection_health", "health_table", "list_connections"]

_STYLE: dict[str, str] = {
    ConnectionStatus.ACTIVE: "green",
    ConnectionStatus.NEEDS_REAUTH: "red",
    ConnectionStatus.PAUSED: "yellow",
}


@dataclass(frozen=True)
class ConnectionHealth:
    """One row of the connections listing (ids and names only)."""

    connection_id: str
    name: str
    status: str
    reason: str | None
    zoho_dc: str
    zoho_org: str
    bill_org_id: str
    last_sync: datetime | None
    zoho_budget: str = UNKNOWN
    bill_budget: str = UNKNOWN


def connection_health(
    connections: ConnectionRepo, records: SyncRecordRepo, budget: BudgetUse | None = None
) -> list[ConnectionHealth]:
    """Every connection, by name; `last_sync` is when its most recent record reached BILL (None if never),
    the budget columns what its Zoho organization and BILL devKey have used of their windows."""
    rows = []
    for c in connections.list():
        synced = records.list(connection_id=c.id, status=SyncStatus.SYNCED.value, limit=1)
        rows.append(
            ConnectionHealth(
                connection_id=c.id,
                name=c.name,
                status=c.status,
                reason=c.status_reason,
                zoho_dc=c.zoho_dc,
                zoho_org=f"{c.zoho_org_name} ({c.zoho_org_id})",
                bill_org_id=c.bill_org_id,
                last_sync=synced[0].updated_at if synced else None,
                zoho_budget=budget.zoho(c.zoho_org_id) if budget else UNKNOWN,
                bill_budget=budget.bill(c.bill_org_id) if budget else UNKNOWN,
            )
        )
    return rows


def health_table(rows: list[ConnectionHealth]) -> Table:
    """The listing: one row per connection, status coloured."""
    columns = (
        *("Connection", "Id", "Status", "Reason", "DC", "Zoho org", "BILL org"),
        *("Zoho budget", "BILL budget", "Last sync"),
    )
    table = Table(*columns, title="Connections")
    for row in rows:
        style = _STYLE.get(row.status)
        table.add_row(
            row.name,
            row.connection_id,
            f"[{style}]{row.status}[/{style}]" if style else row.status,
            row.reason or "",
            row.zoho_dc,
            row.zoho_org,
            row.bill_org_id,
            row.zoho_budget,
            row.bill_budget,
            row.last_sync.isoformat(timespec="seconds") if row.last_sync else "never",
        )
    return table


def list_connections(settings: Settings, console: Console) -> int:
    """Print the table; the exit code (0, or `UNREACHABLE_EXIT` when the database cannot be read)."""
    engine = make_engine(settings.effective_database_url())
    try:
        credentials = None
        if settings.encryption_key is not None:
            credentials = CredentialStore(engine, CredentialCipher.from_setting(settings.encryption_key))
        budget = BudgetUse.over(engine, credentials)
        rows = connection_health(ConnectionRepo(engine), SyncRecordRepo(engine), budget)
    except SQLAlchemyError as exc:
        console.print(f"[red]connector database unreachable ({type(exc).__name__})[/red]")
        return UNREACHABLE_EXIT
    finally:
        engine.dispose()
    if not rows:
        console.print("no connections yet (ml-connector connect zoho)")
    else:
        console.print(health_table(rows))
    return 0
