"""`ml-connector connections` prints every connection id whole, even in an 80-column terminal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from rich.console import Console

from cli.connections import ConnectionHealth, health_table


def _row(name: str) -> ConnectionHealth:
    return ConnectionHealth(
        connection_id=uuid.uuid4().hex,
        name=name,
        status="needs_reauth",
        reason="the Zoho refresh token was revoked; re-consent",
        zoho_dc="eu",
        zoho_org=f"{name} (460000000000002)",
        bill_org_id="008010000000000001",
        last_sync=datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
        zoho_budget="4/100 per min",
        bill_budget="16/20000 per h",
    )


def test_ids_survive_a_narrow_terminal() -> None:
    rows = [_row("UK Ltd"), _row("Ireland Ltd")]
    console = Console(width=80, record=True, color_system=None)

    console.print(health_table(rows))

    text = console.export_text()
    for row in rows:
        assert row.connection_id in text
