"""Fixtures: a frozen-clock emulator with one US user and organization, and an in-process HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from emulators.clock import EmulatorClock
from emulators.faults import FaultPlan
from emulators.zoho import ZohoEmulator

BASE = "http://zoho.test"
CLIENT_ID, CLIENT_SECRET = "1000.DEMO", "demo-secret"
START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@dataclass
class World:
    """One seeded US organization: its user, a vendor, an expense account and a live refresh token."""

    emu: ZohoEmulator
    user_id: str
    org_id: str
    vendor_id: str
    account_id: str
    refresh_token: str


@pytest.fixture
def emu() -> ZohoEmulator:
    return ZohoEmulator(clock=EmulatorClock(start=START, frozen=True), faults=FaultPlan())


@pytest.fixture
def world(emu: ZohoEmulator) -> World:
    user_id = emu.add_user("owner@acme.test", "us")
    org_id = emu.add_organization("us", "Acme Inc")
    emu.grant_access(user_id, org_id)
    vendor_id = emu.add_contact(org_id, "Paper Supply Co", email="ap@paper.test", tax_id="12-3456789")
    account_id = emu.add_account(org_id, "Office Supplies", "expense")
    return World(emu, user_id, org_id, vendor_id, account_id, emu.issue_refresh_token(user_id))


@pytest.fixture
async def client(emu: ZohoEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url=BASE) as http:
        yield http


async def token_request(client: httpx.AsyncClient, dc: str, **form: str) -> httpx.Response:
    """POST the token endpoint of `dc` with the demo client credentials plus `form`."""
    data = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **form}
    return await client.post(f"/{dc}/accounts/oauth/v2/token", data=data)


async def access_token(client: httpx.AsyncClient, refresh_token: str, dc: str = "us") -> str:
    """A fresh access token from `refresh_token`."""
    response = await token_request(client, dc, grant_type="refresh_token", refresh_token=refresh_token)
    return str(response.json()["access_token"])


@pytest.fixture
async def books(client: httpx.AsyncClient, world: World) -> AsyncIterator[httpx.AsyncClient]:
    """A client already authorized for the world's organization (auth header + ``organization_id``)."""
    token = await access_token(client, world.refresh_token)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=world.emu.app),
        base_url=f"{BASE}/us/api/books/v3",
        headers={"Authorization": f"Zoho-oauthtoken {token}"},
        params={"organization_id": world.org_id},
    ) as http:
        yield http
