"""Every failure BILL can hand back ends as the right `common.errors` class, with nothing secret in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from clients.bill import BillCall
from common.errors import (
    AuthRejected,
    ConcurrencyLimited,
    NotFound,
    PayloadRejected,
    RateLimited,
    SyncError,
    Unavailable,
    Unsupported,
)
from tests.clients.bill.fake_bill import FakeBill, bill_error

VENDOR_PATH = "/connect/v3/vendors/00901VENDOR0001"
FIXED_NOW = datetime(2026, 11, 25, 10, 45, 30, tzinfo=UTC)


def _fixed_now() -> datetime:
    return FIXED_NOW


async def _failure(fake: FakeBill, response: httpx.Response) -> SyncError:
    fake.route("GET", VENDOR_PATH, lambda _request: response)
    with pytest.raises(SyncError) as raised:
        await fake.client(now=_fixed_now).get_vendor("00901VENDOR0001")
    return raised.value


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (401, "BDC_1101", AuthRejected),
        (401, "BDC_1102", AuthRejected),
        (403, "BDC_1103", AuthRejected),
        (400, "BDC_1123", AuthRejected),
        (400, "BDC_1322", ConcurrencyLimited),
        (429, "BDC_1322", ConcurrencyLimited),
        (404, "BDC_1121", Unsupported),
        (400, "BDC_1120", NotFound),
        (400, "BDC_1234", PayloadRejected),
        (422, "BDC_1234", PayloadRejected),
        (404, "BDC_1234", NotFound),
        (401, "BDC_9999", AuthRejected),
        (403, "BDC_9999", AuthRejected),
        (409, "BDC_9999", PayloadRejected),
        (500, "BDC_1001", Unavailable),
        (503, "BDC_1001", Unavailable),
    ],
)
async def test_code_then_status_decides_the_class(
    fake: FakeBill, status: int, code: str, expected: type[SyncError]
) -> None:
    error = await _failure(fake, bill_error(status, code, "Something BILL said."))
    assert type(error) is expected
    assert (error.code, error.status) == (code, status)
    assert str(error) == f"BILL {expected.__name__} [{code}] (HTTP {status}): {code}: Something BILL said."
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


async def test_hourly_limit_waits_until_the_next_clock_hour(fake: FakeBill) -> None:
    error = await _failure(fake, bill_error(400, "BDC_1144", "Max number of requests per hour reached."))
    assert isinstance(error, RateLimited)
    assert error.retry_after == timedelta(minutes=14, seconds=30)


async def test_hourly_limit_prefers_retry_after(fake: FakeBill) -> None:
    response = bill_error(429, "BDC_1144", "Max number of requests per hour reached.", headers={"Retry-After": "90"})
    error = await _failure(fake, response)
    assert isinstance(error, RateLimited)
    assert error.retry_after == timedelta(seconds=90)


@pytest.mark.parametrize(
    ("status", "headers", "expected", "retry_after"),
    [
        (429, {"Retry-After": "30"}, RateLimited, timedelta(seconds=30)),
        (429, {}, RateLimited, None),
        (503, {"Retry-After": "Wed, 25 Nov 2026 10:46:00 GMT"}, Unavailable, timedelta(seconds=30)),
        (502, {}, Unavailable, None),
        (400, {"Retry-After": "30"}, PayloadRejected, None),
    ],
)
async def test_retry_after_is_kept_on_retryable_errors_only(
    fake: FakeBill, status: int, headers: dict[str, str], expected: type[SyncError], retry_after: timedelta | None
) -> None:
    error = await _failure(fake, httpx.Response(status, json=[], headers=headers))
    assert type(error) is expected
    assert error.retry_after == retry_after
    assert error.code is None


async def test_html_error_page_is_unavailable(fake: FakeBill) -> None:
    page = httpx.Response(502, text="<html><body>Bad gateway</body></html>", headers={"content-type": "text/html"})
    error = await _failure(fake, page)
    assert isinstance(error, Unavailable)
    assert "text/html" in str(error)
    assert "<html>" not in str(error)


async def test_html_page_with_200_is_unavailable(fake: FakeBill) -> None:
    error = await _failure(fake, httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"}))
    assert isinstance(error, Unavailable)


async def test_malformed_json_is_unavailable(fake: FakeBill) -> None:
    error = await _failure(fake, httpx.Response(200, text='{"id": "009', headers={"content-type": "application/json"}))
    assert isinstance(error, Unavailable)


async def test_unexpected_shape_names_fields_not_values(fake: FakeBill) -> None:
    error = await _failure(fake, httpx.Response(200, json={"name": "Secret Vendor Name"}))
    assert isinstance(error, Unavailable)
    assert "id" in str(error)
    assert "Secret Vendor Name" not in str(error)


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
async def test_transport_errors_are_unavailable(fake: FakeBill, exc: httpx.RequestError) -> None:
    def fail(_request: httpx.Request) -> httpx.Response:
        raise exc

    calls: list[BillCall] = []
    fake.route("GET", VENDOR_PATH, fail)
    with pytest.raises(Unavailable) as raised:
        await fake.client(calls=calls).get_vendor("00901VENDOR0001")
    assert str(raised.value) == f"BILL Unavailable: GET /v3/vendors/{{vendorId}} failed: {type(exc).__name__}"
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert calls[-1].status is None


async def test_on_response_reports_templates_statuses_and_codes(fake: FakeBill) -> None:
    calls: list[BillCall] = []
    fake.route("GET", VENDOR_PATH, lambda _request: bill_error(404, "BDC_1120", "No data found."))
    with pytest.raises(NotFound):
        await fake.client(calls=calls).get_vendor("00901VENDOR0001")
    assert [(c.method, c.path, c.status, c.code) for c in calls] == [
        ("POST", "/v3/login", 200, None),
        ("GET", "/v3/vendors/{vendorId}", 404, "BDC_1120"),
    ]
    assert all(c.elapsed >= 0 for c in calls)
