"""Pure matching of Zoho accounts to BILL records (vendor identity: tests/vendor_sync/test_matching.py)."""

from __future__ import annotations

from activities.matching import match_account, normalize_name
from clients.bill import BillAccount, BillAccountKind


def account(id_: str, name: str, number: str | None = None, *, archived: bool = False) -> BillAccount:
    return BillAccount(id=id_, name=name, account=BillAccountKind(type="EXPENSE", number=number), archived=archived)


CHART = [
    account("0ca1", "Office supplies expense", "6100"),
    account("0ca2", "Software", "6200"),
    account("0ca3", "Travel", None),
    account("0ca4", "Old Travel", "6300", archived=True),
    account("0ca5", "Meals", "6400"),
    account("0ca6", "Meals & Entertainment", "6400"),
]


def test_normalize_name() -> None:
    assert normalize_name("  Acme   Supplies\tLTD ") == "acme supplies ltd"


def test_account_number_wins_over_name() -> None:
    match = match_account(CHART, name="Office Supplies", number="6100")
    assert match is not None
    assert match.id == "0ca1"


def test_name_is_used_when_no_number_matches() -> None:
    assert match_account(CHART, name="travel", number="9999") == CHART[2]
    assert match_account(CHART, name="Software", number=None) == CHART[1]


def test_archived_accounts_never_match() -> None:
    assert match_account(CHART, name="Old Travel", number="6300") is None


def test_duplicate_numbers_are_ambiguous() -> None:
    assert match_account(CHART, name="Meals", number="6400") is None
