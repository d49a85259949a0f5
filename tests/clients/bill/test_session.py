"""Session handling: lazy single-flight login, one re-login on BDC_1109, logout."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from common.errors import AuthRejected, SessionExpired
from tests.clients.bill.fake_bill import DEV_KEY, FakeBill, bill_error, vendor_json

VENDOR_PATH = "/connect/v3/vendors/00901VENDOR0001"


async def test_concurrent_first_calls_share_one_login(fake: FakeBill) -> None:
    release = asyncio.Event()

    async def slow_login(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return fake.login(request)

    fake.login_handler = slow_login
    fake.route("GET", VENDOR_PATH, vendor_json())
    client = fake.client()
    calls = [asyncio.create_task(client.get_vendor("00901VENDOR0001")) for _ in range(8)]
    await asyncio.sleep(0)
    release.set()
    vendors = await asyncio.gather(*calls)
    assert {v.id for v in vendors} == {"00901VENDOR0001"}
    assert len(fake.sent("POST", "/connect/v3/login")) == 1
    assert client.login_count == 1
    assert {r.headers["sessionId"] for r in fake.sent("GET", VENDOR_PATH)} == {"session-1-9d8c7b"}


async def test_failed_login_fails_every_waiter_once(fake: FakeBill) -> None:
    fake.login_handler = lambda _request: bill_error(400, "BDC_1101", "User name and/or password do not match.")
    client = fake.client()
    results = await asyncio.gather(*(client.get_vendor("v") for _ in range(5)), return_exceptions=True)
    assert all(isinstance(r, AuthRejected) for r in results)
    assert client.login_count == 1


async def test_login_is_lazy_and_sends_credentials_only_in_the_body(fake: FakeBill) -> None:
    client = fake.client()
    assert fake.requests == []
    info = await client.login()
    (login,) = fake.requests
    assert "sessionId" not in login.headers
    assert "devKey" not in login.headers
    assert info.organization_id == "00801ABCDEFGHIJ"
    assert "session-1" not in repr(info)


async def test_expired_session_logs_in_again_once_and_retries(fake: FakeBill) -> None:
    fake.route("GET", VENDOR_PATH, vendor_json())
    client = fake.client()
    await client.get_vendor("00901VENDOR0001")
    fake.expire_sessions()
    vendor = await client.get_vendor("00901VENDOR0001")
    assert vendor.id == "00901VENDOR0001"
    assert client.login_count == 2
    sessions = [r.headers["sessionId"] for r in fake.sent("GET", VENDOR_PATH)]
    assert sessions == ["session-1-9d8c7b", "session-1-9d8c7b", "session-2-9d8c7b"]


async def test_session_rejected_twice_is_session_expired(fake: FakeBill) -> None:
    fake.route("GET", VENDOR_PATH, lambda _request: bill_error(401, "BDC_1109", "Session is invalid. Please log in."))
    client = fake.client()
    with pytest.raises(SessionExpired) as raised:
        await client.get_vendor("00901VENDOR0001")
    assert raised.value.code == "BDC_1109"
    assert client.login_count == 2
    assert len(fake.sent("GET", VENDOR_PATH)) == 2


async def test_concurrent_expiries_trigger_one_renewal(fake: FakeBill) -> None:
    fake.route("GET", VENDOR_PATH, vendor_json())
    client = fake.client()
    await client.get_vendor("00901VENDOR0001")
    fake.expire_sessions()
    await asyncio.gather(*(client.get_vendor("00901VENDOR0001") for _ in range(6)))
    assert client.login_count == 2


async def test_get_session_and_logout(fake: FakeBill) -> None:
    details = {"organizationId": "00801ABCDEFGHIJ", "userId": "00601USER", "mfaStatus": "DISABLED", "mfaBypass": True}
    fake.route("GET", "/connect/v3/login/session", details)
    fake.route("POST", "/connect/v3/logout", lambda _request: httpx.Response(200))
    client = fake.client()
    assert (await client.get_session()).mfa_status == "DISABLED"
    await client.logout()
    (logout,) = fake.sent("POST", "/connect/v3/logout")
    assert logout.headers["devKey"] == DEV_KEY
    assert logout.headers["sessionId"] == "session-1-9d8c7b"
    await client.get_session()
    assert client.login_count == 2


async def test_logout_of_an_expired_session_is_quiet(fake: FakeBill) -> None:
    client = fake.client()
    await client.login()
    fake.expire_sessions()
    await client.logout()
    await client.logout()
    assert len(fake.sent("POST", "/connect/v3/logout")) == 1


async def test_no_more_than_three_requests_in_flight(fake: FakeBill) -> None:
    in_flight = 0
    peak = 0

    async def slow_vendor(_request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json=vendor_json())

    fake.route("GET", VENDOR_PATH, slow_vendor)
    client = fake.client()
    await asyncio.gather(*(client.get_vendor("00901VENDOR0001") for _ in range(10)))
    assert peak == 3
