"""The ``/_emulator`` admin routes the dev demo uses."""

from __future__ import annotations

import httpx

from tests.emulators.zoho.conftest import START, World


async def test_admin_lists_and_creates(client: httpx.AsyncClient, world: World) -> None:
    orgs = (await client.get("/_emulator/orgs")).json()["organizations"]
    assert orgs == [{"organization_id": world.org_id, "dc": "us", "name": "Acme Inc", "plan": "professional"}]
    world.emu.register_webhook(world.org_id, url="https://hooks.test/z", secret="abcdefghijkl1")
    body = {
        "vendor_id": world.vendor_id,
        "bill_number": "ADM-1",
        "date": "2026-11-20",
        "due_date": "2026-12-20",
        "line_items": [{"account_id": world.account_id, "rate": 3.5, "quantity": 2}],
    }
    created = await client.post(f"/_emulator/orgs/{world.org_id}/bills", json=body)
    assert created.status_code == 201
    bills = (await client.get(f"/_emulator/orgs/{world.org_id}/bills")).json()["bills"]
    assert [(b["bill_id"], b["total"]) for b in bills] == [(created.json()["bill_id"], 7.0)]
    assert [d.event for d in world.emu.outbox] == ["bill.created"]
    contacts = (await client.get(f"/_emulator/orgs/{world.org_id}/contacts")).json()["contacts"]
    assert [c["contact_name"] for c in contacts] == ["Paper Supply Co"]


async def test_admin_rejects_bad_input(client: httpx.AsyncClient, world: World) -> None:
    unknown = await client.get("/_emulator/orgs/999/bills")
    assert unknown.status_code == 400
    bad_bill = await client.post(f"/_emulator/orgs/{world.org_id}/bills", json={"vendor_id": world.vendor_id})
    assert bad_bill.status_code == 400
    duplicate_vendorless = await client.post(
        f"/_emulator/orgs/{world.org_id}/bills",
        json={
            "vendor_id": "nope",
            "bill_number": "A",
            "date": "2026-11-20",
            "due_date": "2026-11-21",
            "line_items": [],
        },
    )
    assert duplicate_vendorless.json() == {"error": "Invalid value passed for vendor_id"}
    assert (await client.post("/_emulator/clock/advance", json={"seconds": -1})).status_code == 400


async def test_admin_advances_the_clock_and_reports_stats(client: httpx.AsyncClient, world: World) -> None:
    advanced = await client.post("/_emulator/clock/advance", json={"seconds": 90})
    assert advanced.json() == {"now": START.replace(minute=1, second=30).isoformat()}
    stats = (await client.get("/_emulator/stats")).json()
    assert stats["statuses"]["200"] >= 1
