"""`POST /webhooks/zoho/{connection_id}`: every refusal starts nothing; a valid delivery starts one workflow."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from common.models import BillSyncInput
from common.settings import Settings
from tests.gateway.conftest import (
    JSON_HEADERS,
    MAX_BODY,
    WEBHOOK_SECRET,
    GatewayFixture,
    add_connection,
    build_store,
)
from tests.temporal_env import start_time_skipping
from webhook_gateway.deps import GatewayDeps
from webhook_gateway.zoho_webhook import ZohoWebhookEndpoint
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


def event(org_id: str, bill_id: object = "4600001", **extra: object) -> bytes:
    body = {"organization_id": org_id, "event": "bill.created", "bill": {"bill_id": bill_id, "total": 120.5}}
    return json.dumps(body | extra).encode()


async def post(
    gw: GatewayFixture,
    body: bytes,
    *,
    signature: str | None = None,
    connection_id: str | None = None,
    content_type: str = "application/json",
) -> httpx.Response:
    headers = {"content-type": content_type}
    if signature is not None:
        headers[gw.settings.zoho_webhook_signature_header] = signature
    return await gw.http.post(f"/webhooks/zoho/{connection_id or gw.connection.id}", content=body, headers=headers)


async def assert_not_started(gw: GatewayFixture, bill_id: str = "4600001") -> None:
    assert gw.temporal_calls == []
    handle = gw.env.client.get_workflow_handle(bill_workflow_id(gw.connection.zoho_org_id, bill_id))
    with pytest.raises(RPCError) as err:
        await handle.describe()
    assert err.value.status is RPCStatusCode.NOT_FOUND


async def test_valid_delivery_starts_the_keyed_workflow(gateway: GatewayFixture) -> None:
    body = event(gateway.connection.zoho_org_id)
    response = await post(gateway, body, signature=gateway.sign(body))

    assert response.status_code == 202
    workflow_id = bill_workflow_id(gateway.connection.zoho_org_id, "4600001")
    assert response.json()["workflow_id"] == workflow_id
    handle = gateway.env.client.get_workflow_handle(workflow_id)
    description = await handle.describe()
    assert description.workflow_type == "BillSyncWorkflow"
    assert description.task_queue == gateway.settings.task_queue
    assert description.status is WorkflowExecutionStatus.RUNNING
    history = await handle.fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    (payload,) = started.input.payloads
    assert BillSyncInput.model_validate_json(payload.data) == BillSyncInput(
        connection_id=gateway.connection.id,
        zoho_org_id=gateway.connection.zoho_org_id,
        zoho_bill_id="4600001",
        trigger="webhook",
    )


async def test_duplicate_deliveries_collapse_onto_one_run(gateway: GatewayFixture) -> None:
    body = event(gateway.connection.zoho_org_id, bill_id=4600002)  # Zoho may send numeric ids
    first = await post(gateway, body, signature=gateway.sign(body))
    second = await post(gateway, body, signature=gateway.sign(body))

    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json() == second.json()
    assert first.json()["workflow_id"].endswith("/4600002")


async def test_a_replayed_delivery_is_harmless(gateway: GatewayFixture) -> None:
    """A captured delivery replayed many times, even concurrently, joins the one run of the bill's workflow."""
    body = event(gateway.connection.zoho_org_id, bill_id="4600003")
    signature = gateway.sign(body)
    first = await post(gateway, body, signature=signature)
    replays = await asyncio.gather(*(post(gateway, body, signature=signature) for _ in range(5)))

    assert {r.status_code for r in [first, *replays]} == {202}
    assert {r.json()["run_id"] for r in replays} == {first.json()["run_id"]}
    handle = gateway.env.client.get_workflow_handle(first.json()["workflow_id"])
    history = await handle.fetch_history()
    assert sum(e.HasField("workflow_execution_started_event_attributes") for e in history.events) == 1


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
async def test_json_media_types_are_accepted(gateway: GatewayFixture, content_type: str) -> None:
    body = event(gateway.connection.zoho_org_id)
    assert (await post(gateway, body, signature=gateway.sign(body), content_type=content_type)).status_code == 202


@pytest.mark.parametrize(
    "content_type",
    ["", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", "application/xml"],
)
async def test_other_content_types_are_415(gateway: GatewayFixture, content_type: str) -> None:
    body = event(gateway.connection.zoho_org_id)
    response = await post(gateway, body, signature=gateway.sign(body), content_type=content_type)
    assert (response.status_code, response.json()) == (415, {"error": "content type must be application/json"})
    await assert_not_started(gateway)


async def test_hex_signatures_by_default(gateway: GatewayFixture) -> None:
    assert gateway.settings.zoho_webhook_signature_encoding == "hex"
    body = event(gateway.connection.zoho_org_id)
    b64 = base64.b64encode(bytes.fromhex(gateway.sign(body))).decode()
    assert (await post(gateway, body, signature=b64)).status_code == 401
    assert (await post(gateway, body, signature=gateway.sign(body))).status_code == 202


async def test_base64_signatures_when_configured(gateway: GatewayFixture) -> None:
    gateway.settings.zoho_webhook_signature_encoding = "base64"
    body = event(gateway.connection.zoho_org_id)
    hex_signature = gateway.sign(body)
    assert (await post(gateway, body, signature=hex_signature)).status_code == 401
    b64 = base64.b64encode(bytes.fromhex(hex_signature)).decode()
    assert (await post(gateway, body, signature=b64)).status_code == 202


async def test_unknown_connection_is_404(gateway: GatewayFixture) -> None:
    body = event(gateway.connection.zoho_org_id)
    response = await post(gateway, body, signature=gateway.sign(body), connection_id="no-such-connection")
    assert response.status_code == 404
    await assert_not_started(gateway)


@pytest.mark.parametrize(
    "signature",
    [None, "", "not-hex", "00" * 32, "SIGNED-WITH-OTHER-SECRET"],
    ids=["missing", "empty", "not-hex", "wrong-digest", "other-secret"],
)
async def test_bad_signature_is_401(gateway: GatewayFixture, signature: str | None) -> None:
    body = event(gateway.connection.zoho_org_id)
    if signature == "SIGNED-WITH-OTHER-SECRET":
        signature = gateway.sign(body, secret="someoneelse12345")
    response = await post(gateway, body, signature=signature)
    assert response.status_code == 401
    assert WEBHOOK_SECRET not in response.text
    await assert_not_started(gateway)


async def test_signature_over_other_bytes_is_401(gateway: GatewayFixture) -> None:
    signed = event(gateway.connection.zoho_org_id)
    tampered = signed.replace(b"4600001", b"4600009")
    response = await post(gateway, tampered, signature=gateway.sign(signed))
    assert response.status_code == 401
    await assert_not_started(gateway, "4600009")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"[1, 2]", "body is not a JSON object"),
        (b'{"event": "bill.created", "bill": {}}', "no bill.bill_id in the event"),
        (b'{"bill": {"bill_id": ""}}', "no bill.bill_id in the event"),
        (b'{"bill": {"bill_id": true}}', "no bill.bill_id in the event"),
        (
            b'{"organization_id": "999", "bill": {"bill_id": "4600001"}}',
            "organization_id does not match the connection",
        ),
    ],
)
async def test_unusable_event_is_400(gateway: GatewayFixture, body: bytes, message: str) -> None:
    response = await post(gateway, body, signature=gateway.sign(body))
    assert response.status_code == 400
    assert response.json() == {"error": message}
    await assert_not_started(gateway)


async def test_declared_oversized_body_is_413(gateway: GatewayFixture) -> None:
    body = event(gateway.connection.zoho_org_id, padding="x" * MAX_BODY)
    response = await post(gateway, body, signature=gateway.sign(body))
    assert response.status_code == 413
    await assert_not_started(gateway)


async def test_streamed_oversized_body_is_cut_off_at_the_cap(gateway: GatewayFixture) -> None:
    sent: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):  # 100 KiB offered, no Content-Length
            sent.append(1024)
            yield b"x" * 1024

    response = await gateway.http.post(
        f"/webhooks/zoho/{gateway.connection.id}", content=chunks(), headers=JSON_HEADERS
    )
    assert response.status_code == 413
    assert sum(sent) <= MAX_BODY + 2 * 1024, "the gateway kept reading past the cap"
    await assert_not_started(gateway)


async def test_temporal_unreachable_is_503_so_zoho_retries(tmp_path: Path) -> None:
    _, store = build_store(tmp_path)
    connection = add_connection(store, "org-503")
    env = await start_time_skipping()
    client = env.client
    await env.shutdown()
    deps = GatewayDeps(settings=Settings(), temporal=client, connections=store.connections, secrets=store.credentials)
    endpoint = ZohoWebhookEndpoint(deps, start_timeout=timedelta(milliseconds=300))
    app = Starlette(routes=[Route("/webhooks/zoho/{connection_id}", endpoint.handle, methods=["POST"])])
    body = event("org-503")
    signature = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as http:
        response = await http.post(
            f"/webhooks/zoho/{connection.id}",
            content=body,
            headers={"X-Zoho-Webhook-Signature": signature} | JSON_HEADERS,
        )
    assert (response.status_code, response.json()) == (503, {"error": "temporarily unavailable"})
