"""The bad-input battery, against every webhook route: each refusal has its status code, starts or signals
nothing in Temporal, writes nothing to the connector's database and makes no outbound call (so BILL and Zoho
are untouched)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.gateway import outbound_guard
from tests.gateway.conftest import GatewayFixture
from tests.gateway.endpoints import WEBHOOK_ROUTES, WebhookRoute

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

FIVE_MB = 5 * 1024 * 1024
CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def no_outbound_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    calls = outbound_guard.install(monkeypatch)
    yield
    assert calls.urls == [], "the gateway made an outbound HTTP call"


@pytest.fixture(params=WEBHOOK_ROUTES, ids=lambda route: route.name)
def route(request: pytest.FixtureRequest) -> WebhookRoute:
    webhook_route: WebhookRoute = request.param
    return webhook_route


async def send(
    gw: GatewayFixture,
    route: WebhookRoute,
    content: bytes | AsyncIterator[bytes],
    *,
    signature: str | None,
    connection_id: str | None = None,
    content_type: str = "application/json",
) -> httpx.Response:
    headers = {"content-type": content_type}
    if signature is not None:
        headers[route.signature_header(gw)] = signature
    return await gw.http.post(route.path(connection_id or gw.connection.id), content=content, headers=headers)


def assert_refused(gw: GatewayFixture, response: httpx.Response, status: int, counts: dict[str, int]) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    assert gw.temporal_calls == []
    assert gw.row_counts() == counts


async def test_no_signature_is_401(gateway: GatewayFixture, route: WebhookRoute) -> None:
    counts = gateway.row_counts()
    response = await send(gateway, route, route.valid_body(gateway), signature=None)
    assert_refused(gateway, response, 401, counts)


@pytest.mark.parametrize("kind", ["wrong-key", "garbage", "other-bytes", "empty"])
async def test_bad_signature_is_401(gateway: GatewayFixture, route: WebhookRoute, kind: str) -> None:
    counts = gateway.row_counts()
    body = route.valid_body(gateway)
    signature = {
        "wrong-key": route.sign(gateway, body, "not-the-right-key-123"),
        "garbage": "%%% not a digest %%%",
        "other-bytes": route.sign(gateway, body + b" ", None),
        "empty": "",
    }[kind]
    assert_refused(gateway, await send(gateway, route, body, signature=signature), 401, counts)


async def test_a_5_mb_stream_is_refused_without_being_read(gateway: GatewayFixture, route: WebhookRoute) -> None:
    counts = gateway.row_counts()
    pulled: list[int] = []

    async def five_megabytes() -> AsyncIterator[bytes]:
        for _ in range(FIVE_MB // CHUNK):
            pulled.append(CHUNK)
            yield b"x" * CHUNK

    signature = route.sign(gateway, route.valid_body(gateway), None)
    response = await send(gateway, route, five_megabytes(), signature=signature)
    assert_refused(gateway, response, 413, counts)
    assert sum(pulled) < FIVE_MB, "the gateway read the whole 5 MB body"
    assert sum(pulled) <= gateway.settings.webhook_max_body_bytes + 2 * CHUNK


async def test_a_declared_5_mb_body_is_413(gateway: GatewayFixture, route: WebhookRoute) -> None:
    counts = gateway.row_counts()
    body = b"{" + b" " * FIVE_MB + b"}"
    response = await send(gateway, route, body, signature=route.sign(gateway, body, None))
    assert_refused(gateway, response, 413, counts)


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe", b"null", b'{"a": 1}'], ids=repr)
async def test_malformed_or_unusable_json_is_400(gateway: GatewayFixture, route: WebhookRoute, body: bytes) -> None:
    counts = gateway.row_counts()
    response = await send(gateway, route, body, signature=route.sign(gateway, body, None))
    assert_refused(gateway, response, 400, counts)


async def test_unknown_connection_is_404(gateway: GatewayFixture, route: WebhookRoute) -> None:
    counts = gateway.row_counts()
    body = route.valid_body(gateway)
    response = await send(gateway, route, body, signature=route.sign(gateway, body, None), connection_id="nope")
    assert_refused(gateway, response, 404, counts)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
async def test_wrong_content_type_is_415(gateway: GatewayFixture, route: WebhookRoute, content_type: str) -> None:
    counts = gateway.row_counts()
    body = route.valid_body(gateway)
    signature = route.sign(gateway, body, None)
    response = await send(gateway, route, body, signature=signature, content_type=content_type)
    assert_refused(gateway, response, 415, counts)


async def test_a_replayed_delivery_is_accepted_and_starts_nothing_new(
    gateway: GatewayFixture, route: WebhookRoute
) -> None:
    body = route.valid_body(gateway)
    first = await send(gateway, route, body, signature=route.sign(gateway, body, None))
    assert first.status_code == route.accepted_status
    counts, calls = gateway.row_counts(), list(gateway.temporal_calls)

    replay = await send(gateway, route, body, signature=route.sign(gateway, body, None))

    assert replay.status_code == route.accepted_status
    assert gateway.row_counts() == counts
    if route.name == "bill":
        assert replay.json()["status"] == "duplicate"
        assert gateway.temporal_calls == calls == [("start", f"vendor-sync/{gateway.connection.id}")]  # 1st only
    else:  # the keyed start joins the running workflow: same run, no second execution
        assert replay.json() == first.json()
        assert gateway.temporal_calls == calls * 2
