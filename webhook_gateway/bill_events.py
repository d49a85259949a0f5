"""Parse a verified BILL notification: `{"metadata": {eventId, eventType, organizationId, …}, "<entity>": {…}}`.

The entity key is the event type without its action (`bill.updated` → `bill`). Only ids are kept: BILL
advises re-reading the entity rather than trusting the notification, and the connector never acts on its
contents here.
"""

from __future__ import annotations

from dataclasses import dataclass

from webhook_gateway.events import InvalidEvent, id_value, json_object

ENTITIES_NEEDING_AN_ID = frozenset({"bill", "vendor"})
"""Entities the gateway acts on; their events must name the BILL object."""


@dataclass(frozen=True)
class BillEvent:
    """The ids of one BILL notification."""

    event_id: str
    event_type: str
    entity: str
    object_id: str | None


def parse_bill_event(body: bytes, *, bill_org_id: str) -> BillEvent:
    """The event in `body` (a JSON object or a JSON string holding one); `InvalidEvent` when unusable.

    Refused: malformed JSON, no `metadata.eventId` or `metadata.eventType`, an `organizationId` other than the
    connection's BILL organization, and `bill.*` / `vendor.*` events without the object's `id`.
    """
    payload = json_object(body, allow_string_wrapped=True)
    metadata = payload.get("metadata")
    if not isinstance(metadata, dict):
        raise InvalidEvent("no metadata object in the event")
    event_id = id_value(metadata.get("eventId"))
    if event_id is None:
        raise InvalidEvent("no metadata.eventId in the event")
    raw_type = metadata.get("eventType")
    event_type = id_value(raw_type) if isinstance(raw_type, str) else None
    if event_type is None:
        raise InvalidEvent("no metadata.eventType in the event")
    if "organizationId" in metadata and id_value(metadata["organizationId"]) != bill_org_id:
        raise InvalidEvent("metadata.organizationId does not match the connection")
    entity = event_type.rsplit(".", 1)[0]
    body_object = payload.get(entity)
    object_id = id_value(body_object.get("id")) if isinstance(body_object, dict) else None
    if entity in ENTITIES_NEEDING_AN_ID and object_id is None:
        raise InvalidEvent(f"no {entity}.id in the event")
    return BillEvent(event_id=event_id, event_type=event_type, entity=entity, object_id=object_id)
