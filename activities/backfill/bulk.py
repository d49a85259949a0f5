"""Backfill activity: create a batch of fresh bills in BILL with bulk calls, exactly once (docs/backfill.md).

For each bill the batch can draft (`activities.backfill.plan`):

1. claim its keyed workflow id (`BillClaims`): a webhook arriving from now on only signals the claim;
2. claim its sync record with the bill pipeline's own guard: `ensure` + `mark_creating` (a record that
   exists already, or a marker set by someone else, hands the bill to its keyed workflow instead);
3. for claims an earlier attempt of this activity left (`held`), look the bill up by vendor + invoice number
   first and adopt it when BILL has it;
4. create the rest with `POST /v3/bills/bulk` (≤ 100), split in halves on a rejection;
5. link each created bill, mark its record `synced`, audit it, and release the claim with the BILL id.

A bill rejected on its own is released without an id: its keyed workflow tries it alone (looking it up
first) and records the failure. Other failures fail the activity; its retry finds its own claims `held`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from temporalio import activity

from activities.backfill.bisect import create_all_or_split
from activities.backfill.claims import BillClaims
from activities.backfill.models import BackfillCounts, BillBatchRequest
from activities.backfill.plan import BatchPlan, plan_batch, within_budget
from activities.bill import CLOCK_SKEW, BillActivities
from activities.bill_payloads import bill_create, content_hash
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.store import ConnectorStore
from clients.bill import BillBill, BillClient
from common.models import BillDraft, BillSyncInput
from workflows.ids import bill_workflow_id

BILL_ENTITY = "bill"
BULK_LIMIT = 100


@dataclass(frozen=True)
class Claimed:
    """A bill this attempt holds, ready to be looked up (`lookup`) or created."""

    params: BillSyncInput
    record_id: str
    draft: BillDraft
    lookup: bool


class BackfillBulkActivities:
    """The bulk-create step of `BackfillWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore, bill: BillActivities) -> None:
        self._clients = clients
        self._store = store
        self._bill = bill

    @activity.defn
    async def create_bill_batch(self, request: BillBatchRequest) -> BackfillCounts:
        """Create the batch's bills in bulk (see the module docstring); counts what happened to each."""
        if len(request.zoho_bill_ids) > BULK_LIMIT:
            raise ValueError(f"a batch holds at most {BULK_LIMIT} bills")
        info = activity.info()
        claims = BillClaims(
            activity.client(),
            task_queue=info.task_queue,
            owner=f"{info.workflow_id}/{info.workflow_run_id}/{info.activity_id}",
        )
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            zoho = await self._clients.zoho(connection)
            plan = await plan_batch(zoho, self._bill, connection.id, request.zoho_bill_ids)
            bills = {bill_id: self._params(request, bill_id) for bill_id in request.zoho_bill_ids}
            await asyncio.gather(*(claims.hand_over(bills[bill_id]) for bill_id in plan.left_out))
            outcomes = await asyncio.gather(*(claims.claim(bills[bill_id]) for bill_id in plan.drafts))
            held: list[Claimed] = []
            handed_over = len(plan.left_out) + outcomes.count("handed_over")
            for bill_id, outcome in zip(plan.drafts, outcomes, strict=True):
                activity.heartbeat()
                if outcome == "handed_over":
                    continue
                claimed = await asyncio.to_thread(self._claim_record, bills[bill_id], plan, outcome, info.attempt)
                if claimed is None:
                    await claims.release(bills[bill_id], None)
                    handed_over += 1
                else:
                    held.append(claimed)
            client = await self._clients.bill(connection)
            adopted, to_create = await self._adopt(client, claims, held)
            created, rejected = await self._create(client, claims, to_create)
        return BackfillCounts(
            created=created,
            adopted=adopted,
            failed=rejected,
            needs_mapping=len(plan.needs_mapping),
            skipped=len(plan.skipped),
            handed_off=handed_over + rejected,
        )

    def _params(self, request: BillBatchRequest, zoho_bill_id: str) -> BillSyncInput:
        return BillSyncInput(
            connection_id=request.connection_id,
            zoho_org_id=request.zoho_org_id,
            zoho_bill_id=zoho_bill_id,
            trigger="backfill",
        )

    def _claim_record(self, params: BillSyncInput, plan: BatchPlan, outcome: str, attempt: int) -> Claimed | None:
        """Claim the sync record under our keyed id; None when it must go to the keyed workflow instead."""
        records = self._store.records
        if outcome == "claimed" and records.get(params.zoho_org_id, BILL_ENTITY, params.zoho_bill_id) is not None:
            return None  # a run created the record after the listing: it owns the bill
        record = records.ensure(
            params.connection_id,
            params.zoho_org_id,
            BILL_ENTITY,
            params.zoho_bill_id,
            workflow_id=bill_workflow_id(params.zoho_org_id, params.zoho_bill_id),
            run_id=None,
        )
        if record.bill_id is not None:
            return None
        version = plan.versions[params.zoho_bill_id]
        if version is not None:
            records.note_zoho_version(record.id, version)
        earlier = records.mark_creating(record.id)
        if earlier and outcome == "claimed":
            return None
        self._store.audit.append(record.id, "creating", {"attempt": attempt, "via": "backfill bulk"})
        return Claimed(params, record.id, plan.drafts[params.zoho_bill_id], lookup=earlier)

    async def _adopt(self, client: BillClient, claims: BillClaims, held: list[Claimed]) -> tuple[int, list[Claimed]]:
        """Link bills an earlier attempt created (found by vendor + invoice number); the rest still need creating."""
        adopted, rest = 0, []
        for claimed in held:
            if not claimed.lookup:
                rest.append(claimed)
                continue
            record = await asyncio.to_thread(self._store.records.get_by_id, claimed.record_id)
            started = record.creating_started_at if record is not None else None
            found = await within_budget(partial(_lookup, client, claimed.draft, started))
            if found is None or found.archived:
                rest.append(claimed)
                continue
            await asyncio.to_thread(self._link, claimed, found.id, "adopted")
            await claims.release(claimed.params, found.id)
            adopted += 1
        return adopted, rest

    async def _create(self, client: BillClient, claims: BillClaims, batch: list[Claimed]) -> tuple[int, int]:
        """Bulk-create `batch`; link and release each created bill, release the rejected ones without an id."""
        made = await create_all_or_split(
            lambda items: within_budget(partial(_create_bulk, client, items)),
            batch,
        )
        created = rejected = 0
        for claimed, bill in zip(batch, made, strict=True):
            if bill is None:
                rejected += 1
                await claims.release(claimed.params, None)
                continue
            await asyncio.to_thread(self._link, claimed, bill.id, "created")
            created += 1
        await asyncio.gather(
            *(claims.release(c.params, b.id) for c, b in zip(batch, made, strict=True) if b is not None)
        )
        return created, rejected

    def _link(self, claimed: Claimed, bill_bill_id: str, outcome: str) -> None:
        """Mapping first, then the record (the mapping alone already stops a second create)."""
        self._store.mappings.link(claimed.params.connection_id, BILL_ENTITY, claimed.params.zoho_bill_id, bill_bill_id)
        self._store.records.mark_synced(claimed.record_id, bill_bill_id, content_hash(claimed.draft))
        detail = {"bill_bill_id": bill_bill_id, "outcome": outcome, "via": "backfill bulk"}
        self._store.audit.append(claimed.record_id, "synced", detail)


async def _lookup(client: BillClient, draft: BillDraft, creating_since: datetime | None) -> BillBill | None:
    """The pipeline's lookup-before-create: the vendor's newest bill with this invoice number since our marker."""
    since = creating_since - CLOCK_SKEW if creating_since is not None else None
    return await client.find_bill_by_invoice(
        vendor_id=draft.vendor_id, invoice_number=draft.invoice_number, created_since=since
    )


async def _create_bulk(client: BillClient, batch: Sequence[Claimed]) -> list[BillBill]:
    """One `POST /v3/bills/bulk` of the batch's drafts (a heartbeat first: a split batch makes several)."""
    activity.heartbeat()
    return await client.create_bills_bulk([bill_create(claimed.draft) for claimed in batch])
