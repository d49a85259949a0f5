"""Apply a Zoho edit to the BILL bill that already represents it: replace it while BILL lets it change.

BILL refuses changes to a paid, partly paid or scheduled bill (`BDC_1170`). Such a bill, and an archived one,
is reported (`locked`) and never forced; the Zoho edit then waits for a human.
"""

from __future__ import annotations

from typing import Literal

from activities.bill_payloads import bill_replace
from clients.bill import BillClient
from common.errors import PayloadRejected
from common.models import BillDraft

BILL_LOCKED_CODE = "BDC_1170"
"""BILL's error code for a bill that can no longer be changed (paid, partly paid, scheduled)."""

EDITABLE_PAYMENT_STATUSES = frozenset({"UNPAID"})
"""Payment statuses under which BILL accepts changes to a bill (a missing status counts as editable)."""

EditOutcome = Literal["updated", "locked"]


async def apply_edit(bill: BillClient, bill_bill_id: str, draft: BillDraft) -> EditOutcome:
    """Make the BILL bill equal to `draft` (`updated`), or leave it as it is when BILL has locked it (`locked`)."""
    current = await bill.get_bill(bill_bill_id)
    if current.archived or (current.payment_status or "UNPAID").upper() not in EDITABLE_PAYMENT_STATUSES:
        return "locked"
    try:
        await bill.replace_bill(bill_bill_id, bill_replace(draft, [line.id for line in current.bill_line_items]))
    except PayloadRejected as exc:
        if exc.code == BILL_LOCKED_CODE:  # paid between our read and our write
            return "locked"
        raise
    return "updated"
