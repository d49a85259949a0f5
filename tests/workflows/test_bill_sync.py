"""`BillSyncWorkflow` on the time-skipping test server, with stand-in activities."""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.errors import AuthRejected, NotFound, PayloadRejected, RateLimited, Unavailable
from common.models import (
    AccountMapping,
    AccountRef,
    BillSyncInput,
    BillSyncResult,
    CreatedBill,
    VendorResolution,
)
from tests.temporal_env import unique_name
from tests.workflows.factories import zoho_bill
from tests.workflows.stand_ins import StandInActivities
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal

PARAMS = BillSyncInput(connection_id="conn-1", zoho_org_id="org-1", zoho_bill_id="bill-1", trigger="webhook")


async def run_sync(env: WorkflowEnvironment, stand_ins: StandInActivities) -> BillSyncResult:
    task_queue = unique_name("bill-sync")
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        return await env.client.execute_workflow(
            BillSyncWorkflow.run,
            PARAMS,
            id=unique_name(bill_workflow_id(PARAMS.zoho_org_id, PARAMS.zoho_bill_id)),
            task_queue=task_queue,
        )


def test_workflow_id_is_the_business_key() -> None:
    assert bill_workflow_id("20099", "4600001") == "bill/20099/4600001"


async def test_happy_path_creates_the_mapped_bill(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities()
    result = await run_sync(time_skipping_env, stand_ins)

    assert result == BillSyncResult(status="synced", bill_bill_id="00n01BILL")
    assert stand_ins.names() == [
        "fetch_zoho_bill",
        "find_unchanged_sync",
        "ensure_bill_vendor",
        "map_bill_accounts",
        "create_bill_bill",
    ]
    (vendor_request,) = stand_ins.called("ensure_bill_vendor")
    assert (vendor_request.zoho_vendor_id, vendor_request.name, vendor_request.currency_code) == (
        "vendor-1",
        "Acme Supplies Ltd",
        "GBP",
    )
    (accounts_request,) = stand_ins.called("map_bill_accounts")
    assert accounts_request.accounts == (AccountRef(zoho_account_id="acc-1", name="Office Supplies"),)
    (create,) = stand_ins.called("create_bill_bill")
    assert create.zoho_bill_id == "bill-1"
    assert create.draft.vendor_id == "00901VENDOR"
    assert create.draft.invoice_number == "INV-1001"
    assert [line.chart_of_account_id for line in create.draft.lines] == ["0ca01ACCOUNT"]


async def test_adopted_bill_is_synced_with_a_reason(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(created=CreatedBill(bill_bill_id="00n02", outcome="adopted"))
    result = await run_sync(time_skipping_env, stand_ins)
    assert result == BillSyncResult(status="synced", bill_bill_id="00n02", reason="adopted")


async def test_unmapped_account_ends_in_needs_mapping(time_skipping_env: WorkflowEnvironment) -> None:
    travel = AccountRef(zoho_account_id="acc-1", name="Office Supplies")
    stand_ins = StandInActivities(accounts=AccountMapping(chart_of_account_ids={}, unmapped=(travel,)))
    result = await run_sync(time_skipping_env, stand_ins)

    assert result.status == "needs_mapping"
    assert result.reason == "no BILL chart-of-accounts entry for Zoho account(s): Office Supplies (acc-1)"
    assert "create_bill_bill" not in stand_ins.names()
    (outcome,) = stand_ins.called("record_bill_outcome")
    assert (outcome.status, outcome.reason) == ("needs_mapping", result.reason)


async def test_ambiguous_vendor_ends_in_needs_mapping(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(vendor=VendorResolution(needs_mapping="several BILL vendors are named 'Acme'"))
    result = await run_sync(time_skipping_env, stand_ins)
    assert result == BillSyncResult(status="needs_mapping", reason="several BILL vendors are named 'Acme'")
    assert stand_ins.names() == ["fetch_zoho_bill", "find_unchanged_sync", "ensure_bill_vendor", "record_bill_outcome"]


async def test_void_bill_is_skipped_without_touching_bill(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(bill=zoho_bill(status="void"))
    result = await run_sync(time_skipping_env, stand_ins)
    assert result == BillSyncResult(status="skipped", reason="void bills are not synced")
    assert stand_ins.names() == ["fetch_zoho_bill", "record_bill_outcome"]


async def test_retryable_errors_are_retried_until_success(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(
        errors={
            "fetch_zoho_bill": [RateLimited("too many requests", code="44", retry_after=timedelta(minutes=1))],
            "create_bill_bill": [Unavailable("503"), Unavailable("503")],
        }
    )
    result = await run_sync(time_skipping_env, stand_ins)
    assert result.status == "synced"
    assert len(stand_ins.called("fetch_zoho_bill")) == 2
    assert len(stand_ins.called("create_bill_bill")) == 3
    assert stand_ins.called("record_bill_outcome") == []


async def test_permanent_error_is_recorded_and_fails_the_workflow(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(errors={"create_bill_bill": [PayloadRejected("dueDate is invalid", code="BDC_1200")]})
    with pytest.raises(WorkflowFailureError) as failure:
        await run_sync(time_skipping_env, stand_ins)

    cause = failure.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.type == PayloadRejected.__name__
    assert cause.non_retryable
    assert len(stand_ins.called("create_bill_bill")) == 1, "a permanent error must not be retried"
    (outcome,) = stand_ins.called("record_bill_outcome")
    assert outcome.status == "failed"
    assert "dueDate is invalid" in outcome.reason


async def test_rejected_credentials_end_in_needs_reauth(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(errors={"fetch_zoho_bill": [AuthRejected("invalid_code", service="zoho")]})
    result = await run_sync(time_skipping_env, stand_ins)
    assert result.status == "needs_reauth"
    assert result.reason is not None
    assert "invalid_code" in result.reason
    assert stand_ins.names() == ["fetch_zoho_bill", "record_bill_outcome"]


async def test_a_bill_synced_earlier_stays_synced(time_skipping_env: WorkflowEnvironment) -> None:
    earlier = BillSyncResult(status="synced", bill_bill_id="00n01OLD", reason="already synced; now failed: gone")
    stand_ins = StandInActivities(
        errors={"fetch_zoho_bill": [NotFound("Bill does not exist.", code="1002")]}, recorded=earlier
    )
    assert await run_sync(time_skipping_env, stand_ins) == earlier
    (outcome,) = stand_ins.called("record_bill_outcome")
    assert outcome.status == "failed"
