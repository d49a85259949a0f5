"""Pure planning of the chart-of-accounts sync (no I/O; unit-tested).

Pairs are found by the mapping table, then the account number (Zoho `account_code` = BILL `account.number`),
then the normalized name with the same type. A rule that finds several candidates is ambiguous: nothing is
linked or created for that account, it is reported. Accounts no rule pairs are created on the other side.
Only active accounts whose type exists on both sides take part; nothing is deleted, archived or deactivated.
The content hash covers the Zoho side's name, type and number: a mapped pair whose hash is unchanged costs
no write; once a pair's hash is recorded, a later change on the Zoho side updates BILL's name and number
(Zoho owns the chart of accounts). A pair seen for the first time (e.g. mapped by the bill pipeline) is only
recorded, never rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from activities.account_sync.models import AccountLink, AccountPlan, AccountUpdate, LedgerAccount
from activities.matching import normalize_name
from clients.bill import BillAccount
from clients.zoho import ZohoAccount

ZOHO_TO_BILL_TYPES: Mapping[str, str] = {
    "expense": "EXPENSE",
    "other_expense": "OTHER_EXPENSE",
    "cost_of_goods_sold": "COST_OF_GOODS_SOLD",
    "income": "INCOME",
    "other_income": "OTHER_INCOME",
    "fixed_asset": "FIXED_ASSET",
    "other_asset": "OTHER_ASSET",
    "other_current_asset": "OTHER_CURRENT_ASSET",
    "bank": "BANK",
    "cash": "BANK",
    "credit_card": "CREDIT_CARD",
    "accounts_payable": "ACCOUNTS_PAYABLE",
    "accounts_receivable": "ACCOUNTS_RECEIVABLE",
    "equity": "EQUITY",
    "long_term_liability": "LONG_TERM_LIABILITY",
    "other_current_liability": "OTHER_CURRENT_LIABILITY",
}
"""Zoho `account_type` → BILL `account.type`; Zoho types not listed (stock, tax, clearing) stay in Zoho."""

BILL_TO_ZOHO_TYPES: Mapping[str, str] = {bill: zoho for zoho, bill in ZOHO_TO_BILL_TYPES.items() if zoho != "cash"}
"""BILL `account.type` → the Zoho `account_type` a new Zoho account gets (BANK → bank)."""


def zoho_side(accounts: Iterable[ZohoAccount]) -> tuple[list[LedgerAccount], list[str]]:
    """Active Zoho accounts in BILL's vocabulary, and a reason for each active one whose type has no BILL twin."""
    usable: list[LedgerAccount] = []
    skipped: list[str] = []
    for a in accounts:
        if not a.is_active:
            continue
        bill_type = ZOHO_TO_BILL_TYPES.get(a.account_type)
        if bill_type is None:
            skipped.append(
                f"Zoho account {a.account_name!r} ({a.account_id}): type {a.account_type!r} has no BILL type"
            )
            continue
        usable.append(
            LedgerAccount(id=a.account_id, name=a.account_name, type=bill_type, number=_number(a.account_code))
        )
    return usable, skipped


def bill_side(accounts: Iterable[BillAccount]) -> list[LedgerAccount]:
    """Active BILL accounts whose type a Zoho account can have."""
    usable = []
    for a in accounts:
        kind = a.account.type if a.account is not None else None
        if a.archived or a.name is None or kind not in BILL_TO_ZOHO_TYPES:
            continue
        number = a.account.number if a.account is not None else None
        usable.append(LedgerAccount(id=a.id, name=a.name, type=str(kind), number=_number(number)))
    return usable


def content_hash(account: LedgerAccount) -> str:
    """Fingerprint of what the sync carries: name, type and number (not the id)."""
    canonical = json.dumps([account.name, account.type, account.number or ""], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def plan_accounts(
    zoho: Sequence[LedgerAccount],
    bill: Sequence[LedgerAccount],
    *,
    mapped: Mapping[str, str],
    hashes: Mapping[str, str],
    bill_taken: frozenset[str] = frozenset(),
    skipped: Sequence[str] = (),
) -> AccountPlan:
    """The plan that makes both charts agree (see the module docstring).

    `mapped`: Zoho id → BILL id from the mapping table; `hashes`: Zoho id → content hash recorded at the last
    sync; `bill_taken`: BILL ids mapped to Zoho accounts that are not in `zoho` (inactive, other types).
    """
    bill_by_id = {b.id: b for b in bill}
    taken = set(mapped.values()) | bill_taken
    links: list[AccountLink] = []
    updates: list[AccountUpdate] = []
    creates: list[LedgerAccount] = []
    not_synced = list(skipped)
    unchanged = 0
    for z in zoho:
        digest = content_hash(z)
        bill_id = mapped.get(z.id)
        if bill_id is not None:
            recorded = hashes.get(z.id)
            if recorded == digest or bill_id not in bill_by_id:  # unchanged, or archived in BILL
                unchanged += 1
            elif recorded is None or _same(z, bill_by_id[bill_id]):  # first sight of the pair: record it
                links.append(
                    AccountLink(zoho_account_id=z.id, bill_account_id=bill_id, content_hash=digest, rule="mapping")
                )
            else:
                updates.append(AccountUpdate(zoho=z, bill_account_id=bill_id, content_hash=digest))
            continue
        candidates = [b for b in bill if b.id not in taken]
        rule, found = _match(z, candidates)
        if len(found) > 1:
            ids = ", ".join(b.id for b in found)
            not_synced.append(f"Zoho account {z.name!r} ({z.id}): several BILL accounts match by {rule} ({ids})")
        elif found:
            links.append(AccountLink(zoho_account_id=z.id, bill_account_id=found[0].id, content_hash=digest, rule=rule))
            taken.add(found[0].id)
        else:
            creates.append(z)
    zoho_names = {normalize_name(z.name) for z in zoho}
    to_zoho: list[LedgerAccount] = []
    for b in bill:
        if b.id in taken:
            continue
        if normalize_name(b.name) in zoho_names:
            not_synced.append(f"BILL account {b.name!r} ({b.id}): Zoho already has an account of that name")
            continue
        to_zoho.append(b)
    return AccountPlan(
        link=tuple(links),
        create_in_bill=tuple(creates),
        create_in_zoho=tuple(to_zoho),
        update_in_bill=tuple(updates),
        unchanged=unchanged,
        not_synced=tuple(not_synced),
    )


def _match(
    zoho: LedgerAccount, candidates: Sequence[LedgerAccount]
) -> tuple[Literal["number", "name"], list[LedgerAccount]]:
    if zoho.number is not None:
        by_number = [b for b in candidates if b.number == zoho.number]
        if by_number:
            return "number", by_number
    wanted = normalize_name(zoho.name)
    return "name", [b for b in candidates if b.type == zoho.type and normalize_name(b.name) == wanted]


def _same(zoho: LedgerAccount, bill: LedgerAccount) -> bool:
    return (
        normalize_name(zoho.name) == normalize_name(bill.name) and zoho.number == bill.number and zoho.type == bill.type
    )


def _number(raw: str | None) -> str | None:
    return raw.strip() or None if raw else None
