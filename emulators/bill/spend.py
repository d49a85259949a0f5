"""Spend & Expense (``/v3/spend/...``, header ``apiToken``): reimbursements, transactions, budgets, current user.

Lists page with ``max`` and the ``nextPage``/``prevPage`` query parameters the collection sends (transactions
cap ``max`` at 50). A reimbursement's ``budgetId``/``userId`` may be the id or the uuid, as the collection's
example sends uuids.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from typing import Any

from emulators.bill.errors import invalid, not_found
from emulators.bill.filters import FieldKind
from emulators.bill.listing import ListSpec, page
from emulators.bill.schema import Field, amount, array, check_object, date, obj, text
from emulators.bill.state import SPEND_PREFIX, Organization, OrgContext, Record
from emulators.bill.timefmt import iso_time

REIMBURSEMENT_SCHEMA: dict[str, Field] = {
    "budgetId": text(required=True),
    "userId": text(required=True),
    "occurredDate": date(required=True),
    "merchantName": text(required=True),
    "amount": amount(required=True),
    "note": text(),
    "receipts": array(obj({"url": text(required=True), "filename": text(required=True)})),
}

REIMBURSEMENTS = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "reimbursementIds": FieldKind.TEXT,
        "status": FieldKind.TEXT,
        "amount": FieldKind.NUMBER,
        "occurredDate": FieldKind.DATE,
        "submittedTime": FieldKind.TIME,
    },
    paths={"reimbursementIds": "uuid"},
)
TRANSACTIONS = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "amount": FieldKind.NUMBER,
        "merchantName": FieldKind.TEXT,
        "occurredTime": FieldKind.TIME,
    },
    max_page=50,
)
BUDGETS = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "budgetIds": FieldKind.TEXT,
        "name": FieldKind.TEXT,
        "retired": FieldKind.BOOL,
        "spent": FieldKind.NUMBER,
    },
    paths={"budgetIds": "uuid", "spent": "currentPeriod.spent.total"},
)


def seed(org: Organization, ctx: OrgContext) -> None:
    """Give a Spend-enabled organization its token owner (an ADMIN) and a default budget."""
    stamp = iso_time(ctx.now)
    org.spend_user = {
        "id": ctx.ids.new(SPEND_PREFIX),
        "uuid": str(uuid.uuid4()),
        "firstName": "Spend",
        "lastName": "Admin",
        "email": f"admin@{org.id.lower()}.example",
        "retired": False,
        "role": "ADMIN",
        "createdTime": stamp,
    }
    budget_id = ctx.ids.new(SPEND_PREFIX)
    org.budgets[budget_id] = {
        "id": budget_id,
        "uuid": str(uuid.uuid4()),
        "name": "General",
        "retired": False,
        "recurringInterval": "MONTHLY",
        "receiptRequired": False,
        "currentPeriod": {"spent": {"cleared": 0.0, "pending": 0.0, "total": 0.0}},
    }


def list_page(records: Mapping[str, Record], query: Mapping[str, str], spec: ListSpec) -> dict[str, Any]:
    """A Spend list page; the token arrives as ``nextPage`` or ``prevPage``."""
    token = query.get("nextPage") or query.get("prevPage")
    normalized = {k: v for k, v in query.items() if k not in ("nextPage", "prevPage")}
    if token:
        normalized["page"] = token
    return page(records.values(), normalized, spec)


def _budget(org: Organization, key: str) -> Record:
    found = next((b for b in org.budgets.values() if key in (b["id"], b["uuid"])), None)
    if found is None:
        raise invalid(f"budgetId {key} is not a budget in this organization.")
    return found


def current_user(org: Organization) -> Record:
    """The user who generated the API token."""
    if org.spend_user is None:
        raise ValueError(f"Spend & Expense is not active for organization {org.id}; set an API token first")
    return copy.deepcopy(org.spend_user)


def create_reimbursement(ctx: OrgContext, body: Any) -> Record:
    """Validate and store a reimbursement request from the token's user."""
    checked = check_object(body, REIMBURSEMENT_SCHEMA)
    budget = _budget(ctx.org, checked["budgetId"])
    user = current_user(ctx.org)
    if checked["userId"] not in (user["id"], user["uuid"]):
        raise invalid(f"userId {checked['userId']} is not a Spend & Expense user in this organization.")
    stamp = iso_time(ctx.now)
    record: Record = {
        "id": ctx.ids.new(SPEND_PREFIX),
        "uuid": str(uuid.uuid4()),
        "amount": checked["amount"],
        "merchantName": checked["merchantName"],
        "note": checked.get("note", ""),
        "submittedTime": stamp,
        "occurredDate": checked["occurredDate"],
        "retired": False,
        "status": "AWAITING_APPROVAL",
        "statusHistory": [
            {"actorId": user["id"], "actorRole": "SUBMITTER", "occurredTime": stamp, "status": "SUBMITTED"}
        ],
        "budgetId": budget["id"],
        "budgetUuid": budget["uuid"],
        "userId": user["id"],
        "userUuid": user["uuid"],
        "receipts": [{**r, "uuid": str(uuid.uuid4())} for r in checked.get("receipts", [])],
    }
    ctx.org.reimbursements[record["id"]] = record
    return copy.deepcopy(record)


def reimbursement(org: Organization, reimbursement_id: str) -> Record:
    """One reimbursement by id or uuid."""
    found = next((r for r in org.reimbursements.values() if reimbursement_id in (r["id"], r["uuid"])), None)
    if found is None:
        raise not_found("reimbursement", reimbursement_id)
    return copy.deepcopy(found)
