"""Chart of accounts both ways on the emulators and the time-skipping server: converge, a second run writes
nothing, a dry run writes nothing, and the bill pipeline puts a line with an unmapped account in needs_mapping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from activities.account_sync.models import AccountSyncInput, AccountSyncResult
from activities.account_sync.plan import ZOHO_TO_BILL_TYPES
from cli.demo import DemoConnection
from common.models import BillSyncInput, BillSyncResult
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.temporal_env import unique_name
from workflows.account_sync import AccountSyncWorkflow
from workflows.bill_sync import BillSyncWorkflow

UK = "UK Ltd"


async def _sync(
    env: WorkflowEnvironment, task_queue: str, demo: DemoConnection, *, dry_run: bool = False
) -> AccountSyncResult:
    return await env.client.execute_workflow(
        AccountSyncWorkflow.run,
        AccountSyncInput(connection_id=demo.connection_id, dry_run=dry_run),
        id=unique_name("account-sync"),
        task_queue=task_queue,
    )


def _bill_writes(seeded: Seeded) -> list[str]:
    return [
        f"{r.method} {r.path}" for r in seeded.bill.request_log if r.method != "GET" and not r.path.endswith("/login")
    ]


def _active_zoho(seeded: Seeded, demo: DemoConnection) -> list[dict[str, Any]]:
    return [
        a for a in seeded.zoho.accounts(demo.zoho_org_id) if a["is_active"] and a["account_type"] in ZOHO_TO_BILL_TYPES
    ]


async def test_charts_converge_then_a_second_run_writes_nothing(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    zoho, bill = seeded.zoho, seeded.bill
    travel = zoho.add_account(demo.zoho_org_id, "Travel", "expense", account_code="6400")
    zoho.add_account(demo.zoho_org_id, "Software Subscriptions", "expense")
    fees = bill.add_account(demo.bill_org_id, "Bank Fees", "OTHER_EXPENSE", "6500")
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        first = await _sync(time_skipping_env, task_queue, demo)
        assert first.failed == ()
        assert first.created_in_bill >= 2
        assert first.created_in_zoho == 1
        assert any(r.path.endswith("/chart-of-accounts/bulk") for r in bill.request_log)  # several new: one bulk call

        by_code = {a.get("account_code"): a for a in zoho.accounts(demo.zoho_org_id)}
        assert by_code["6500"]["account_name"] == "Bank Fees"
        assert by_code["6500"]["account_type"] == "other_expense"
        mappings = seeded.store.mappings
        for account in _active_zoho(seeded, demo):
            assert mappings.bill_id_for(demo.connection_id, "account", account["account_id"]) is not None
        assert mappings.zoho_id_for(demo.connection_id, "account", fees) == by_code["6500"]["account_id"]
        travel_bill = mappings.bill_id_for(demo.connection_id, "account", travel)
        bill_travel = next(a for a in bill.accounts(demo.bill_org_id) if a["id"] == travel_bill)
        assert (bill_travel["name"], bill_travel["account"]) == ("Travel", {"type": "EXPENSE", "number": "6400"})

        zoho_count, bill_count = len(zoho.accounts(demo.zoho_org_id)), len(bill.accounts(demo.bill_org_id))
        writes_before = _bill_writes(seeded)
        second = await _sync(time_skipping_env, task_queue, demo)
    assert second.plan.writes == 0
    assert second.plan.unchanged == len(_active_zoho(seeded, demo))
    assert (second.linked, second.created_in_bill, second.created_in_zoho, second.updated_in_bill) == (0, 0, 0, 0)
    assert _bill_writes(seeded) == writes_before
    assert (len(zoho.accounts(demo.zoho_org_id)), len(bill.accounts(demo.bill_org_id))) == (zoho_count, bill_count)


async def test_dry_run_returns_the_plan_and_writes_nothing(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    seeded.zoho.add_account(demo.zoho_org_id, "Travel", "expense", account_code="6400")
    seeded.bill.add_account(demo.bill_org_id, "Bank Fees", "OTHER_EXPENSE", "6500")
    zoho_before, bill_before = seeded.zoho.accounts(demo.zoho_org_id), seeded.bill.accounts(demo.bill_org_id)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        result = await _sync(time_skipping_env, task_queue, demo, dry_run=True)
    assert result.dry_run
    assert "Travel" in {a.name for a in result.plan.create_in_bill}
    assert [a.name for a in result.plan.create_in_zoho] == ["Bank Fees"]
    assert (result.linked, result.created_in_bill, result.created_in_zoho) == (0, 0, 0)
    assert seeded.zoho.accounts(demo.zoho_org_id) == zoho_before
    assert seeded.bill.accounts(demo.bill_org_id) == bill_before
    assert _bill_writes(seeded) == []
    assert seeded.store.records.list(connection_id=demo.connection_id) == []


async def test_a_bill_line_with_an_unmapped_account_needs_mapping_until_the_chart_is_synced(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    consulting = seeded.zoho.add_account(demo.zoho_org_id, "Consulting Fees", "expense", account_code="7100")
    today = datetime.now(UTC).date()
    bill_id = seeded.zoho.add_bill(
        demo.zoho_org_id,
        vendor_id=demo.zoho_vendor_id,
        bill_number="UK-UNMAPPED-1",
        date=today,
        due_date=today + timedelta(days=30),
        currency_code=demo.company.currency,
        line_items=[{"account_id": consulting, "description": "Advice", "quantity": 1, "rate": 250.0}],
    )
    params = BillSyncInput(
        connection_id=demo.connection_id, zoho_org_id=demo.zoho_org_id, zoho_bill_id=bill_id, trigger="replay"
    )
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        waiting: BillSyncResult = await time_skipping_env.client.execute_workflow(
            BillSyncWorkflow.run, params, id=unique_name("bill"), task_queue=task_queue
        )
        assert waiting.status == "needs_mapping"
        assert consulting in (waiting.reason or "")
        assert seeded.bill_bills(demo, "UK-UNMAPPED-1") == []  # not booked to some other account

        await _sync(time_skipping_env, task_queue, demo)
        synced: BillSyncResult = await time_skipping_env.client.execute_workflow(
            BillSyncWorkflow.run, params, id=unique_name("bill"), task_queue=task_queue
        )
    assert synced.status == "synced"
    account_id = seeded.store.mappings.bill_id_for(demo.connection_id, "account", consulting)
    [created] = seeded.bill_bills(demo, "UK-UNMAPPED-1")
    assert [line["classifications"]["chartOfAccountId"] for line in created["billLineItems"]] == [account_id]
