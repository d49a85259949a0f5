"""``POST /v3/bills/record-payment``: apply a payment made outside BILL to one or more bills of a vendor.

Each amount must be positive and at most the bill's ``dueAmount``; the bills must belong to the vendor and not
be archived. A bill paid in full becomes ``PAID``, otherwise ``PARTIAL``; either way it no longer accepts edits.
All-or-nothing: nothing is applied unless every payment line is valid.
"""

from __future__ import annotations

from typing import Any

from emulators.bill.errors import invalid
from emulators.bill.schema import Field, amount, array, check_object, date, flag, obj, text
from emulators.bill.state import PAYMENT_PREFIX, OrgContext, Record
from emulators.bill.timefmt import iso_time

RECORD_SCHEMA: dict[str, Field] = {
    "vendorId": text(required=True),
    "processDate": date(required=True),
    "toPrintCheck": flag(),
    "payments": array(obj({"billId": text(required=True), "amount": amount(required=True)}), required=True),
}


def _check_lines(ctx: OrgContext, vendor_id: str, lines: list[dict[str, Any]]) -> None:
    if vendor_id not in ctx.org.vendors:
        raise invalid(f"vendorId {vendor_id} is not a vendor in this organization.")
    applied: dict[str, float] = {}
    for line in lines:
        bill = ctx.org.bills.get(line["billId"])
        if bill is None or bill["vendorId"] != vendor_id:
            raise invalid(f"billId {line['billId']} is not a bill of vendor {vendor_id}.")
        if bill["archived"]:
            raise invalid(f"Bill {bill['id']} is archived.")
        applied[bill["id"]] = round(applied.get(bill["id"], 0) + line["amount"], 2)
        if applied[bill["id"]] > bill["dueAmount"]:
            raise invalid(f"Payment for bill {bill['id']} exceeds its due amount {bill['dueAmount']}.")


def apply_payment(ctx: OrgContext, bill: Record, paid: float) -> None:
    """Add a payment to a bill and update its amounts and status (sends ``bill.updated``)."""
    bill["paidAmount"] = round(bill.get("paidAmount", 0) + paid, 2)
    bill["dueAmount"] = round(bill["amount"] - bill["paidAmount"], 2)
    bill["paymentStatus"] = "PAID" if bill["dueAmount"] <= 0 else "PARTIAL"
    bill["updatedTime"] = iso_time(ctx.now)
    ctx.notify(ctx.org, "bill.updated", bill)


def record(ctx: OrgContext, body: Any) -> Record:
    """Validate every line, then apply them; returns the recorded payment."""
    checked = check_object(body, RECORD_SCHEMA)
    _check_lines(ctx, checked["vendorId"], checked["payments"])
    stamp = iso_time(ctx.now)
    bill_payments = []
    for line in checked["payments"]:
        apply_payment(ctx, ctx.org.bills[line["billId"]], line["amount"])
        bill_payments.append({"id": ctx.ids.new(PAYMENT_PREFIX), "billId": line["billId"], "amount": line["amount"]})
    return {
        "id": ctx.ids.new(PAYMENT_PREFIX),
        "vendorId": checked["vendorId"],
        "billId": checked["payments"][0]["billId"],
        "billPayments": bill_payments,
        "processDate": checked["processDate"],
        "amount": round(sum(p["amount"] for p in bill_payments), 2),
        "onlinePayment": False,
        "toPrintCheck": checked.get("toPrintCheck", False),
        "createdTime": stamp,
        "updatedTime": stamp,
    }
