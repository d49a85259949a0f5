"""One bill, end to end with telemetry on: a single trace links the gateway request, the workflow start, the
workflow, its activities and their HTTP calls to Zoho and BILL; the connector's counters move; JSON log lines
carry ids; no span, metric attribute or log line holds a secret the test seeded or the run minted."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from cli.demo import DEMO_COMPANIES, add_demo_bill
from clients.http import build_async_client
from common.telemetry import metrics
from common.telemetry.http_tracing import instrument_http_client
from emulators.faults import Fault, FaultKind
from tests.e2e.conftest import GATEWAY, Seeded, seed_companies
from tests.fault.invariants import connection_secrets
from tests.observability.conftest import Collected
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from worker.main import connect_temporal
from worker.registry import ActivityDeps, build_worker
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal

IRELAND = next(c for c in DEMO_COMPANIES if c.name == "Ireland Ltd")


@asynccontextmanager
async def traced_stack(
    tmp_path: Path, env: WorkflowEnvironment
) -> AsyncIterator[tuple[Seeded, Client, httpx.AsyncClient]]:
    """Ireland Ltd seeded; a Temporal client from the production `connect_temporal` (interceptors included),
    the gateway app built after telemetry was installed, a worker from that client, and traced emulator calls."""
    async with seed_companies(tmp_path, [IRELAND]) as seeded:
        instrument_http_client(seeded.http)  # what build_async_client does to the production client
        settings = seeded.settings.model_copy(update={"temporal_address": env.client.service_client.config.target_host})
        client = await connect_temporal(settings)
        deps = GatewayDeps(
            settings=settings, temporal=client, connections=seeded.store.connections, secrets=seeded.store.credentials
        )
        transport = httpx.ASGITransport(app=create_app(deps))
        async with (
            httpx.AsyncClient(mounts={GATEWAY: transport}) as gateway,
            build_worker(client, ActivityDeps(settings=settings, store=seeded.store, http=seeded.http)),
        ):
            yield seeded, client, gateway


def ancestry(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    """`span` and its parents up to the root (within the collected spans)."""
    chain = [span]
    while chain[-1].parent is not None and chain[-1].parent.span_id in by_id:
        chain.append(by_id[chain[-1].parent.span_id])
    return chain


def url_of(span: ReadableSpan) -> str:
    attributes = span.attributes or {}
    return str(attributes.get("url.full") or attributes.get("http.url") or "")


async def test_one_trace_from_webhook_to_bill_http_calls(
    tmp_path: Path,
    local_env: WorkflowEnvironment,
    collected: Collected,
    json_logs: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # an operator asking for every header on spans still gets none of their values
    monkeypatch.setenv("OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST", ".*")
    monkeypatch.setenv("OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_REQUEST", ".*")
    monkeypatch.setenv("OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_RESPONSE", ".*")
    async with traced_stack(tmp_path, local_env) as (seeded, client, gateway):
        demo = seeded.demos[IRELAND.name]
        throttled = seeded.zoho.faults.add(
            Fault(kind=FaultKind.RATE_LIMIT, method="GET", path=r"/api/books/v3/bills/\d+$", retry_after=1)
        )
        zoho_bill = add_demo_bill(seeded.zoho, demo)
        (delivery,) = seeded.zoho.outbox
        signature = delivery.headers[seeded.settings.zoho_webhook_signature_header]
        assert await seeded.zoho.flush_webhooks(gateway) == [202]
        handle = client.get_workflow_handle_for(BillSyncWorkflow.run, bill_workflow_id(demo.zoho_org_id, zoho_bill))
        result = await handle.result()
        assert result.status == "synced"
        assert throttled.hits == 1
        minted = [*seeded.zoho.issued_access_tokens(), *seeded.bill.issued_session_ids()]
        assert minted, "the run minted tokens and sessions"
        secrets = [*connection_secrets(seeded.store, seeded.settings, demo.connection_id), *minted, signature]

    spans = collected.finished_spans()
    (webhook,) = [s for s in spans if s.kind is SpanKind.SERVER and "/webhooks/zoho/" in url_of(s)]
    assert webhook.name == "POST /webhooks/zoho/{id}", "one span name per route, not per connection"
    trace_id = webhook.context.trace_id
    in_trace = {s.context.span_id: s for s in spans if s.context.trace_id == trace_id}

    (bill_create,) = [
        s for s in in_trace.values() if s.kind is SpanKind.CLIENT and url_of(s).endswith("/connect/v3/bills")
    ]
    chain = ancestry(bill_create, in_trace)
    assert [s.name for s in chain[1:]] == [
        "RunActivity:create_bill_bill",
        "StartActivity:create_bill_bill",  # scheduled by the workflow, under the context it was started with
        "SignalWithStartWorkflow:BillSyncWorkflow",
        webhook.name,
    ]
    start = chain[3]
    (run,) = [s for s in in_trace.values() if s.name == "RunWorkflow:BillSyncWorkflow"]
    assert run.parent is not None
    assert run.parent.span_id == start.context.span_id
    assert (run.attributes or {}).get("temporalWorkflowID") == handle.id
    zoho_fetches = [s for s in in_trace.values() if s.kind is SpanKind.CLIENT and "/books/v3/bills/" in url_of(s)]
    assert len(zoho_fetches) == 2, "the throttled fetch and its retry, both in the bill's trace"
    for fetch in zoho_fetches:
        assert [s.name for s in ancestry(fetch, in_trace)][1] == "RunActivity:fetch_zoho_bill"
    statuses = sorted(
        int((s.attributes or {}).get("http.response.status_code") or (s.attributes or {}).get("http.status_code") or 0)
        for s in zoho_fetches
    )
    assert statuses == [200, 429]
    assert all("organization_id=" + demo.zoho_org_id in url_of(s) for s in zoho_fetches), "ids stay readable"

    exported = "\n".join(s.to_json() for s in spans)
    headers = {k: v for s in spans for k, v in (s.attributes or {}).items() if ".header." in k}
    assert set(headers.values()) == {"REDACTED"}
    secret_headers = {"authorization", "devkey", "sessionid", "x_zoho_webhook_signature"}
    assert {f"http.request.header.{name}" for name in secret_headers} <= headers.keys()
    for secret in secrets:
        assert secret not in exported

    assert collected.total(metrics.RECORDS, connection_id=demo.connection_id, status="synced", entity="bill") == 1
    assert collected.total(metrics.RATE_LIMITED, service="zoho-books", org=demo.zoho_org_id) == 1
    assert collected.total(metrics.TOKENS_REFRESHED, service="zoho-accounts") >= 1
    assert collected.total(metrics.TOKENS_REFRESHED, service="bill", owner=demo.bill_org_id) >= 1
    assert collected.total(metrics.BUDGET_ADMITTED, budget=f"zoho:{demo.zoho_org_id}:minute") >= 2
    metric_dump = json.dumps(collected.points(metrics.BUDGET_ADMITTED) + collected.points(metrics.TOKENS_REFRESHED))
    for secret in secrets:
        assert secret not in metric_dump

    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    assert lines, "the run logged"
    (accepted,) = [line for line in lines if line["logger"] == "webhook_gateway.zoho_webhook"]
    assert accepted["connection_id"] == demo.connection_id, "gateway lines carry the connection of the route"
    assert accepted["trace_id"] == f"{trace_id:032x}"
    in_activities = [line for line in lines if line.get("connection_id") == demo.connection_id and "activity" in line]
    assert in_activities, "activity log lines carry the connection id"
    assert all(line["workflow_id"] == handle.id for line in in_activities if "zoho_bill_id" in line)
    assert any(line.get("trace_id") == f"{trace_id:032x}" for line in in_activities)
    text = json_logs.getvalue()
    for secret in secrets:
        assert secret not in text


async def test_production_http_client_is_traced_and_scrubbed(collected: Collected) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    async with build_async_client(transport=httpx.MockTransport(answer)) as http:
        await http.get(
            "https://user:pw@books.test/api/v3/bills?organization_id=42&access_token=tok-123",
            headers={"Authorization": "Zoho-oauthtoken tok-456"},
        )
    (span,) = collected.finished_spans()
    assert span.kind is SpanKind.CLIENT
    assert url_of(span) == "https://books.test/api/v3/bills?organization_id=42&access_token=REDACTED"
    assert "traceparent" in seen[0].headers, "the context is propagated"
    for secret in ("tok-123", "tok-456", "user:pw"):
        assert secret not in span.to_json()
