"""Zoho's wire formats: numeric ids, blank and null values, ``+0530`` offsets, amounts, unknown fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from clients.zoho import (
    ZohoBill,
    ZohoBillCreate,
    ZohoBillSummary,
    ZohoContact,
    ZohoContactPerson,
    ZohoExpenseCreate,
    format_zoho_datetime,
)

IST = timezone(timedelta(hours=5, minutes=30))


def test_bill_parses_zoho_formats() -> None:
    bill = ZohoBill.model_validate(
        {
            "bill_id": 460000000098765,
            "vendor_id": "460000000038029",
            "date": "2013-09-11",
            "due_date": "",
            "exchange_rate": 1.23,
            "total": 40.1,
            "purchaseorder_ids": [460000000068231, "460000000068233"],
            "created_time": "2013-09-11T17:18:32+0530",
            "last_modified_time": "2026-11-25T10:00:00+0000",
            "notes": None,
            "brand_new_zoho_field": {"anything": 1},
            "line_items": [{"line_item_id": "1", "rate": 10.10, "quantity": 1.5, "item_total": 15.15}],
        }
    )
    assert bill.bill_id == "460000000098765"
    assert bill.date == date(2013, 9, 11)
    assert bill.due_date is None
    assert (bill.exchange_rate, bill.total) == (Decimal("1.23"), Decimal("40.1"))
    assert bill.purchaseorder_ids == ["460000000068231", "460000000068233"]
    assert bill.created_time == datetime(2013, 9, 11, 17, 18, 32, tzinfo=IST)
    assert bill.last_modified_time == datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert bill.notes == ""
    assert bill.line_items[0].item_total == Decimal("15.15")


def test_blank_times_are_absent_and_naive_times_rejected() -> None:
    summary = ZohoBillSummary.model_validate({"bill_id": "1", "vendor_id": "2", "last_modified_time": " "})
    assert summary.last_modified_time is None
    with pytest.raises(ValidationError):
        ZohoBillSummary.model_validate({"bill_id": "1", "vendor_id": "2", "last_modified_time": "2026-11-25T10:00:00"})


def test_required_ids_stay_required() -> None:
    with pytest.raises(ValidationError):
        ZohoBill.model_validate({"bill_id": "1", "vendor_id": None})


def test_contact_email_and_phone_come_from_the_primary_person() -> None:
    persons = [
        {"first_name": "Ann", "email": "ann@vendor.example", "phone": "1"},
        {"first_name": "Bob", "email": "bob@vendor.example", "phone": "", "is_primary_contact": True},
    ]
    contact = ZohoContact.model_validate(
        {"contact_id": "1", "contact_name": "Vendor", "contact_persons": persons, "billing_address": {"phone": "9"}}
    )
    assert contact.primary_contact_person == ZohoContactPerson(
        first_name="Bob", email="bob@vendor.example", is_primary_contact=True
    )
    assert contact.email == "bob@vendor.example"
    assert contact.phone == "9"


def test_contact_without_persons_has_no_email() -> None:
    contact = ZohoContact.model_validate({"contact_id": "1", "contact_name": "Vendor", "billing_address": None})
    assert (contact.primary_contact_person, contact.email, contact.phone) == (None, "", "")


def test_create_body_keeps_amounts_exact_as_json_numbers() -> None:
    expense = ZohoExpenseCreate(
        account_id="1", date=date(2026, 11, 25), amount=Decimal("1234567.89"), paid_through_account_id="2"
    )
    assert expense.to_body() == {
        "account_id": "1",
        "date": "2026-11-25",
        "amount": 1234567.89,
        "paid_through_account_id": "2",
    }


def test_update_body_never_blanks_unset_fields() -> None:
    body = ZohoBillCreate(vendor_id="1", bill_number="B-1", notes="").to_body()
    assert body == {"vendor_id": "1", "bill_number": "B-1", "notes": ""}


def test_records_are_immutable() -> None:
    bill = ZohoBill.model_validate({"bill_id": "1", "vendor_id": "2"})
    with pytest.raises(ValidationError):
        bill.bill_id = "3"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 25, 10, 0, tzinfo=UTC), "2026-11-25T10:00:00+0000"),
        (datetime(2013, 9, 11, 17, 18, 32, tzinfo=IST), "2013-09-11T17:18:32+0530"),
        (datetime(2026, 1, 2, 3, 4, 5, 999, tzinfo=timezone(timedelta(hours=-8))), "2026-01-02T03:04:05-0800"),
    ],
)
def test_filter_times_use_zohos_format(value: datetime, expected: str) -> None:
    assert format_zoho_datetime(value) == expected
