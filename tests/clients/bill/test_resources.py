"""Vendors, bills and accounts: wire format, paging, lookup before create, bulk limits."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from clients.bill import (
    BillAccountCreate,
    BillAccountKind,
    BillAccountUpdate,
    BillBillCreate,
    BillBillReplace,
    BillBillUpdate,
    BillClient,
    BillFilter,
    BillInvoice,
    BillLineClassifications,
    BillLineItemChange,
    BillLineItemInput,
    BillLineItemPatch,
    BillVendorCreate,
    BillVendorUpdate,
)
from common.errors import Unavailable
from tests.clients.bill.fake_bill import FakeBill, bill_json, page_json, paged, vendor_json

BILLS = "/connect/v3/bills"
VENDORS = "/connect/v3/vendors"


def _bill_create(invoice_number: str = "INV-7") -> BillBillCreate:
    return BillBillCreate(
        vendor_id="00901VENDOR0001",
        due_date=date(2026, 12, 31),
        invoice=BillInvoice(invoice_number=invoice_number, invoice_date=date(2026, 11, 20)),
        bill_line_items=[
            BillLineItemInput(
                amount=Decimal("149.99"),
                description="USB audio interface",
                classifications=BillLineClassifications(chart_of_account_id="0ca01GL6000"),
            )
        ],
        purchase_order_number="PO-12",
    )


async def test_iter_vendors_follows_next_page(fake: FakeBill) -> None:
    fake.route(
        "GET",
        VENDORS,
        paged({None: page_json([vendor_json("v1")], "p2"), "p2": page_json([vendor_json("v2")], "")}),
    )
    client = fake.client()
    since = datetime(2026, 11, 1, tzinfo=UTC)
    ids = [v.id async for v in client.iter_vendors(filters=[BillFilter(field="updatedTime", op="gt", value=since)])]
    assert ids == ["v1", "v2"]
    first, second = fake.sent("GET", VENDORS)
    assert first.url.params["filters"] == 'updatedTime:gt:"2026-11-01T00:00:00.000Z"'
    assert first.url.params["max"] == "100"
    assert "page" not in first.url.params
    assert second.url.params["page"] == "p2"


async def test_repeated_page_token_stops_with_unavailable(fake: FakeBill) -> None:
    fake.route("GET", VENDORS, paged({None: page_json([], "p2"), "p2": page_json([vendor_json()], "p2")}))
    with pytest.raises(Unavailable, match="page token"):
        [v async for v in fake.client().iter_vendors()]


async def test_vendor_read_model_keeps_tax_id_secret_and_drops_bank_details(fake: FakeBill) -> None:
    fake.route("GET", f"{VENDORS}/00901VENDOR0001", vendor_json())
    vendor = await fake.client().get_vendor("00901VENDOR0001")
    assert vendor.additional_info is not None
    assert vendor.additional_info.tax_id is not None
    assert vendor.additional_info.tax_id.get_secret_value() == "12-3456789"
    assert "12-3456789" not in repr(vendor)
    assert "111222333" not in repr(vendor)
    assert vendor.address is not None
    assert vendor.address.zip_or_postal_code == "95002"


async def test_find_bill_by_invoice_matches_on_a_later_page_and_stops(fake: FakeBill) -> None:
    fake.route(
        "GET",
        BILLS,
        paged(
            {
                None: page_json([bill_json("b1", "INV-9"), bill_json("b2", "INV-8")], "p2"),
                "p2": page_json([bill_json("b3", " INV-7 ")], "p3"),
                "p3": page_json([bill_json("b4", "INV-7")]),
            }
        ),
    )
    since = datetime(2026, 11, 20, 11, 59, tzinfo=UTC)
    found = await fake.client().find_bill_by_invoice(
        vendor_id="00901VENDOR0001", invoice_number="INV-7", created_since=since
    )
    assert found is not None
    assert found.id == "b3"
    requests = fake.sent("GET", BILLS)
    assert [r.url.params.get("page") for r in requests] == [None, "p2"]
    assert requests[0].url.params["filters"] == (
        'vendorId:eq:"00901VENDOR0001",createdTime:gte:"2026-11-20T11:59:00.000Z"'
    )
    assert requests[0].url.params["sort"] == "createdTime:desc"
    assert all("invoice" not in r.url.params["filters"] for r in requests)


async def test_find_bill_by_invoice_returns_none_after_the_last_page(fake: FakeBill) -> None:
    fake.route("GET", BILLS, paged({None: page_json([bill_json("b1", "INV-9")], "p2"), "p2": page_json([])}))
    assert await fake.client().find_bill_by_invoice(vendor_id="00901VENDOR0001", invoice_number="INV-7") is None
    assert fake.sent("GET", BILLS)[0].url.params["filters"] == 'vendorId:eq:"00901VENDOR0001"'


async def test_create_bill_sends_bill_field_names_and_json_numbers(fake: FakeBill) -> None:
    fake.route("POST", BILLS, lambda _request: httpx.Response(201, json=bill_json("b9", "INV-7")))
    created = await fake.client().create_bill(_bill_create())
    assert created.id == "b9"
    assert created.amount == Decimal("228.99")
    (request,) = fake.sent("POST", BILLS)
    assert json.loads(request.content) == {
        "vendorId": "00901VENDOR0001",
        "dueDate": "2026-12-31",
        "invoice": {"invoiceNumber": "INV-7", "invoiceDate": "2026-11-20"},
        "billLineItems": [
            {
                "amount": 149.99,
                "description": "USB audio interface",
                "classifications": {"chartOfAccountId": "0ca01GL6000"},
            }
        ],
        "purchaseOrderNumber": "PO-12",
    }


async def test_update_bill_patches_only_set_fields_and_replace_puts(fake: FakeBill) -> None:
    path = f"{BILLS}/b%2F1"
    fake.route("PATCH", "/connect/v3/bills/b/1", bill_json("b/1"))
    fake.route("PUT", "/connect/v3/bills/b/1", bill_json("b/1"))
    client = fake.client()
    await client.update_bill(
        "b/1", BillBillUpdate(bill_line_items=[BillLineItemPatch(id="line-1", amount=Decimal(179))])
    )
    replace = BillBillReplace(
        vendor_id="00901VENDOR0001",
        due_date=date(2026, 12, 31),
        invoice=BillInvoice(invoice_number="INV-7", invoice_date=date(2026, 11, 20)),
        bill_line_items=[
            BillLineItemChange(id="line-2", amount=Decimal("79.99")),
            BillLineItemChange(amount=Decimal(5)),
        ],
    )
    await client.replace_bill("b/1", replace)
    patch, put = (r for r in fake.requests if r.method in ("PATCH", "PUT"))
    assert patch.url.raw_path.decode() == path
    assert json.loads(patch.content) == {"billLineItems": [{"id": "line-1", "amount": 179.0}]}
    assert json.loads(put.content)["billLineItems"] == [{"amount": 79.99, "id": "line-2"}, {"amount": 5.0}]


async def test_create_vendor_and_update_vendor(fake: FakeBill) -> None:
    fake.route("POST", VENDORS, lambda _request: httpx.Response(201, json=vendor_json("v9")))
    fake.route("PATCH", f"{VENDORS}/v9", vendor_json("v9", email="ap@happy.example"))
    client = fake.client()
    await client.create_vendor(
        BillVendorCreate(name="Happy Music Supplies", account_type="BUSINESS", bill_currency="USD")
    )
    updated = await client.update_vendor("v9", BillVendorUpdate(email="ap@happy.example"))
    assert updated.email == "ap@happy.example"
    create, patch = (r for r in fake.requests if r.method in ("POST", "PATCH") and "vendors" in r.url.path)
    assert json.loads(create.content) == {
        "name": "Happy Music Supplies",
        "accountType": "BUSINESS",
        "billCurrency": "USD",
    }
    assert json.loads(patch.content) == {"email": "ap@happy.example"}


async def test_archive_and_restore_vendor_and_archive_bill(fake: FakeBill) -> None:
    fake.route("POST", f"{VENDORS}/v1/archive", vendor_json("v1", archived=True))
    fake.route("POST", f"{VENDORS}/v1/restore", vendor_json("v1"))
    fake.route("POST", f"{BILLS}/b1/archive", bill_json("b1", archived=True))
    client = fake.client()
    assert (await client.archive_vendor("v1")).archived
    assert not (await client.restore_vendor("v1")).archived
    assert (await client.archive_bill("b1")).archived


async def test_bulk_creates_parse_their_envelopes(fake: FakeBill) -> None:
    fake.route("POST", f"{VENDORS}/bulk", {"vendors": [vendor_json("v1"), vendor_json("v2")]})
    fake.route("POST", f"{BILLS}/bulk", [bill_json("b1"), bill_json("b2")])
    accounts = [{"id": "a1", "name": "Prepaid", "account": {"type": "EXPENSE", "number": "1-020"}}]
    fake.route("POST", "/connect/v3/classifications/chart-of-accounts/bulk", {"chartOfAccounts": accounts})
    client = fake.client()
    vendors = await client.create_vendors_bulk([BillVendorCreate(name="A"), BillVendorCreate(name="B")])
    bills = await client.create_bills_bulk([_bill_create("1"), _bill_create("2")])
    created = await client.create_accounts_bulk([BillAccountCreate(name="Prepaid")])
    assert [v.id for v in vendors] == ["v1", "v2"]
    assert [b.id for b in bills] == ["b1", "b2"]
    assert created[0].account is not None
    assert created[0].account.type == "EXPENSE"
    assert len(json.loads(fake.sent("POST", f"{BILLS}/bulk")[0].content)) == 2


BULK_CREATES: dict[str, Callable[[BillClient, int], Awaitable[object]]] = {
    "vendors": lambda client, n: client.create_vendors_bulk([BillVendorCreate(name=f"V{i}") for i in range(n)]),
    "bills": lambda client, n: client.create_bills_bulk([_bill_create(str(i)) for i in range(n)]),
    "accounts": lambda client, n: client.create_accounts_bulk([BillAccountCreate(name=f"A{i}") for i in range(n)]),
}


@pytest.mark.parametrize(
    ("kind", "count"), [("vendors", 0), ("vendors", 21), ("bills", 0), ("bills", 101), ("accounts", 51)]
)
async def test_bulk_limits_are_checked_before_any_request(fake: FakeBill, kind: str, count: int) -> None:
    create = BULK_CREATES[kind]
    client = fake.client()
    with pytest.raises(ValueError, match="bulk"):
        await create(client, count)
    assert fake.requests == []


async def test_accounts_list_create_update(fake: FakeBill) -> None:
    path = "/connect/v3/classifications/chart-of-accounts"
    account = {"id": "a1", "name": "Prepaid", "archived": False, "account": {"type": "EXPENSE", "number": "1-020"}}
    fake.route("GET", path, page_json([account]))
    fake.route("POST", path, lambda _request: httpx.Response(201, json=account))
    fake.route("PATCH", f"{path}/a1", account | {"description": "Q4"})
    client = fake.client()
    assert [a.id async for a in client.iter_accounts()] == ["a1"]
    new = BillAccountCreate(name="Prepaid", account=BillAccountKind(type="EXPENSE", number="1-020"))
    await client.create_account(new)
    assert (await client.update_account("a1", BillAccountUpdate(description="Q4"))).description == "Q4"
    assert json.loads(fake.sent("POST", path)[0].content) == {
        "name": "Prepaid",
        "account": {"type": "EXPENSE", "number": "1-020"},
    }
