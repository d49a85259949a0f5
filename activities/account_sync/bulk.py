"""BILL chart-of-accounts creation in bulk: chunks of at most 50, split in halves when BILL refuses a chunk.

BILL's bulk create is all-or-nothing: one bad entry fails the whole request and nothing is created. A refused
chunk is therefore split and each half retried, down to the single entry BILL refuses, which is reported
instead of blocking the others. A single new account is created with the plain (non-bulk) call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from clients.bill import BillAccount, BillAccountCreate, BillClient
from clients.bill._accounts import ACCOUNTS_BULK_LIMIT
from common.errors import PayloadRejected


@dataclass
class BulkOutcome:
    """Created accounts in request order (None where BILL refused the entry), and each refusal's reason."""

    created: list[BillAccount | None] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


async def create_accounts(bill: BillClient, wanted: Sequence[BillAccountCreate]) -> BulkOutcome:
    """Create every entry of `wanted` it can; see the module docstring."""
    outcome = BulkOutcome()
    for start in range(0, len(wanted), ACCOUNTS_BULK_LIMIT):
        await _create(bill, wanted[start : start + ACCOUNTS_BULK_LIMIT], outcome)
    return outcome


async def _create(bill: BillClient, chunk: Sequence[BillAccountCreate], outcome: BulkOutcome) -> None:
    try:
        if len(chunk) == 1:
            outcome.created.append(await bill.create_account(chunk[0]))
        else:
            outcome.created.extend(await bill.create_accounts_bulk(chunk))
    except PayloadRejected as exc:
        if len(chunk) == 1:
            outcome.created.append(None)
            outcome.refused.append(f"BILL refused account {chunk[0].name!r}: {exc}")
            return
        half = len(chunk) // 2
        await _create(bill, chunk[:half], outcome)
        await _create(bill, chunk[half:], outcome)
