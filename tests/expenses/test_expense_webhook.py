"""`POST /webhooks/zoho/{connection_id}` with an expense event starts the keyed expense workflow (the bill path
is covered by tests/gateway/test_zoho_webhook.py)."""

from __future__ import annotations

import json

import httpx

from tests.gateway.conftest import JSON_HEADERS, GatewayFixture
from workflows.expense_sync import expense_workflow_id


def _expense_event(org_id: str, expense_id: object) -> bytes:
    return json.dumps({"organization_id": org_id, "expense": {"expense_id": expense_id, "total": 12.0}}).encode()


async def _post(gw: GatewayFixture, body: bytes) -> httpx.Response:
    headers = {**JSON_HEADERS, gw.settings.zoho_webhook_signature_header: gw.sign(body)}
    return await gw.http.post(f"/webhooks/zoho/{gw.connection.id}", content=body, headers=headers)


async def test_an_expense_event_starts_the_expense_workflow(gateway: GatewayFixture) -> None:
    org_id = gateway.connection.zoho_org_id
    response = await _post(gateway, _expense_event(org_id, "4600077"))
    assert response.status_code == 202
    workflow_id = expense_workflow_id(org_id, "4600077")
    assert response.json()["workflow_id"] == workflow_id
    description = await gateway.env.client.get_workflow_handle(workflow_id).describe()
    assert description.workflow_type == "ExpenseSyncWorkflow"
    assert description.task_queue == gateway.settings.task_queue
    await gateway.env.client.get_workflow_handle(workflow_id).terminate("test over")


async def test_an_expense_event_without_an_id_or_for_another_org_is_refused(gateway: GatewayFixture) -> None:
    missing_id = await _post(gateway, _expense_event(gateway.connection.zoho_org_id, None))
    other_org = await _post(gateway, _expense_event("someone-else", "4600077"))
    assert (missing_id.status_code, other_org.status_code) == (400, 400)
    assert gateway.temporal_calls == []
