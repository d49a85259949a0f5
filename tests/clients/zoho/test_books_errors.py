"""Books failures, in Zoho's real shapes, become the right `common.errors` class with the right delay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from common.errors import (
    ConcurrencyLimited,
    DailyLimitReached,
    NotFound,
    PayloadRejected,
    RateLimited,
    SyncError,
    Unavailable,
)
from tests.clients.zoho.conftest import MakeBooks
from tests.clients.zoho.fakes import ORG_ID, FakeTokens, Script, failure

PER_MINUTE = "You have made too many requests continuously. Please try again after some time."


@pytest.mark.parametrize(
    ("reply", "expected", "code"),
    [
        (failure(429, 45, "You have reached the maximum number of API calls per day."), DailyLimitReached, "45"),
        (failure(429, 1070, "Maximum concurrent requests reached."), ConcurrencyLimited, "1070"),
        (failure(404, 1002, "Bill does not exist."), NotFound, "1002"),
        (failure(400, 1002, "Bill does not exist."), NotFound, "1002"),
        (failure(400, 1038, "JSON is not well formed"), PayloadRejected, "1038"),
        (failure(400, 4, "Invalid value passed for bill_number"), PayloadRejected, "4"),
        (failure(200, 1000, "Internal error"), Unavailable, "1000"),
        (failure(500, 1000, "Internal error"), Unavailable, "1000"),
        (httpx.Response(502, json={"message": "Bad gateway"}), Unavailable, None),
        (httpx.Response(404, json={"message": "Not found"}), NotFound, None),
    ],
    ids=[
        "45-daily",
        "1070-concurrency",
        "1002-404",
        "1002-400",
        "1038",
        "other-4xx",
        "1000-200",
        "1000-500",
        "5xx-no-code",
        "404-no-code",
    ],
)
async def test_books_code_first_then_status(
    make_books: MakeBooks, reply: httpx.Response, expected: type[SyncError], code: str | None
) -> None:
    client = make_books(Script(reply))
    with pytest.raises(expected) as caught:
        await client.get_bill(ORG_ID, "460000000098765")
    assert caught.value.code == code
    assert caught.value.status == reply.status_code
    assert type(caught.value) is expected


async def test_per_minute_limit_waits_at_least_a_minute_without_retry_after(make_books: MakeBooks) -> None:
    client = make_books(Script(failure(429, 44, PER_MINUTE)))
    with pytest.raises(RateLimited) as caught:
        await client.get_bill(ORG_ID, "1")
    assert caught.value.retry_after == timedelta(seconds=60)
    assert caught.value.retryable
    assert PER_MINUTE in str(caught.value)
    assert "[44]" in str(caught.value)


async def test_per_minute_limit_honours_retry_after(make_books: MakeBooks) -> None:
    client = make_books(Script(failure(429, 44, PER_MINUTE, headers={"Retry-After": "7"})))
    with pytest.raises(RateLimited) as caught:
        await client.get_bill(ORG_ID, "1")
    assert caught.value.retry_after == timedelta(seconds=7)


@pytest.mark.parametrize(("reset", "expected"), [("90", 90), ("12", 60)])
async def test_per_minute_limit_reads_rate_limit_reset(make_books: MakeBooks, reset: str, expected: int) -> None:
    client = make_books(Script(failure(429, 44, PER_MINUTE, headers={"X-Rate-Limit-Reset": reset})))
    with pytest.raises(RateLimited) as caught:
        await client.get_bill(ORG_ID, "1")
    assert caught.value.retry_after == timedelta(seconds=expected)


async def test_rate_limit_reset_as_unix_time(make_books: MakeBooks) -> None:
    reset_at = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    client = make_books(Script(failure(429, 44, PER_MINUTE, headers={"X-Rate-Limit-Reset": str(reset_at)})))
    with pytest.raises(RateLimited) as caught:
        await client.get_bill(ORG_ID, "1")
    assert caught.value.retry_after is not None
    assert timedelta(minutes=4) < caught.value.retry_after <= timedelta(minutes=5)


async def test_daily_limit_is_permanent(make_books: MakeBooks) -> None:
    client = make_books(Script(failure(429, 45, "daily limit", headers={"X-Rate-Limit-Reset": "3600"})))
    with pytest.raises(DailyLimitReached) as caught:
        await client.get_bill(ORG_ID, "1")
    assert not caught.value.retryable
    assert caught.value.retry_after == timedelta(hours=1)


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(
            200, text="<html><body>Service Unavailable</body></html>", headers={"content-type": "text/html"}
        ),
        httpx.Response(503, text="<html>maintenance</html>", headers={"content-type": "text/html"}),
        httpx.Response(200, text='{"code": 0, "bill": {', headers={"content-type": "application/json"}),
        httpx.Response(200, json=["not", "an", "object"]),
    ],
    ids=["html-200", "html-503", "malformed-json", "json-array"],
)
async def test_unreadable_bodies_are_unavailable(make_books: MakeBooks, reply: httpx.Response) -> None:
    client = make_books(Script(reply))
    with pytest.raises(Unavailable):
        await client.get_bill(ORG_ID, "1")


async def test_html_429_is_still_rate_limited(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.Response(429, text="<html>slow down</html>")))
    with pytest.raises(RateLimited):
        await client.get_bill(ORG_ID, "1")


async def test_transport_error_is_unavailable_without_chaining(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.ConnectError("connection refused")))
    with pytest.raises(Unavailable) as caught:
        await client.get_bill(ORG_ID, "1")
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    assert "ConnectError" in str(caught.value)


async def test_timeout_is_unavailable(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.ReadTimeout("timed out")))
    with pytest.raises(Unavailable):
        await client.list_bills(ORG_ID)


async def test_success_body_of_unexpected_shape_is_unavailable_naming_fields_only(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.Response(200, json={"code": 0, "bill": {"bill_id": "1", "total": "lots"}})))
    with pytest.raises(Unavailable) as caught:
        await client.get_bill(ORG_ID, "1")
    assert "bill" in str(caught.value)
    assert "total" in str(caught.value)
    assert "lots" not in str(caught.value)


async def test_not_found_does_not_refresh_the_token(make_books: MakeBooks, tokens: FakeTokens) -> None:
    client = make_books(Script(failure(404, 1002, "Bill does not exist.")))
    with pytest.raises(NotFound):
        await client.get_bill(ORG_ID, "1")
    assert tokens.calls == [False]


async def test_success_without_the_record_is_unavailable(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.Response(200, json={"code": 0, "message": "success"})))
    with pytest.raises(Unavailable, match="lacks 'bill'"):
        await client.get_bill(ORG_ID, "1")


async def test_success_without_page_context_is_unavailable(make_books: MakeBooks) -> None:
    client = make_books(Script(httpx.Response(200, json={"code": 0, "bills": []})))
    with pytest.raises(Unavailable, match="page_context"):
        await client.list_bills(ORG_ID)
