"""Parse a verified Zoho Books webhook body: the bill (or expense) id, and a check that it names the right org.

Expected body (the default payload of a workflow-rule webhook on the Bills module):
`{"organization_id": "...", "event": "bill.created", "bill": {"bill_id": "...", ...}}`. A rule on the Expenses
module sends `{"organization_id": "...", "expense": {"expense_id": "...", ...}}` instead: a body with an
`expense` object is an expense event. Only the ids are used: the workflow fetches the authoritative record.
"""

from __future__ import annotations

from webhook_gateway.events import InvalidEvent, id_value, json_object


def bill_id_from_event(body: bytes, *, zoho_org_id: str) -> str:
    """The Zoho bill id in `body`; raises `InvalidEvent` for malformed JSON, a missing id or another org."""
    event = json_object(body)
    if "organization_id" in event and id_value(event["organization_id"]) != zoho_org_id:
        raise InvalidEvent("organization_id does not match the connection")
    bill = event.get("bill")
    bill_id = id_value(bill.get("bill_id")) if isinstance(bill, dict) else None
    if bill_id is None:
        raise InvalidEvent("no bill.bill_id in the event")
    return bill_id


def expense_id_from_event(body: bytes, *, zoho_org_id: str) -> str | None:
    """The Zoho expense id when `body` is an expense event (it has an `expense` object), else None.

    Raises `InvalidEvent` for malformed JSON, another org, or an `expense` object without a usable id.
    """
    event = json_object(body)
    expense = event.get("expense")
    if expense is None:
        return None
    if "organization_id" in event and id_value(event["organization_id"]) != zoho_org_id:
        raise InvalidEvent("organization_id does not match the connection")
    expense_id = id_value(expense.get("expense_id")) if isinstance(expense, dict) else None
    if expense_id is None:
        raise InvalidEvent("no expense.expense_id in the event")
    return expense_id
