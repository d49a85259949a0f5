"""Field ownership (pure): one-sided changes win, two-sided ones follow the owner, new links fill gaps."""

from __future__ import annotations

import pytest

from activities.vendor_sync.fields import FIELDS, FieldName, VendorFields
from activities.vendor_sync.policy import Ownership, merge

ZOHO = VendorFields(name="Acme", email="z@acme.test", phone=None, tax_id="T1", currency="EUR")
BILL = VendorFields(name="ACME Inc", email="b@acme.test", phone="+1 555", tax_id="T2", currency="USD")
NOTHING: frozenset[FieldName] = frozenset()


def test_a_one_sided_change_wins_but_tax_id_and_currency_always_follow_zoho() -> None:
    plan = merge(ZOHO, BILL, zoho_changed=NOTHING, bill_changed=frozenset(FIELDS), ownership=Ownership())
    assert plan.to_zoho == {"name": "ACME Inc", "email": "b@acme.test", "phone": "+1 555"}
    assert plan.to_bill == {"tax_id": "T1", "currency": "EUR"}  # Zoho's stand: they cannot be written to Zoho
    assert plan.by_owner == {}


def test_a_tax_id_zoho_does_not_have_is_left_alone_in_bill() -> None:
    no_tax = ZOHO.model_copy(update={"tax_id": None})
    plan = merge(no_tax, BILL, zoho_changed=frozenset(FIELDS), bill_changed=NOTHING, ownership=Ownership())
    assert "tax_id" not in plan.to_bill
    assert "tax_id" not in plan.to_zoho


def test_a_two_sided_change_follows_the_owner() -> None:
    both: frozenset[FieldName] = frozenset({"name", "email"})
    plan = merge(ZOHO, BILL, zoho_changed=both, bill_changed=both, ownership=Ownership())
    # name and email changed on both sides, phone on neither (it differs): owners decide
    assert plan.by_owner == {"name": "zoho", "email": "bill", "phone": "bill"}
    assert plan.to_bill == {"name": "Acme", "tax_id": "T1", "currency": "EUR"}
    assert plan.to_zoho == {"email": "b@acme.test", "phone": "+1 555"}


def test_a_new_link_keeps_values_present_on_one_side_only() -> None:
    every = frozenset(FIELDS)
    plan = merge(ZOHO, BILL, zoho_changed=every, bill_changed=every, ownership=Ownership(), fill_gaps=True)
    assert plan.to_zoho["phone"] == "+1 555"  # Zoho had none
    blank_bill = BILL.model_copy(update={"email": None})
    plan = merge(ZOHO, blank_bill, zoho_changed=every, bill_changed=every, ownership=Ownership(), fill_gaps=True)
    assert plan.to_bill["email"] == "z@acme.test"  # BILL owns email, but had none: Zoho's is not blanked


def test_ownership_from_the_setting() -> None:
    assert Ownership.parse(["email", " phone ", "address"]).owner("address") == "bill"
    assert Ownership.parse([]).owner("email") == "zoho"
    with pytest.raises(ValueError, match="unknown vendor fields"):
        Ownership.parse(["iban"])
