"""BILL request bodies from workflow DTOs, as they go on the wire."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from activities.bill_payloads import bill_create, content_hash, vendor_create
from common.models import BillDraft, BillLineDraft, VendorRequest

DRAFT = BillDraft(
    vendor_id="00901",
    invoice_number="UK-1001",
    invoice_date=date(2026, 11, 20),
    due_date=date(2026, 12, 20),
    description="memo",
    purchase_order_number="PO-7",
    lines=(
        BillLineDraft(
            amount=Decimal("45.00"),
            description="Paper",
            chart_of_account_id="0ca1",
            quantity=Decimal(10),
            price=Decimal("4.50"),
        ),
        BillLineDraft(amount=Decimal("18.00"), description="Toner", chart_of_account_id="0ca2"),
    ),
)


def test_bill_body_uses_bill_field_names_and_json_numbers() -> None:
    assert bill_create(DRAFT).to_wire() == {
        "vendorId": "00901",
        "dueDate": "2026-12-20",
        "invoice": {"invoiceNumber": "UK-1001", "invoiceDate": "2026-11-20"},
        "description": "memo",
        "purchaseOrderNumber": "PO-7",
        "billLineItems": [
            {
                "amount": 45.0,
                "description": "Paper",
                "quantity": 10.0,
                "price": 4.5,
                "classifications": {"chartOfAccountId": "0ca1"},
            },
            {"amount": 18.0, "description": "Toner", "classifications": {"chartOfAccountId": "0ca2"}},
        ],
    }


def test_vendor_body() -> None:
    request = VendorRequest(connection_id="c", zoho_vendor_id="z", name="Acme Supplies Ltd", currency_code="GBP")
    assert vendor_create(request).to_wire() == {
        "name": "Acme Supplies Ltd",
        "accountType": "BUSINESS",
        "billCurrency": "GBP",
    }


def test_content_hash_changes_with_content() -> None:
    assert content_hash(DRAFT) == content_hash(DRAFT.model_copy())
    assert content_hash(DRAFT) != content_hash(DRAFT.model_copy(update={"description": "other"}))
