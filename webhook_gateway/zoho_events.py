"""Parse a verified Zoho Books bill webhook body: the bill id, and a check that it names the right org.

Expected body (the default payload of a workflow-rule webhook on the Bills module):
`{"organization_id": "...", "event": "bill.created", "bill": {"bill_id": "...", ...}}`. Only the ids are used:
the workflow fetches the authoritative bill from Zoho itself.
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
