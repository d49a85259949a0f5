"""The identity rules (pure): normalization, rule order, ambiguity and the tax id veto."""

from __future__ import annotations

import pytest

from activities.matching import VendorKeys, email_key, identify, tax_id_key, vendor_name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme Supplies Ltd.", "acme supplies"),
        ("ACME  supplies", "acme supplies"),
        ("Acme Supplies, Inc.", "acme supplies"),
        ("Smith & Sons Co. Limited", "smith and sons"),
        ("Ltd", "ltd"),  # never every word
        ("Company", "company"),
        ("Acme", "acme"),
        ("", None),
        (None, None),
    ],
)
def test_vendor_name_key(name: str | None, key: str | None) -> None:
    assert vendor_name_key(name) == key


def test_email_and_tax_id_keys() -> None:
    assert email_key("  AP@Example.COM ") == "ap@example.com"
    assert email_key("not an address") is None
    assert tax_id_key("22-aaaaa 0000a1z5") == "22AAAAA0000A1Z5"
    assert tax_id_key(" - ") is None


def _keys(record_id: str, *, tax: str | None = None, email: str | None = None, name: str | None = None) -> VendorKeys:
    return VendorKeys.of(record_id, tax_id=tax, email=email, name=name)


POOL = [
    _keys("b1", tax="111", email="a@x.test", name="Acme"),
    _keys("b2", email="a@x.test", name="Acme Ltd"),
    _keys("b3", name="Beta"),
    _keys("b4", tax="999", name="Gamma"),
]


def test_tax_id_decides_before_email_and_name() -> None:
    found = identify(_keys("z", tax="1-11", email="a@x.test", name="Acme"), POOL)
    assert (found.rule, found.linked) == ("tax_id", "b1")


def test_the_first_rule_with_candidates_decides_even_when_ambiguous() -> None:
    found = identify(_keys("z", email="A@X.test", name="Beta"), POOL)
    assert (found.rule, found.matches, found.ambiguous, found.linked) == ("email", ("b1", "b2"), True, None)


def test_a_different_known_tax_id_vetoes_email_and_name() -> None:
    assert identify(_keys("z", tax="222", email="a@x.test"), POOL).matches == ("b2",)
    assert identify(_keys("z", tax="123", name="Gamma"), POOL).rule is None


def test_no_rule_matches() -> None:
    found = identify(_keys("z", name="Delta"), POOL)
    assert (found.rule, found.matches, found.linked) == (None, (), None)
