"""No secret (devKey, password, sessionId, apiToken, security key) in exceptions, reprs or logs."""

from __future__ import annotations

import logging

import httpx
import pytest

from clients.bill import BillSession, BillSessionInfo
from common.errors import PayloadRejected, SessionExpired
from tests.clients.bill.fake_bill import CREDENTIALS, DEV_KEY, PASSWORD, FakeBill, vendor_json

SECRETS = (DEV_KEY, PASSWORD, "session-1-9d8c7b", "session-2-9d8c7b")


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def _echo_everything(request: httpx.Request) -> httpx.Response:
    """A hostile error body that repeats every credential BILL received."""
    echoed = f"devKey={request.headers['devKey']} sessionId={request.headers['sessionId']} password={PASSWORD}"
    return httpx.Response(400, json=[{"code": "BDC_1234", "message": echoed}])


async def test_exceptions_and_logs_hold_no_secrets(fake: FakeBill, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.route("GET", "/connect/v3/vendors/v1", _echo_everything)
    client = fake.client()
    with pytest.raises(PayloadRejected) as raised:
        await client.get_vendor("v1")
    assert "devKey=***" in str(raised.value)
    fake.expire_sessions()
    fake.route("GET", "/connect/v3/vendors/v2", vendor_json("v2"))
    await client.get_vendor("v2")
    fake.routes.pop(("GET", "/connect/v3/vendors/v2"))
    fake.route("GET", "/connect/v3/vendors/v3", lambda _r: httpx.Response(401, json=[{"code": "BDC_1109"}]))
    with pytest.raises(SessionExpired) as expired:
        await client.get_vendor("v3")
    for error in (raised.value, expired.value):
        _assert_clean(str(error))
        _assert_clean(repr(error))
    _assert_clean(caplog.text)
    _assert_clean(" ".join(str(r.args) for r in caplog.records))
    assert any("BILL login" in r.getMessage() for r in caplog.records)


def test_reprs_hide_credentials_and_session() -> None:
    session = BillSession(
        CREDENTIALS.dev_key, BillSessionInfo(organization_id="00801ABCDEFGHIJ", user_id="00601USER", trusted=False)
    )
    _assert_clean(repr(CREDENTIALS))
    _assert_clean(str(CREDENTIALS.model_dump()))
    _assert_clean(repr(session))
    assert "00801ABCDEFGHIJ" in repr(session)
