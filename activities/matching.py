"""Pure matching of Zoho records to existing BILL records (no I/O; unit-tested).

Vendors match on the exact name after normalization (case-folded, inner whitespace collapsed), archived
vendors excluded; two or more candidates are ambiguous and go to a human. Chart-of-accounts entries match
on the account number (Zoho `account_code` = BILL `account.number`) first, then on the normalized name;
anything but exactly one candidate stays unmapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from clients.bill import BillAccount, BillVendor


def normalize_name(name: str) -> str:
    """The comparison form of a display name."""
    return " ".join(name.casefold().split())


def vendors_named(vendors: Iterable[BillVendor], name: str) -> list[BillVendor]:
    """Active BILL vendors whose name equals `name` (normalized)."""
    wanted = normalize_name(name)
    return [v for v in vendors if not v.archived and v.name is not None and normalize_name(v.name) == wanted]


def match_account(accounts: Sequence[BillAccount], *, name: str, number: str | None) -> BillAccount | None:
    """The one active BILL account with this number, else the one with this name; None when not unique."""
    active = [a for a in accounts if not a.archived]
    if number and number.strip():
        by_number = [a for a in active if a.account is not None and a.account.number == number.strip()]
        if len(by_number) == 1:
            return by_number[0]
        if by_number:
            return None
    wanted = normalize_name(name)
    by_name = [a for a in active if a.name is not None and normalize_name(a.name) == wanted]
    return by_name[0] if len(by_name) == 1 else None
