"""Fixtures for the BILL emulator tests: a frozen-clock emulator with one org, a user and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from emulators.clock import EmulatorClock

ROOT = "http://bill.test"
API = BillEmulator.api_base(ROOT)
EVENTS = BillEmulator.events_base(ROOT)
DEV_KEY = "dev-key-1"
USERNAME = "ap@acme.test"
PASSWORD = "correct horse"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Org:
    """An organization seeded in the emulator, with a logged-in session."""

    id: str
    headers: dict[str, str]
    account_id: str
    vendor_id: str


async def login(http: httpx.AsyncClient, org_id: str, *, dev_key: str = DEV_KEY) -> dict[str, str]:
    """Log in and return the headers every later call needs."""
    body = {"username": USERNAME, "password": PASSWORD, "organizationId": org_id, "devKey": dev_key}
    response = await http.post(f"{API}/v3/login", json=body)
    assert response.status_code == 200, response.text
    return {"devKey": dev_key, "sessionId": response.json()["sessionId"]}


def seed_org(emu: BillEmulator, name: str) -> tuple[str, str, str]:
    """An organization with the test user, one expense account and one vendor."""
    org_id = emu.add_organization(name)
    emu.add_user(org_id, USERNAME, PASSWORD)
    account_id = emu.add_account(org_id, "Office Supplies", "EXPENSE", "6100")
    vendor_id = emu.add_vendor(org_id, f"{name} Supplier", accountType="BUSINESS", email="ap@supplier.test")
    return org_id, account_id, vendor_id


@pytest.fixture
def emu() -> BillEmulator:
    emulator = BillEmulator(EmulatorClock(start=START, frozen=True))
    emulator.add_dev_key(DEV_KEY)
    return emulator


@pytest.fixture
async def http(emu: BillEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url=ROOT) as client:
        yield client


@pytest.fixture
async def org(emu: BillEmulator, http: httpx.AsyncClient) -> Org:
    org_id, account_id, vendor_id = seed_org(emu, "Acme")
    return Org(org_id, await login(http, org_id), account_id, vendor_id)


def bill_body(vendor_id: str, account_id: str, *, number: str = "INV-1", amounts: tuple[float, ...] = (100.0,)) -> Any:
    """A valid create-bill body."""
    lines = [
        {"amount": amount, "description": f"line {i}", "classifications": {"chartOfAccountId": account_id}}
        for i, amount in enumerate(amounts)
    ]
    return {
        "vendorId": vendor_id,
        "dueDate": "2026-04-01",
        "invoice": {"invoiceNumber": number, "invoiceDate": "2026-03-01"},
        "billLineItems": lines,
    }


def error_code(response: httpx.Response) -> str:
    """The BILL error code of a failed response, after checking the error-array shape."""
    body = response.json()
    assert isinstance(body, list), body
    assert body, "empty error array"
    assert set(body[0]) == {"timestamp", "code", "severity", "category", "message"}
    assert body[0]["severity"] == "ERROR"
    return str(body[0]["code"])
