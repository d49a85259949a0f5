"""What goes over the wire: paths, ``organization_id``, ``per_page``, auth header, JSON bodies, the hook."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from clients.zoho import (
    ResponseInfo,
    ZohoAccountCreate,
    ZohoBillCreate,
    ZohoBillLineItemCreate,
    ZohoBooksClient,
    ZohoContactCreate,
    ZohoExpenseCreate,
)
from tests.clients.zoho.conftest import MakeBooks
from tests.clients.zoho.fakes import ACCESS_TOKEN, ORG_ID, Script, failure, ok, page_of

BILL = {"bill_id": "460000000098765", "vendor_id": "460000000038029", "bill_number": "00454"}
CONTACT = {"contact_id": "460000000026049", "contact_name": "Bowman and Co"}
ACCOUNT = {"account_id": "460000000038079", "account_name": "Notes Payable"}
EXPENSE = {"expense_id": "982000000030049"}
PO = {"purchaseorder_id": "460000000062001"}

Call = Callable[[ZohoBooksClient], Awaitable[object]]
NEW_BILL = ZohoBillCreate(vendor_id="460000000038029", bill_number="00454")
NEW_CONTACT = ZohoContactCreate(contact_name="Bowman and Co")
NEW_ACCOUNT = ZohoAccountCreate(account_name="Rent", account_type="expense")
NEW_EXPENSE = ZohoExpenseCreate(
    account_id="1", date=date(2026, 11, 25), amount=Decimal("12.50"), paid_through_account_id="2"
)

CALLS: list[tuple[str, Call, httpx.Response, str, str]] = [
    ("list_bills", lambda c: c.list_bills(ORG_ID), page_of("bills", [BILL], 1, more=False), "GET", "/bills"),
    ("get_bill", lambda c: c.get_bill(ORG_ID, "9"), ok(bill=BILL), "GET", "/bills/9"),
    ("create_bill", lambda c: c.create_bill(ORG_ID, NEW_BILL), ok(bill=BILL), "POST", "/bills"),
    ("update_bill", lambda c: c.update_bill(ORG_ID, "9", NEW_BILL), ok(bill=BILL), "PUT", "/bills/9"),
    (
        "list_contacts",
        lambda c: c.list_contacts(ORG_ID),
        page_of("contacts", [CONTACT], 1, more=False),
        "GET",
        "/contacts",
    ),
    ("get_contact", lambda c: c.get_contact(ORG_ID, "9"), ok(contact=CONTACT), "GET", "/contacts/9"),
    ("create_contact", lambda c: c.create_contact(ORG_ID, NEW_CONTACT), ok(contact=CONTACT), "POST", "/contacts"),
    ("update_contact", lambda c: c.update_contact(ORG_ID, "9", NEW_CONTACT), ok(contact=CONTACT), "PUT", "/contacts/9"),
    ("mark_active", lambda c: c.mark_contact_active(ORG_ID, "9"), ok(), "POST", "/contacts/9/active"),
    ("mark_inactive", lambda c: c.mark_contact_inactive(ORG_ID, "9"), ok(), "POST", "/contacts/9/inactive"),
    (
        "list_accounts",
        lambda c: c.list_accounts(ORG_ID),
        page_of("chartofaccounts", [ACCOUNT], 1, more=False),
        "GET",
        "/chartofaccounts",
    ),
    ("get_account", lambda c: c.get_account(ORG_ID, "9"), ok(**ACCOUNT), "GET", "/chartofaccounts/9"),
    (
        "create_account",
        lambda c: c.create_account(ORG_ID, NEW_ACCOUNT),
        ok(chart_of_account=ACCOUNT),
        "POST",
        "/chartofaccounts",
    ),
    (
        "list_expenses",
        lambda c: c.list_expenses(ORG_ID),
        page_of("expenses", [EXPENSE], 1, more=False),
        "GET",
        "/expenses",
    ),
    ("get_expense", lambda c: c.get_expense(ORG_ID, "9"), ok(expense=EXPENSE), "GET", "/expenses/9"),
    ("create_expense", lambda c: c.create_expense(ORG_ID, NEW_EXPENSE), ok(expense=EXPENSE), "POST", "/expenses"),
    (
        "list_purchase_orders",
        lambda c: c.list_purchase_orders(ORG_ID),
        page_of("purchaseorders", [PO], 1, more=False),
        "GET",
        "/purchaseorders",
    ),
    (
        "get_purchase_order",
        lambda c: c.get_purchase_order(ORG_ID, "9"),
        ok(purchaseorder=PO),
        "GET",
        "/purchaseorders/9",
    ),
]


@pytest.mark.parametrize(("call", "reply", "method", "path"), [c[1:] for c in CALLS], ids=[c[0] for c in CALLS])
async def test_every_call_sends_org_id_and_token(
    make_books: MakeBooks, call: Call, reply: httpx.Response, method: str, path: str
) -> None:
    script = Script(reply)
    await call(make_books(script))
    (request,) = script.requests
    assert request.method == method
    assert request.url.path == f"/books/v3{path}"
    assert request.url.params["organization_id"] == ORG_ID
    assert request.headers["authorization"] == f"Zoho-oauthtoken {ACCESS_TOKEN}"
    if method == "GET" and path.count("/") == 1:
        assert request.url.params["per_page"] == "200"
        assert request.url.params["page"] == "1"
    if method in ("POST", "PUT") and request.content:
        assert request.headers["content-type"] == "application/json"


async def test_organizations_are_listed_without_an_org_id(make_books: MakeBooks) -> None:
    script = Script(ok(organizations=[{"organization_id": 10229182, "name": "Zillium Inc", "is_default_org": True}]))
    (org,) = await make_books(script).list_organizations()
    assert org.organization_id == "10229182"
    assert org.is_default_org
    assert "organization_id" not in script.requests[0].url.params


async def test_ids_cannot_escape_their_path_segment(make_books: MakeBooks) -> None:
    script = Script(ok(bill=BILL))
    await make_books(script).get_bill(ORG_ID, "9/../../contacts?x=1")
    assert script.requests[0].url.raw_path.decode().startswith("/books/v3/bills/9%2F..%2F..%2Fcontacts%3Fx%3D1?")


async def test_bill_body_is_json_with_numbers_and_only_set_fields(make_books: MakeBooks) -> None:
    script = Script(ok(bill=BILL))
    bill = ZohoBillCreate(
        vendor_id="460000000038029",
        bill_number="00454",
        date=date(2026, 11, 25),
        due_date=date(2026, 12, 25),
        line_items=[ZohoBillLineItemCreate(account_id="460000000000403", rate=Decimal("10.10"), quantity=Decimal(3))],
    )
    await make_books(script).create_bill(ORG_ID, bill)
    assert json.loads(script.requests[0].content) == {
        "vendor_id": "460000000038029",
        "bill_number": "00454",
        "date": "2026-11-25",
        "due_date": "2026-12-25",
        "line_items": [{"account_id": "460000000000403", "rate": 10.1, "quantity": 3}],
    }


async def test_contact_defaults_to_vendor(make_books: MakeBooks) -> None:
    script = Script(ok(contact=CONTACT))
    await make_books(script).create_contact(ORG_ID, NEW_CONTACT)
    assert json.loads(script.requests[0].content) == {"contact_name": "Bowman and Co", "contact_type": "vendor"}


async def test_list_filters_are_sent_and_unset_ones_left_out(make_books: MakeBooks) -> None:
    script = Script(page_of("bills", [], 2, more=False, per_page=50))
    since = datetime.fromisoformat("2026-11-25T15:30:00+05:30")
    result = await make_books(script).list_bills(
        ORG_ID, page=2, per_page=50, last_modified_time=since, vendor_id="460000000038029", filter_by="Status.Open"
    )
    assert (result.page, result.per_page, result.has_more_page, result.items) == (2, 50, False, [])
    assert dict(script.requests[0].url.params) == {
        "organization_id": ORG_ID,
        "page": "2",
        "per_page": "50",
        "last_modified_time": "2026-11-25T15:30:00+0530",
        "vendor_id": "460000000038029",
        "filter_by": "Status.Open",
    }


@pytest.mark.parametrize(("page", "per_page"), [(0, 200), (1, 0), (1, 201)])
async def test_out_of_range_paging_is_refused_before_any_call(make_books: MakeBooks, page: int, per_page: int) -> None:
    script = Script()
    with pytest.raises(ValueError, match="per_page"):
        await make_books(script).list_bills(ORG_ID, page=page, per_page=per_page)
    assert script.requests == []


async def test_naive_watermark_is_refused(make_books: MakeBooks) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await make_books(Script()).list_bills(ORG_ID, last_modified_time=datetime(2026, 11, 25))


async def test_get_account_accepts_a_nested_record(make_books: MakeBooks) -> None:
    script = Script(ok(account={**ACCOUNT, "description": "Loans"}))
    account = await make_books(script).get_account(ORG_ID, "460000000038079")
    assert account.description == "Loans"


async def test_hook_sees_every_response_with_template_and_code(
    make_books: MakeBooks, responses: list[ResponseInfo]
) -> None:
    script = Script(failure(401, 57, "You are not authorized to perform this operation"), ok(bill=BILL))
    await make_books(script).get_bill(ORG_ID, "460000000098765")
    assert [(r.method, r.path, r.status, r.zoho_code) for r in responses] == [
        ("GET", "/bills/{bill_id}", 401, 57),
        ("GET", "/bills/{bill_id}", 200, 0),
    ]
    assert all(r.elapsed.total_seconds() >= 0 for r in responses)
