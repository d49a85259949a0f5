"""Parse a verified Zoho Books bill webhook body: the bill id, and a check that it names the right org.

Expected body (the default payload of a workflow-rule webhook on the Bills module):
`{"organization_id": "...", "event": "bill.created", "bill": {"bill_id": "...", ...}}`. Only the ids are used:
the workflow fetches the authoritative bill from Zoho itself.
"""

from __future__ import annotations

import json
from typing import Any


class InvalidEvent(ValueError):
    """The body is not a Zoho bill event the gateway can act on (message is safe to return)."""


def _id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip()):
        return str(value).strip()
    return None


def bill_id_from_event(body: bytes, *, zoho_org_id: str) -> str:
    """The Zoho bill id in `body`; raises `InvalidEvent` for malformed JSON, a missing id or another org."""
    try:
        event = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidEvent("body is not valid JSON") from None
    if not isinstance(event, dict):
        raise InvalidEvent("body is not a JSON object")
    if "organization_id" in event and _id(event["organization_id"]) != zoho_org_id:
        raise InvalidEvent("organization_id does not match the connection")
    bill = event.get("bill")
    bill_id = _id(bill.get("bill_id")) if isinstance(bill, dict) else None
    if bill_id is None:
        raise InvalidEvent("no bill.bill_id in the event")
    return bill_id
