"""A Zoho bill webhook becomes exactly one BILL bill, in the right BILL org, with the right vendor, lines and
accounts — for two Zoho orgs in two data centres, under duplicate webhooks and a crash after BILL committed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from decimal import Decimal

import httpx
import pytest
from temporalio.worker import Replayer

from cli.demo import add_demo_bill
from common.models import BillPollSweepInput
from emulators.faults import Fault, FaultKind
from persistence.vocabulary import SyncStatus
from tests.e2e.conftest import Stack
from tests.fault.invariants import connection_secrets, with_decoded_payloads
from worker.converter import DATA_CONVERTER
from worker.registry import WORKFLOWS
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


async def test_each_org_gets_exactly_its_bill(stack: Stack) -> None:
    uk, ie = stack.seeded.demos["UK Ltd"], stack.seeded.demos["Ireland Ltd"]
    uk_bill, ie_bill = add_demo_bill(stack.seeded.zoho, uk), add_demo_bill(stack.seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202, 202]

    uk_result, ie_result = await stack.result(uk, uk_bill), await stack.result(ie, ie_bill)
    assert (uk_result.status, ie_result.status) == ("synced", "synced")

    (created,) = stack.seeded.bill_bills(uk, "UK-1001")
    assert created["id"] == uk_result.bill_bill_id
    vendors = {v["id"]: v for v in stack.seeded.bill.vendors(uk.bill_org_id)}
    assert vendors[created["vendorId"]]["name"] == "Acme Supplies Ltd"
    assert len(vendors) == 1, "the existing BILL vendor is matched by name, not duplicated"
    accounts = {a["id"]: a["name"] for a in stack.seeded.bill.accounts(uk.bill_org_id)}
    lines = [
        (Decimal(str(line["amount"])), accounts[line["classifications"]["chartOfAccountId"]])
        for line in created["billLineItems"]
    ]
    assert lines == [(Decimal("45"), "Office supplies expense"), (Decimal("120"), "Software subscriptions")]
    assert created["purchaseOrderNumber"] == "PO-UK-77"
    assert created["description"] == "Demo bill from UK Ltd"

    (ie_created,) = stack.seeded.bill_bills(ie, "IE-2001")
    ie_vendors = {v["id"]: v["name"] for v in stack.seeded.bill.vendors(ie.bill_org_id)}
    assert ie_vendors[ie_created["vendorId"]] == "Dublin Office Services"  # created in BILL by the sync
    assert stack.seeded.bill_bills(ie, "UK-1001") == []
    assert stack.seeded.bill_bills(uk, "IE-2001") == []

    record = stack.seeded.store.records.get(uk.zoho_org_id, "bill", uk_bill)
    assert record is not None
    assert (record.status, record.bill_id) == (SyncStatus.SYNCED, uk_result.bill_bill_id)
    assert stack.seeded.store.mappings.bill_id_for(uk.connection_id, "bill", uk_bill) == uk_result.bill_bill_id


async def test_duplicate_webhooks_leave_one_bill(stack: Stack) -> None:
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    (delivery,) = stack.seeded.zoho.outbox

    def redeliver() -> Awaitable[httpx.Response]:
        return stack.gateway.post(delivery.url, content=delivery.body, headers=delivery.headers)

    flushed, *copies = await asyncio.gather(stack.deliver_webhooks(), redeliver(), redeliver(), redeliver())
    assert flushed == [202]
    assert [copy.status_code for copy in copies] == [202, 202, 202]
    first = await stack.result(uk, zoho_bill)

    late = await redeliver()
    assert late.status_code == 202  # after completion: a new run that finds the mapping
    second = await stack.result(uk, zoho_bill)

    assert first.status == second.status == "synced"
    assert second.bill_bill_id == first.bill_bill_id
    assert second.reason == "already synced"
    assert len(stack.seeded.bill_bills(uk, "UK-1001")) == 1


async def test_crash_after_bill_committed_adopts_instead_of_duplicating(stack: Stack) -> None:
    ie = stack.seeded.demos["Ireland Ltd"]
    dropped = stack.seeded.bill.faults.add(
        Fault(kind=FaultKind.DROP_AFTER_COMMIT, method="POST", path=r"^/connect/v3/bills$")
    )
    zoho_bill = add_demo_bill(stack.seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202]

    result = await stack.result(ie, zoho_bill)
    assert dropped.hits == 1, "the create committed in BILL but its response was lost"
    assert result.status == "synced"
    assert result.reason == "adopted"
    (only,) = stack.seeded.bill_bills(ie, "IE-2001")
    assert only["id"] == result.bill_bill_id
    record = stack.seeded.store.records.get(ie.zoho_org_id, "bill", zoho_bill)
    assert record is not None
    assert record.status == SyncStatus.SYNCED
    events = [event.kind for event in stack.seeded.store.audit.events(record.id)]
    assert events == ["fetched", "vendor_created", "accounts_mapped", "creating", "synced"]

    handle = stack.env.client.get_workflow_handle(bill_workflow_id(ie.zoho_org_id, zoho_bill))
    history = await handle.fetch_history()
    await Replayer(workflows=list(WORKFLOWS), data_converter=DATA_CONVERTER).replay_workflow(history)


async def test_secrets_stay_out_of_history_and_logs(stack: Stack, caplog: pytest.LogCaptureFixture) -> None:
    """Every workflow kind and path: a webhook sync, an edit (update), a sweep that syncs a lost bill."""
    caplog.set_level(logging.DEBUG)
    seeded = stack.seeded
    uk = seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(seeded.zoho, uk)
    assert await stack.deliver_webhooks() == [202]
    assert (await stack.result(uk, zoho_bill)).status == "synced"
    client = stack.env.client
    bill_id = bill_workflow_id(uk.zoho_org_id, zoho_bill)
    runs: list[tuple[str, str | None]] = [(bill_id, (await client.get_workflow_handle(bill_id).describe()).run_id)]

    seeded.zoho.clock.advance(1)  # Zoho stamps versions to the second
    seeded.zoho.update_bill(uk.zoho_org_id, zoho_bill, notes="edited")
    assert await stack.deliver_webhooks() == [202]
    assert (await stack.result(uk, zoho_bill)).reason == "updated from a Zoho edit"
    runs.append((bill_id, (await client.get_workflow_handle(bill_id).describe()).run_id))

    lost = seeded.zoho.add_bill(
        uk.zoho_org_id,
        vendor_id=uk.zoho_vendor_id,
        bill_number="UK-LOST",
        date="2026-11-20",
        due_date="2026-12-20",
        line_items=[{"account_id": uk.zoho_account_ids["Software"], "quantity": 1, "rate": 20.0}],
    )
    seeded.zoho.outbox.clear()
    sweep_id = f"bill-poll/{uk.connection_id}/secrets-test"
    await client.execute_workflow(
        BillPollSweepWorkflow.run,
        BillPollSweepInput(connection_id=uk.connection_id),
        id=sweep_id,
        task_queue=seeded.settings.task_queue,
    )
    assert (await stack.result(uk, lost)).status == "synced"
    runs += [(sweep_id, None), (bill_workflow_id(uk.zoho_org_id, lost), None)]

    secrets = connection_secrets(seeded.store, seeded.settings, uk.connection_id)
    assert len(secrets) == 5
    histories = [(await client.get_workflow_handle(wid, run_id=run).fetch_history()).to_json() for wid, run in runs]
    history = "\n".join(with_decoded_payloads(text) for text in histories)
    assert "UK-LOST" in history, "the scan covers the sweep's bill, payloads decoded"
    assert "updated from a Zoho edit" in history, "the scan covers the edit's run"
    logs = "\n".join(record.getMessage() for record in caplog.records)
    for secret in secrets:
        assert secret not in history
        assert secret not in logs


@pytest.mark.fault
async def test_rate_limits_and_error_pages_are_retried_to_one_bill(stack: Stack) -> None:
    seeded = stack.seeded
    ie = seeded.demos["Ireland Ltd"]
    throttled = seeded.zoho.faults.add(
        Fault(kind=FaultKind.RATE_LIMIT, method="GET", path=r"/api/books/v3/bills/\d+$", retry_after=1)
    )
    html = seeded.bill.faults.add(Fault(kind=FaultKind.HTML_ERROR, method="POST", path=r"^/connect/v3/bills$"))
    zoho_bill = add_demo_bill(seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202]

    result = await stack.result(ie, zoho_bill)
    assert (throttled.hits, html.hits) == (1, 1)
    assert result.status == "synced"
    assert result.reason is None, "the error page came before BILL committed: a plain create"
    assert len(seeded.bill_bills(ie, "IE-2001")) == 1
