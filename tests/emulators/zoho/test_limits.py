"""Per-organization budgets: 100 requests/minute (44), concurrency (1070), daily cap by plan (45)."""

from __future__ import annotations

import asyncio

import httpx

from emulators.zoho import ZohoEmulator
from tests.emulators.zoho.conftest import World, access_token


async def test_minute_limit_then_recovery(books: httpx.AsyncClient, world: World) -> None:
    statuses = [(await books.get("/contacts")).status_code for _ in range(100)]
    assert set(statuses) == {200}
    blocked = await books.get("/contacts")
    assert blocked.status_code == 429
    assert blocked.json()["code"] == 44
    assert "Retry-After" not in blocked.headers
    world.emu.clock.advance(59)
    assert (await books.get("/contacts")).status_code == 429
    world.emu.clock.advance(1)
    assert (await books.get("/contacts")).status_code == 200
    assert world.emu.stats.limited[44] == 2
    assert world.emu.stats.api_calls[world.org_id] == 101


async def test_minute_limit_is_per_organization(client: httpx.AsyncClient, world: World) -> None:
    second = world.emu.add_organization("us", "Second Org")
    world.emu.grant_access(world.user_id, second)
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, world.refresh_token)}"}
    for _ in range(100):
        await client.get("/us/api/books/v3/contacts", headers=headers, params={"organization_id": world.org_id})
    first = await client.get("/us/api/books/v3/contacts", headers=headers, params={"organization_id": world.org_id})
    other = await client.get("/us/api/books/v3/contacts", headers=headers, params={"organization_id": second})
    assert (first.status_code, other.status_code) == (429, 200)


async def test_eleventh_concurrent_call_is_1070(books: httpx.AsyncClient, world: World) -> None:
    world.emu.latency = 0.05
    responses = await asyncio.gather(*(books.get("/bills") for _ in range(11)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 10 + [429]
    [rejected] = [r for r in responses if r.status_code == 429]
    assert rejected.json()["code"] == 1070
    assert rejected.json()["message"].startswith("You have reached the maximum number of in process requests")
    assert world.emu.stats.peak_in_flight[world.org_id] == 10
    world.emu.latency = 0
    assert (await books.get("/bills")).status_code == 200


async def test_free_plan_allows_five_concurrent_calls(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    user = emu.add_user("free@x.test", "in")
    org = emu.add_organization("in", "Free Co", plan="free", currency_code="INR", time_zone="Asia/Kolkata")
    emu.grant_access(user, org)
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, emu.issue_refresh_token(user), 'in')}"}
    emu.latency = 0.05
    calls = [client.get("/in/api/books/v3/bills", headers=headers, params={"organization_id": org}) for _ in range(6)]
    statuses = sorted(r.status_code for r in await asyncio.gather(*calls))
    assert statuses == [200] * 5 + [429]


async def test_daily_cap_by_plan(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    user = emu.add_user("daily@x.test", "us")
    org = emu.add_organization("us", "Daily Co", plan="free", time_zone="America/New_York")
    emu.grant_access(user, org)
    refresh = emu.issue_refresh_token(user)
    params = {"organization_id": org}
    for _ in range(10):
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, refresh)}"}
        for _ in range(100):
            assert (await client.get("/us/api/books/v3/contacts", headers=headers, params=params)).status_code == 200
        emu.clock.advance(61)
    capped = await client.get("/us/api/books/v3/contacts", headers=headers, params=params)
    assert capped.status_code == 429
    assert capped.json() == {
        "code": 45,
        "message": "The API call for this organization has exceeded the maximum call rate limit of 1000.",
    }
    emu.clock.advance(14 * 3600)  # 00:10 UTC: a new day in UTC, still yesterday in New York
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, refresh)}"}
    assert (await client.get("/us/api/books/v3/contacts", headers=headers, params=params)).status_code == 429
    emu.clock.advance(5 * 3600)  # 00:10 in New York
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, refresh)}"}
    assert (await client.get("/us/api/books/v3/contacts", headers=headers, params=params)).status_code == 200
