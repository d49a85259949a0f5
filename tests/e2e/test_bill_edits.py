"""Zoho edits reach the BILL bill while it is editable, are reported (not forced) once BILL has locked it,
and a repeated webhook of an unchanged bill is answered from the database without a BILL call."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cli.demo import add_demo_bill
from tests.e2e.conftest import Stack
from workflows.ids import bill_workflow_id
from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS, ZOHO_BILL_ID, ZOHO_ORG_ID

pytestmark = pytest.mark.temporal


def edited_lines(stack: Stack, company: str) -> list[dict[str, object]]:
    demo = stack.seeded.demos[company]
    office = demo.zoho_account_ids["Office Supplies"]
    return [
        {"account_id": office, "description": "Toner", "quantity": 2.0, "rate": 30.0},
        {"account_id": office, "description": "Paper", "quantity": 1.0, "rate": 15.0},
    ]


async def test_an_edit_replaces_the_lines_of_the_same_bill_bill(stack: Stack) -> None:
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    assert await stack.deliver_webhooks() == [202]
    first = await stack.result(uk, zoho_bill)
    (before,) = stack.seeded.bill_bills(uk, "UK-1001")
    old_line_ids = [line["id"] for line in before["billLineItems"]]

    stack.seeded.zoho.update_bill(uk.zoho_org_id, zoho_bill, line_items=edited_lines(stack, "UK Ltd"), notes="edited")
    assert await stack.deliver_webhooks() == [202]
    second = await stack.result(uk, zoho_bill)

    assert (second.status, second.bill_bill_id, second.reason) == (
        "synced",
        first.bill_bill_id,
        "updated from a Zoho edit",
    )
    (after,) = stack.seeded.bill_bills(uk, "UK-1001")
    assert [(Decimal(str(line["amount"])), line["description"]) for line in after["billLineItems"]] == [
        (Decimal("60"), "Toner"),
        (Decimal("15"), "Paper"),
    ]
    assert [line["id"] for line in after["billLineItems"]] == old_line_ids, "lines are changed in place by position"
    assert after["description"] == "edited"
    record = stack.seeded.store.records.get(uk.zoho_org_id, "bill", zoho_bill)
    assert record is not None
    assert [e.kind for e in stack.seeded.store.audit.events(record.id)][-1] == "synced"
    assert stack.seeded.store.audit.events(record.id)[-1].detail["outcome"] == "updated"
    handle = stack.env.client.get_workflow_handle(bill_workflow_id(uk.zoho_org_id, zoho_bill))
    attributes = (await handle.describe()).typed_search_attributes
    assert (attributes.get(SYNC_STATUS), attributes.get(BILL_BILL_ID)) == ("synced", first.bill_bill_id)
    assert (attributes.get(ZOHO_ORG_ID), attributes.get(ZOHO_BILL_ID)) == (uk.zoho_org_id, zoho_bill)


async def test_an_edit_of_a_paid_bill_is_reported_not_forced(stack: Stack) -> None:
    ie = stack.seeded.demos["Ireland Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202]
    first = await stack.result(ie, zoho_bill)
    assert first.bill_bill_id is not None
    stack.seeded.bill.mark_bill_paid(ie.bill_org_id, first.bill_bill_id)
    (paid,) = stack.seeded.bill_bills(ie, "IE-2001")

    stack.seeded.zoho.update_bill(ie.zoho_org_id, zoho_bill, notes="changed after payment")
    assert await stack.deliver_webhooks() == [202]
    second = await stack.result(ie, zoho_bill)

    assert second.status == "synced"
    assert second.reason == "the BILL bill is paid, scheduled or archived; the Zoho edit was not applied"
    assert stack.seeded.bill_bills(ie, "IE-2001") == [paid], "BILL's bill is untouched"
    record = stack.seeded.store.records.get(ie.zoho_org_id, "bill", zoho_bill)
    assert record is not None
    assert stack.seeded.store.audit.events(record.id)[-1].kind == "update_refused"


async def test_a_repeated_webhook_of_an_unchanged_bill_costs_no_bill_call(stack: Stack) -> None:
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    (delivery,) = stack.seeded.zoho.outbox
    assert await stack.deliver_webhooks() == [202]
    first = await stack.result(uk, zoho_bill)

    bill_calls = len(stack.seeded.bill.request_log)
    again = await stack.gateway.post(delivery.url, content=delivery.body, headers=delivery.headers)
    assert again.status_code == 202
    second = await stack.result(uk, zoho_bill)

    assert (second.status, second.bill_bill_id, second.reason) == ("synced", first.bill_bill_id, "already synced")
    assert len(stack.seeded.bill.request_log) == bill_calls
    record = stack.seeded.store.records.get(uk.zoho_org_id, "bill", zoho_bill)
    assert record is not None
    assert stack.seeded.store.audit.events(record.id)[-1].kind == "unchanged"
