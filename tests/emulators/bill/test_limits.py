"""BILL's limits on the emulator clock: 3 concurrent per devKey per org, hourly requests, logins, S&E per minute."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from emulators.bill import BillEmulator, BillLimits
from emulators.bill.errors import BillApiError
from emulators.bill.limits import RateLimiter
from emulators.clock import EmulatorClock
from tests.emulators.bill.conftest import API, DEV_KEY, PASSWORD, ROOT, USERNAME, Org, error_code, login, seed_org


def test_defaults_are_bills_numbers() -> None:
    assert BillLimits() == BillLimits(
        concurrent_per_org=3, requests_per_hour=20_000, logins_per_hour=200, spend_per_minute=60
    )


async def test_fourth_concurrent_request_is_bdc_1322(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.latency = 0.5
    responses = await asyncio.gather(*(http.get(f"{API}/v3/vendors", headers=org.headers) for _ in range(4)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 200, 429]
    assert [error_code(r) for r in responses if r.status_code == 429] == ["BDC_1322"]
    emu.latency = 0.0
    assert (await http.get(f"{API}/v3/vendors", headers=org.headers)).status_code == 200  # slots were released


async def test_concurrency_is_per_organization(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    other_id, _, _ = seed_org(emu, "Globex")
    other = await login(http, other_id)
    emu.latency = 0.5
    calls = [http.get(f"{API}/v3/vendors", headers=h) for h in (org.headers, other.copy()) for _ in range(3)]
    assert {r.status_code for r in await asyncio.gather(*calls)} == {200}


async def test_hourly_budget_blocks_until_next_clock_hour() -> None:
    clock = EmulatorClock(start=datetime(2026, 3, 2, 9, 50, tzinfo=UTC), frozen=True)
    emu = BillEmulator(clock, limits=BillLimits(requests_per_hour=5))
    emu.add_dev_key(DEV_KEY)
    org_id, _, _ = seed_org(emu, "Acme")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url=ROOT) as http:
        headers = await login(http, org_id)  # the login is request 1 of 5
        for _ in range(4):
            assert (await http.get(f"{API}/v3/vendors", headers=headers)).status_code == 200
        blocked = await http.get(f"{API}/v3/vendors", headers=headers)
        assert (blocked.status_code, error_code(blocked)) == (429, "BDC_1144")
        clock.advance(timedelta(minutes=9))
        assert error_code(await http.get(f"{API}/v3/vendors", headers=headers)) == "BDC_1144"
        clock.advance(timedelta(minutes=1))  # 10:00 — a new clock hour
        assert (await http.get(f"{API}/v3/vendors", headers=headers)).status_code == 200


def test_hourly_limit_default_counts_20000_per_dev_key() -> None:
    limiter = RateLimiter()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(20_000):
        limiter.count_request(DEV_KEY, now)
    limiter.count_request("another-key", now)
    with pytest.raises(BillApiError) as refused:
        limiter.count_request(DEV_KEY, now)
    assert refused.value.code == "BDC_1144"


async def test_two_hundred_logins_per_hour(emu: BillEmulator, http: httpx.AsyncClient) -> None:
    org_id, _, _ = seed_org(emu, "Acme")
    for _ in range(200):
        await login(http, org_id)
    body = {"username": USERNAME, "password": PASSWORD, "organizationId": org_id, "devKey": DEV_KEY}
    refused = await http.post(f"{API}/v3/login", json=body)
    assert (refused.status_code, error_code(refused)) == (429, "BDC_1144")
    emu.clock.advance(timedelta(hours=1))
    assert (await http.post(f"{API}/v3/login", json=body)).status_code == 200


async def test_spend_allows_60_calls_per_minute(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.set_spend_api_token(org.id, "spend-token")
    headers = {"apiToken": "spend-token"}
    for _ in range(60):
        assert (await http.get(f"{API}/v3/spend/users/current", headers=headers)).status_code == 200
    assert error_code(await http.get(f"{API}/v3/spend/users/current", headers=headers)) == "BDC_1144"
    emu.clock.advance(timedelta(minutes=1))
    assert (await http.get(f"{API}/v3/spend/users/current", headers=headers)).status_code == 200
