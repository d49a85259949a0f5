"""`reconcile` on a pair synced by the real pipeline: zero drift when clean, then each injected drift exactly
once, and not a single write call to Zoho or BILL while reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from rich.console import Console

from activities.connections import ConnectionClients
from cli.demo import DemoConnection
from cli.drift import DriftReport
from cli.reconcile import DRIFT_EXIT, ReconcileOptions, reconcile, run_reconcile
from clients.bill import (
    BillBillCreate,
    BillBillReplace,
    BillBillUpdate,
    BillInvoice,
    BillLineClassifications,
    BillLineItemChange,
    BillLineItemInput,
    BillLineItemPatch,
)
from persistence.vocabulary import SyncStatus
from tests.e2e.conftest import BILL, ZOHO, Stack

pytestmark = pytest.mark.temporal

TODAY = datetime.now(UTC).date()
AUTH_PATHS = ("/oauth/v2/token", "/v3/login")


def add_bill(stack: Stack, demo: DemoConnection, number: str, *, status: str = "open") -> str:
    """A Zoho bill of the demo vendor with the company's lines; its id."""
    return stack.seeded.zoho.add_bill(
        demo.zoho_org_id,
        vendor_id=demo.zoho_vendor_id,
        bill_number=number,
        date=TODAY.isoformat(),
        due_date=(TODAY + timedelta(days=30)).isoformat(),
        currency_code=demo.company.currency,
        status=status,
        line_items=[
            {
                "account_id": demo.zoho_account_ids[line.zoho_account],
                "description": line.description,
                "quantity": float(line.quantity),
                "rate": float(line.rate),
            }
            for line in demo.company.lines
        ],
    )


class Recorder:
    """An HTTP client to the emulators that remembers every request's method and path."""

    def __init__(self, stack: Stack) -> None:
        self.calls: list[tuple[str, str]] = []
        apis = {
            ZOHO: httpx.ASGITransport(app=stack.seeded.zoho.app),
            BILL: httpx.ASGITransport(app=stack.seeded.bill.app),
        }
        self.http = httpx.AsyncClient(mounts=apis, event_hooks={"request": [self._record]})

    async def _record(self, request: httpx.Request) -> None:
        self.calls.append((request.method, request.url.path))

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.calls if m != "GET" and not p.endswith(AUTH_PATHS)]


async def _reconcile(stack: Stack, demo: DemoConnection, recorder: Recorder) -> DriftReport:
    seeded = stack.seeded
    store = seeded.store
    connection = store.connections.get(demo.connection_id)
    assert connection is not None
    clients = ConnectionClients(settings=seeded.settings, store=store, http=recorder.http)
    return await reconcile(clients, store, connection, None)


async def test_clean_pair_reports_zero_then_each_injected_drift_exactly(stack: Stack) -> None:
    seeded, uk = stack.seeded, stack.seeded.demos["UK Ltd"]
    synced = [add_bill(stack, uk, f"UK-R{n}") for n in range(5)]
    assert await stack.deliver_webhooks() == [202] * 5
    for zoho_bill in synced:
        assert (await stack.result(uk, zoho_bill)).status == "synced"
    add_bill(stack, uk, "UK-DRAFT", status="draft")  # never synced on purpose: not drift
    recorder = Recorder(stack)

    clean = await _reconcile(stack, uk, recorder)

    assert clean.drifts == []
    assert clean.counts() == dict.fromkeys(clean.counts(), 0)
    assert (clean.zoho_bills, clean.bill_bills) == (6, 5)

    connection = seeded.store.connections.get(uk.connection_id)
    assert connection is not None
    bill_client = await ConnectionClients(settings=seeded.settings, store=seeded.store, http=seeded.http).bill(
        connection
    )
    bill_ids = [seeded.store.mappings.bill_id_for(uk.connection_id, "bill", z) for z in synced]
    assert None not in bill_ids
    amount_bill, vendor_bill, account_bill, due_bill = [await bill_client.get_bill(str(b)) for b in bill_ids[:4]]
    first = amount_bill.bill_line_items[0]
    await bill_client.update_bill(
        amount_bill.id, BillBillUpdate(bill_line_items=[BillLineItemPatch(id=first.id, amount=first.amount + 1)])
    )
    other_vendor = seeded.bill.add_vendor(uk.bill_org_id, "Someone Else Ltd", billCurrency=uk.company.currency)
    assert vendor_bill.invoice is not None
    await bill_client.replace_bill(
        vendor_bill.id,
        BillBillReplace(
            vendor_id=other_vendor,
            due_date=vendor_bill.due_date or TODAY,
            invoice=vendor_bill.invoice,
            bill_line_items=[
                BillLineItemChange(id=line.id, amount=line.amount, classifications=line.classifications)
                for line in vendor_bill.bill_line_items
            ],
        ),
    )
    other_account = seeded.bill.add_account(uk.bill_org_id, "Suspense", "EXPENSE", "9999")
    line = account_bill.bill_line_items[0]
    await bill_client.update_bill(
        account_bill.id,
        BillBillUpdate(
            bill_line_items=[
                BillLineItemPatch(
                    id=line.id, classifications=BillLineClassifications(chart_of_account_id=other_account)
                )
            ]
        ),
    )
    await bill_client.update_bill(due_bill.id, BillBillUpdate(due_date=TODAY + timedelta(days=45)))
    zoho_only = add_bill(stack, uk, "UK-NOT-SYNCED")
    skipped = add_bill(stack, uk, "UK-SKIPPED")
    record = seeded.store.records.ensure(
        uk.connection_id, uk.zoho_org_id, "bill", skipped, workflow_id=None, run_id=None
    )
    seeded.store.records.mark_status(record.id, SyncStatus.SKIPPED.value, "operator: paid by card")
    bill_only = await bill_client.create_bill(
        BillBillCreate(
            vendor_id=amount_bill.vendor_id,
            due_date=TODAY,
            invoice=BillInvoice(invoice_number="TYPED-IN-BILL", invoice_date=TODAY),
            bill_line_items=[BillLineItemInput(amount=Decimal("42.00"))],
        )
    )

    drift = await _reconcile(stack, uk, recorder)

    found = {(d.kind.value, d.zoho_bill_id, d.bill_bill_id) for d in drift.drifts}
    assert found == {
        ("amount", synced[0], amount_bill.id),
        ("vendor", synced[1], vendor_bill.id),
        ("account", synced[2], account_bill.id),
        ("due_date", synced[3], due_bill.id),
        ("zoho_only", zoho_only, None),
        ("bill_only", None, bill_only.id),
    }
    assert len(drift.drifts) == 6
    assert drift.counts() == dict.fromkeys(drift.counts(), 1)
    by_kind = {d.kind.value: d for d in drift.drifts}
    assert Decimal(str(by_kind["amount"].bill_value)) == Decimal(str(by_kind["amount"].zoho_value)) + 1
    assert (by_kind["vendor"].bill_value, by_kind["due_date"].bill_value) == (
        other_vendor,
        (TODAY + timedelta(days=45)).isoformat(),
    )
    assert other_account in str(by_kind["account"].bill_value)
    assert recorder.calls, "reconcile read nothing"
    assert recorder.writes() == [], "reconcile must only read"


async def test_run_reconcile_exit_codes_and_json(stack: Stack) -> None:
    seeded, ie = stack.seeded, stack.seeded.demos["Ireland Ltd"]
    zoho_bill = add_bill(stack, ie, "IE-R1")
    assert await stack.deliver_webhooks() == [202]
    assert (await stack.result(ie, zoho_bill)).status == "synced"
    recorder = Recorder(stack)
    console = Console(record=True, width=200)

    clean = await run_reconcile(seeded.settings, ReconcileOptions(ie.company.name), console, http=recorder.http)
    assert clean == 0
    assert "1 Zoho bills, 1 BILL bills compared" in " ".join(console.export_text().split())

    add_bill(stack, ie, "IE-R2")
    drift = await run_reconcile(
        seeded.settings, ReconcileOptions(ie.connection_id, as_json=True), console, http=recorder.http
    )
    report = console.export_text()

    assert drift == DRIFT_EXIT
    assert '"zoho_only": 1' in report
    assert '"bill_only": 0' in report
    assert recorder.writes() == []
