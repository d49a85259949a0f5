"""Chart-of-accounts sync activities: plan from both charts and the mapping table, apply the plan.

`plan_account_sync` only reads (Zoho chart, BILL chart, mapping table), so a dry run writes nothing.
`apply_account_sync` plans again from fresh reads and applies that plan: a retry after a partial apply finds
the accounts it already created (by number, then name and type) and links them instead of creating them again.
Mappings go to the table the bill pipeline's line mapping reads (entity `account`); the Zoho side's content
hash is kept on a sync record per Zoho account (entity `account`), so an unchanged pair costs no write.
"""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.account_sync.bulk import create_accounts
from activities.account_sync.models import (
    AccountLink,
    AccountPlan,
    AccountSyncInput,
    AccountSyncResult,
    LedgerAccount,
)
from activities.account_sync.plan import BILL_TO_ZOHO_TYPES, bill_side, content_hash, plan_accounts, zoho_side
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.store import ConnectorStore
from clients.bill import BillAccountCreate, BillAccountKind, BillAccountUpdate, BillClient
from clients.zoho import ZohoAccountCreate
from common.errors import PayloadRejected
from persistence.tables import Connection

ACCOUNT = "account"
"""Entity of the mapping rows (shared with the bill pipeline) and of the sync records holding the hashes."""


class AccountSyncActivities:
    """Activities of `AccountSyncWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def plan_account_sync(self, params: AccountSyncInput) -> AccountPlan:
        """What a sync of the connection's charts would change (reads only: safe to retry, writes nothing)."""
        with raising_application_errors():
            connection = await self._clients.connection(params.connection_id)
            return await self._plan(connection, await self._clients.bill(connection))

    @activity.defn
    async def apply_account_sync(self, params: AccountSyncInput) -> AccountSyncResult:
        """Plan again from fresh reads and apply; idempotent (see the module docstring)."""
        with raising_application_errors():
            connection = await self._clients.connection(params.connection_id)
            bill = await self._clients.bill(connection)
            plan = await self._plan(connection, bill)
            failed: list[str] = []
            for link in plan.link:
                await asyncio.to_thread(self._record, connection, link)
            for update in plan.update_in_bill:
                kind = BillAccountKind(number=update.zoho.number) if update.zoho.number else None
                await bill.update_account(
                    update.bill_account_id, BillAccountUpdate(name=update.zoho.name, account=kind)
                )
                link = AccountLink(
                    zoho_account_id=update.zoho.id,
                    bill_account_id=update.bill_account_id,
                    content_hash=update.content_hash,
                    rule="mapping",
                )
                await asyncio.to_thread(self._record, connection, link)
            created_in_bill = await self._create_in_bill(connection, bill, plan.create_in_bill, failed)
            created_in_zoho = await self._create_in_zoho(connection, plan.create_in_zoho, failed)
        return AccountSyncResult(
            dry_run=False,
            plan=plan,
            linked=len(plan.link),
            created_in_bill=created_in_bill,
            created_in_zoho=created_in_zoho,
            updated_in_bill=len(plan.update_in_bill),
            failed=tuple(failed),
        )

    async def _plan(self, connection: Connection, bill: BillClient) -> AccountPlan:
        zoho = await self._clients.zoho(connection)
        zoho_accounts = [a async for a in zoho.books.iter_accounts(zoho.org_id)]
        bill_accounts = [a async for a in bill.iter_accounts()]
        usable, skipped = zoho_side(zoho_accounts)
        mapped, hashes, others = await asyncio.to_thread(
            self._known, connection, [a.account_id for a in zoho_accounts], {a.id for a in usable}
        )
        return plan_accounts(
            usable, bill_side(bill_accounts), mapped=mapped, hashes=hashes, bill_taken=others, skipped=skipped
        )

    def _known(
        self, connection: Connection, zoho_ids: list[str], usable: set[str]
    ) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
        """Mappings and recorded hashes of the usable Zoho accounts, and BILL ids mapped to the other ones."""
        mapped: dict[str, str] = {}
        hashes: dict[str, str] = {}
        others: set[str] = set()
        for zoho_id in zoho_ids:
            bill_id = self._store.mappings.bill_id_for(connection.id, ACCOUNT, zoho_id)
            if bill_id is None:
                continue
            if zoho_id not in usable:
                others.add(bill_id)
                continue
            mapped[zoho_id] = bill_id
            record = self._store.records.get(connection.zoho_org_id, ACCOUNT, zoho_id)
            if record is not None and record.content_hash is not None and record.bill_id == bill_id:
                hashes[zoho_id] = record.content_hash
        return mapped, hashes, frozenset(others)

    async def _create_in_bill(
        self, connection: Connection, bill: BillClient, wanted: tuple[LedgerAccount, ...], failed: list[str]
    ) -> int:
        bodies = [BillAccountCreate(name=a.name, account=BillAccountKind(type=a.type, number=a.number)) for a in wanted]
        outcome = await create_accounts(bill, bodies)
        failed.extend(outcome.refused)
        created = 0
        for zoho, made in zip(wanted, outcome.created, strict=True):
            if made is None:
                continue
            link = AccountLink(
                zoho_account_id=zoho.id, bill_account_id=made.id, content_hash=content_hash(zoho), rule="mapping"
            )
            await asyncio.to_thread(self._record, connection, link)
            created += 1
        return created

    async def _create_in_zoho(
        self, connection: Connection, wanted: tuple[LedgerAccount, ...], failed: list[str]
    ) -> int:
        zoho = await self._clients.zoho(connection)
        created = 0
        for bill_account in wanted:
            body = ZohoAccountCreate(
                account_name=bill_account.name,
                account_type=BILL_TO_ZOHO_TYPES[bill_account.type],
                account_code=bill_account.number,
            )
            try:
                made = await zoho.books.create_account(zoho.org_id, body)
            except PayloadRejected as exc:
                failed.append(f"Zoho refused account {bill_account.name!r} ({bill_account.id}): {exc}")
                continue
            twin = bill_account.model_copy(update={"id": made.account_id})
            link = AccountLink(
                zoho_account_id=made.account_id,
                bill_account_id=bill_account.id,
                content_hash=content_hash(twin),
                rule="mapping",
            )
            await asyncio.to_thread(self._record, connection, link)
            created += 1
        return created

    def _record(self, connection: Connection, link: AccountLink) -> None:
        """Map the pair and remember the Zoho side's hash on its sync record (with an audit event)."""
        info = activity.info()
        linked = self._store.mappings.link(connection.id, ACCOUNT, link.zoho_account_id, link.bill_account_id)
        record = self._store.records.ensure(
            connection.id,
            connection.zoho_org_id,
            ACCOUNT,
            link.zoho_account_id,
            workflow_id=info.workflow_id,
            run_id=info.workflow_run_id,
        )
        self._store.records.mark_synced(record.id, linked, link.content_hash)
        self._store.audit.append(record.id, "account_synced", {"bill_account_id": linked, "rule": link.rule})
