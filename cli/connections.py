"""`ml-connector connections`: every connection with its health, as a table (exit 2 when the store is unreachable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from common.settings import Settings
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo, SyncRecordRepo
from persistence.vocabulary import ConnectionStatus, SyncStatus

UNREACHABLE_EXIT = 2

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


def connection_health(connections: ConnectionRepo, records: SyncRecordRepo) -> list[ConnectionHealth]:
    """Every connection, by name; `last_sync` is when its most recent record reached BILL (None if never)."""
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
            )
        )
    return rows


def health_table(rows: list[ConnectionHealth]) -> Table:
    """The listing: one row per connection, status coloured."""
    columns = ("Connection", "Id", "Status", "Reason", "DC", "Zoho org", "BILL org", "Last sync")
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
            row.last_sync.isoformat(timespec="seconds") if row.last_sync else "never",
        )
    return table


def list_connections(settings: Settings, console: Console) -> int:
    """Print the table; the exit code (0, or `UNREACHABLE_EXIT` when the database cannot be read)."""
    engine = make_engine(settings.effective_database_url())
    try:
        rows = connection_health(ConnectionRepo(engine), SyncRecordRepo(engine))
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
