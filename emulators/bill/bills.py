"""Bills: create (single and bulk ≤ 100, all-or-nothing), get, PUT (replace), PATCH, archive, restore.

PUT replaces the bill: line items without ``id`` are added, existing line ids left out are removed, ids that
do not belong to the bill are rejected. PATCH changes only what it names: a line item with ``id`` is merged
into that line, one without ``id`` is added, unnamed lines stay. A paid or partly paid bill rejects every
change (BDC_1170).
"""

from __future__ import annotations

import copy
from typing import Any

from emulators.bill.bill_shapes import CREATE_SCHEMA, PATCH_SCHEMA, REPLACE_SCHEMA
from emulators.bill.errors import BILL_LOCKED, BillApiError, invalid, not_found
from emulators.bill.payments import apply_payment
from emulators.bill.schema import Field, check_object
from emulators.bill.state import BILL_PREFIX, LINE_ITEM_PREFIX, OrgContext, Record
from emulators.bill.timefmt import iso_time

BULK_LIMIT = 100
LOCKED_STATUSES = frozenset({"PAID", "PARTIAL", "SCHEDULED"})


def _check_references(ctx: OrgContext, body: dict[str, Any]) -> None:
    """Vendor and chart-of-accounts ids must exist in the caller's organization."""
    vendor_id = body.get("vendorId")
    if vendor_id is not None:
        vendor = ctx.org.vendors.get(vendor_id)
        if vendor is None:
            raise invalid(f"vendorId {vendor_id} is not a vendor in this organization.")
        if vendor["archived"]:
            raise invalid(f"Vendor {vendor_id} is archived.")
    account_ids = [body.get("payFromChartOfAccountId"), (body.get("classifications") or {}).get("chartOfAccountId")]
    account_ids += [
        (line.get("classifications") or {}).get("chartOfAccountId") for line in body.get("billLineItems", [])
    ]
    for account_id in account_ids:
        if account_id is None:
            continue
        account = ctx.org.accounts.get(account_id)
        if account is None:
            raise invalid(f"chartOfAccountId {account_id} is not a chart of accounts in this organization.")
        if account["archived"]:
            raise invalid(f"Chart of accounts {account_id} is archived.")


def _validated(ctx: OrgContext, body: Any, schema: dict[str, Field]) -> dict[str, Any]:
    checked = check_object(body, schema)
    _check_references(ctx, checked)
    return checked


def _new_line(ctx: OrgContext, line: dict[str, Any]) -> Record:
    return {"id": ctx.ids.new(LINE_ITEM_PREFIX), **copy.deepcopy({k: v for k, v in line.items() if k != "id"})}


def _refresh_totals(bill: Record) -> None:
    total = round(sum(line["amount"] for line in bill["billLineItems"]), 2)
    bill["amount"] = total
    bill["dueAmount"] = round(total - bill.get("paidAmount", 0), 2)


def _store_new(ctx: OrgContext, body: dict[str, Any]) -> Record:
    stamp = iso_time(ctx.now)
    bill: Record = {"archived": False, "id": ctx.ids.new(BILL_PREFIX)}
    bill.update(copy.deepcopy({k: v for k, v in body.items() if k != "billLineItems"}))
    bill["billLineItems"] = [_new_line(ctx, line) for line in body["billLineItems"]]
    bill.update({"paidAmount": 0, "paymentStatus": "UNPAID", "approvalStatus": "UNASSIGNED"})
    bill.update({"createdTime": stamp, "updatedTime": stamp})
    _refresh_totals(bill)
    ctx.org.bills[bill["id"]] = bill
    ctx.notify(ctx.org, "bill.created", bill)
    return copy.deepcopy(bill)


def create(ctx: OrgContext, body: Any) -> Record:
    """Validate and store one bill; enqueues ``bill.created``."""
    return _store_new(ctx, _validated(ctx, body, CREATE_SCHEMA))


def create_bulk(ctx: OrgContext, body: Any) -> list[Record]:
    """All-or-nothing bulk create (≤ 100, vendors may differ)."""
    if not isinstance(body, list):
        raise invalid("Request body must be a JSON array of bills.")
    if not body or len(body) > BULK_LIMIT:
        raise invalid(f"Bulk bill creation accepts 1 to {BULK_LIMIT} bills; got {len(body)}.")
    checked = []
    for index, item in enumerate(body):
        try:
            checked.append(_validated(ctx, item, CREATE_SCHEMA))
        except BillApiError as exc:
            raise invalid(f"bills[{index}]: {exc.message} No bills were created.") from None
    return [_store_new(ctx, item) for item in checked]


def _stored(ctx: OrgContext, bill_id: str) -> Record:
    bill = ctx.org.bills.get(bill_id)
    if bill is None:
        raise not_found("bill", bill_id)
    return bill


def _editable(ctx: OrgContext, bill_id: str) -> Record:
    bill = _stored(ctx, bill_id)
    if bill["paymentStatus"] in LOCKED_STATUSES:
        raise BillApiError(
            400, BILL_LOCKED, f"Bill {bill_id} is {bill['paymentStatus'].lower()} and cannot be changed."
        )
    return bill


def with_vendor_name(ctx: OrgContext, bill: Record) -> Record:
    """A copy of the bill as reads return it: with ``vendorName`` (writes' responses omit it, as in BILL's)."""
    return {**copy.deepcopy(bill), "vendorName": ctx.org.vendors[bill["vendorId"]]["name"]}


def get(ctx: OrgContext, bill_id: str) -> Record:
    """The stored bill, with its vendor's name."""
    return with_vendor_name(ctx, _stored(ctx, bill_id))


def read_all(ctx: OrgContext) -> list[Record]:
    """Every bill of the organization as reads return them."""
    return [with_vendor_name(ctx, bill) for bill in ctx.org.bills.values()]


def _merged_lines(ctx: OrgContext, bill: Record, lines: list[dict[str, Any]], *, replace: bool) -> list[Record]:
    existing = {line["id"]: line for line in bill["billLineItems"]}
    merged = [] if replace else [copy.deepcopy(line) for line in bill["billLineItems"]]
    for line in lines:
        line_id = line.get("id")
        if line_id is None:
            if "amount" not in line:
                raise invalid("billLineItems amount is required for a new line item.")
            merged.append(_new_line(ctx, line))
        elif line_id not in existing:
            raise invalid(f"billLineItems id {line_id} does not belong to bill {bill['id']}.")
        elif replace:
            merged.append({"id": line_id, **copy.deepcopy(line)})
        else:
            target = next(m for m in merged if m["id"] == line_id)
            target.update(copy.deepcopy(line))
    if not merged:
        raise invalid("A bill needs at least one line item.")
    return merged


def _save_changes(ctx: OrgContext, bill: Record, changes: dict[str, Any], *, replace: bool) -> Record:
    lines = _merged_lines(ctx, bill, changes.get("billLineItems", []), replace=replace)
    if replace:
        for key in [k for k in REPLACE_SCHEMA if k not in changes]:
            bill.pop(key, None)
    bill.update(copy.deepcopy({k: v for k, v in changes.items() if k != "billLineItems"}))
    bill["billLineItems"] = lines
    bill["updatedTime"] = iso_time(ctx.now)
    _refresh_totals(bill)
    ctx.notify(ctx.org, "bill.updated", bill)
    return copy.deepcopy(bill)


def replace(ctx: OrgContext, bill_id: str, body: Any) -> Record:
    """PUT: the body becomes the bill; omitted line ids are removed."""
    bill = _editable(ctx, bill_id)
    return _save_changes(ctx, bill, _validated(ctx, body, REPLACE_SCHEMA), replace=True)


def patch(ctx: OrgContext, bill_id: str, body: Any) -> Record:
    """PATCH: change only the named members and lines."""
    bill = _editable(ctx, bill_id)
    return _save_changes(ctx, bill, _validated(ctx, body, PATCH_SCHEMA), replace=False)


def set_archived(ctx: OrgContext, bill_id: str, archived: bool) -> Record:
    """Archive or restore (idempotent; a paid bill cannot be archived)."""
    bill = _editable(ctx, bill_id) if archived else _stored(ctx, bill_id)
    if bill["archived"] != archived:
        bill["archived"] = archived
        bill["updatedTime"] = iso_time(ctx.now)
        ctx.notify(ctx.org, "bill.archived" if archived else "bill.restored", bill)
    return copy.deepcopy(bill)


def mark_paid(ctx: OrgContext, bill_id: str) -> Record:
    """Test helper: the bill was paid in full outside the API (it becomes read-only)."""
    bill = _stored(ctx, bill_id)
    apply_payment(ctx, bill, bill["dueAmount"])
    return copy.deepcopy(bill)
