"""Pure matching of Zoho records to existing BILL records (no I/O; unit-tested).

Vendor identity (vendor sync and the bill pipeline) is decided by `identify`: an existing mapping first (the
caller), then tax id, then email, then normalized name (`vendor_name_key`). The first rule that finds any
candidate decides; more than one candidate is ambiguous and is never linked automatically (docs/vendor-sync.md).
Chart-of-accounts entries match on the account number (Zoho `account_code` = BILL `account.number`) first, then
on the normalized name (`normalize_name`: case-folded, whitespace collapsed); anything but exactly one candidate
stays unmapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from clients.bill import BillAccount


def normalize_name(name: str) -> str:
    """The comparison form of a display name."""
    return " ".join(name.casefold().split())


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


LEGAL_SUFFIXES = frozenset(
    [
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "sas",
        "bv",
        "nv",
        "pty",
        "pvt",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
        "aps",
        "kk",
    ]
)
"""Trailing legal-form words dropped from vendor names before comparison ("Acme Ltd." = "ACME")."""


def vendor_name_key(name: str | None) -> str | None:
    """Comparison key of a vendor name: case-folded, `&` -> `and`, punctuation removed, whitespace collapsed,
    trailing legal suffixes dropped (never all words). None for an empty name."""
    if not name:
        return None
    text = name.casefold().replace("&", " and ")
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words) or None


def email_key(email: str | None) -> str | None:
    """Comparison key of an email: trimmed and case-folded; None when empty or not an address."""
    key = (email or "").strip().casefold()
    return key if "@" in key else None


def tax_id_key(tax_id: str | None) -> str | None:
    """Comparison key of a tax id: letters and digits only, upper case ("12-345 678" = "12345678")."""
    key = "".join(ch for ch in (tax_id or "") if ch.isalnum()).upper()
    return key or None


@dataclass(frozen=True)
class VendorKeys:
    """The identity keys of one vendor record (either side)."""

    record_id: str
    tax_id: str | None = None
    email: str | None = None
    name: str | None = None

    @classmethod
    def of(cls, record_id: str, *, tax_id: str | None, email: str | None, name: str | None) -> VendorKeys:
        """Keys from raw field values."""
        return cls(record_id, tax_id_key(tax_id), email_key(email), vendor_name_key(name))


IdentityRule = Literal["tax_id", "email", "name"]


@dataclass(frozen=True)
class Identity:
    """Outcome of matching one vendor against the other side's unlinked vendors."""

    rule: IdentityRule | None = None
    """The rule that decided (None: no rule matched anything)."""
    matches: tuple[str, ...] = ()
    """Record ids the deciding rule matched: one is a link, several are ambiguous."""

    @property
    def linked(self) -> str | None:
        """The single match, if exactly one."""
        return self.matches[0] if len(self.matches) == 1 else None

    @property
    def ambiguous(self) -> bool:
        """Several candidates: a human must choose (never auto-linked)."""
        return len(self.matches) > 1


def identify(wanted: VendorKeys, pool: Iterable[VendorKeys]) -> Identity:
    """Match by tax id, then email, then normalized name; the first rule with any candidate decides.

    A candidate whose tax id differs from a known tax id of `wanted` is never matched by email or name.
    """
    candidates = [c for c in pool if not (wanted.tax_id and c.tax_id and c.tax_id != wanted.tax_id)]
    for rule in ("tax_id", "email", "name"):
        value = getattr(wanted, rule)
        if value is None:
            continue
        found = tuple(sorted(c.record_id for c in candidates if getattr(c, rule) == value))
        if found:
            return Identity(rule=rule, matches=found)
    return Identity()
