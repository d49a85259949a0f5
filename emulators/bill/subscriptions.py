"""Webhook subscriptions on ``/connect-events/v3``: CRUD, security-key rotation, test events, catalog.

Rules (API-FACTS §2.7): at most 10 subscriptions per organization; no two with the same events and URL;
``notificationUrl`` must be HTTPS, except ``http://127.0.0.1``/``http://localhost`` when the emulator was
built with ``allow_http_notifications=True`` (the local demo, which has no TLS). The ``securityKey`` is shown
only in the create and rotate responses.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any
from urllib.parse import urlsplit

from emulators.bill.errors import WEBHOOK_REJECTED, BillApiError, invalid, not_found
from emulators.bill.filters import FieldKind
from emulators.bill.listing import ListSpec
from emulators.bill.outbox import Outbox
from emulators.bill.schema import Field, array, check_object, flag, obj, text
from emulators.bill.state import SUBSCRIPTION_PREFIX, OrgContext, Record
from emulators.bill.timefmt import iso_time

MAX_SUBSCRIPTIONS = 10
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

EVENT_CATALOG: dict[str, list[str]] = {
    name: ["1"]
    for name in (
        "vendor.created",
        "vendor.updated",
        "vendor.archived",
        "vendor.restored",
        "bill.created",
        "bill.updated",
        "bill.archived",
        "bill.restored",
        "payment.updated",
        "payment.failed",
        "autopay.failed",
        "bank-account.created",
        "bank-account.updated",
        "card-account.created",
        "card-account.updated",
        "invoice.created",
        "invoice.updated",
        "invoice.archived",
        "invoice.restored",
        "risk-verification.updated",
        "spend.transaction.updated",
        "spend.reimbursement.created",
        "spend.reimbursement.updated",
        "spend.reimbursement.deleted",
        "spend.three-ds-challenge.created",
    )
}

EVENT = obj({"type": text(required=True, choices=frozenset(EVENT_CATALOG)), "version": text(required=True)})
STATUS = obj({"enabled": flag(required=True)})


def _schema(*, required: bool) -> dict[str, Field]:
    return {
        "name": text(required=required),
        "status": STATUS,
        "events": array(EVENT, required=required),
        "notificationUrl": text(required=required),
    }


CREATE_SCHEMA = _schema(required=True)
PATCH_SCHEMA = _schema(required=False)
TEST_SCHEMA: dict[str, Field] = {
    "eventType": text(choices=frozenset(EVENT_CATALOG)),
    "version": text(),
    **{entity: Field(dict) for entity in ("bill", "vendor", "payment", "invoice", "bankAccount")},
}
LIST_SPEC = ListSpec(fields={"id": FieldKind.TEXT, "name": FieldKind.TEXT, "createdTime": FieldKind.TIME})


def catalog() -> list[dict[str, Any]]:
    """``GET /v3/events/catalog``."""
    return [{"type": name, "versions": list(versions)} for name, versions in EVENT_CATALOG.items()]


def _rejected(message: str) -> BillApiError:
    return BillApiError(400, WEBHOOK_REJECTED, message)


def _check_url(url: str, allow_http: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if allow_http and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return
    raise invalid("notificationUrl must be an HTTPS URL.")


def _check_events(events: list[dict[str, str]]) -> None:
    for event in events:
        if event["version"] not in EVENT_CATALOG[event["type"]]:
            raise invalid(f"Event {event['type']} has no version {event['version']}.")


def _event_set(events: list[dict[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset((e["type"], e["version"]) for e in events)


def _check_unique(ctx: OrgContext, candidate: dict[str, Any], own_id: str | None = None) -> None:
    for other in ctx.org.subscriptions.values():
        same = other["notificationUrl"] == candidate["notificationUrl"]
        if other["id"] != own_id and same and _event_set(other["events"]) == _event_set(candidate["events"]):
            raise _rejected(f"Subscription {other['id']} already sends these events to this notificationUrl.")


def _validated(ctx: OrgContext, body: Any, allow_http: bool, own: Record | None = None) -> dict[str, Any]:
    checked = check_object(body, CREATE_SCHEMA if own is None else PATCH_SCHEMA)
    merged = {**(own or {}), **copy.deepcopy(checked)}
    _check_url(merged["notificationUrl"], allow_http)
    _check_events(merged["events"])
    _check_unique(ctx, merged, own["id"] if own else None)
    return checked


def create(ctx: OrgContext, body: Any, *, allow_http: bool) -> Record:
    """A new subscription, returned once with its ``securityKey``."""
    if len(ctx.org.subscriptions) >= MAX_SUBSCRIPTIONS:
        raise _rejected(f"An organization can have at most {MAX_SUBSCRIPTIONS} subscriptions.")
    checked = _validated(ctx, body, allow_http)
    stamp = iso_time(ctx.now)
    subscription: Record = {
        "id": ctx.ids.new(SUBSCRIPTION_PREFIX),
        "name": checked["name"],
        "organizationId": ctx.org.id,
        "status": copy.deepcopy(checked.get("status", {"enabled": True})),
        "events": copy.deepcopy(checked["events"]),
        "notificationUrl": checked["notificationUrl"],
        "createdTime": stamp,
        "updatedTime": stamp,
    }
    ctx.org.subscriptions[subscription["id"]] = subscription
    return {**copy.deepcopy(subscription), "securityKey": _new_key(ctx, subscription["id"])}


def _new_key(ctx: OrgContext, subscription_id: str) -> str:
    key = secrets.token_urlsafe(32)
    ctx.org.security_keys[subscription_id] = key
    return key


def _stored(ctx: OrgContext, subscription_id: str) -> Record:
    subscription = ctx.org.subscriptions.get(subscription_id)
    if subscription is None:
        raise not_found("subscription", subscription_id)
    return subscription


def get(ctx: OrgContext, subscription_id: str) -> Record:
    """One subscription, without its key."""
    return copy.deepcopy(_stored(ctx, subscription_id))


def update(ctx: OrgContext, subscription_id: str, body: Any, *, allow_http: bool, replace: bool) -> Record:
    """PUT (every member required) or PATCH (named members only)."""
    subscription = _stored(ctx, subscription_id)
    if replace:
        check_object(body, CREATE_SCHEMA)
    checked = _validated(ctx, body, allow_http, subscription)
    subscription.update(copy.deepcopy(checked))
    subscription["updatedTime"] = iso_time(ctx.now)
    return copy.deepcopy(subscription)


def delete(ctx: OrgContext, subscription_id: str) -> None:
    """Remove the subscription and its key; queued notifications for it are dropped at flush."""
    _stored(ctx, subscription_id)
    del ctx.org.subscriptions[subscription_id]
    ctx.org.security_keys.pop(subscription_id, None)


def rotate_key(ctx: OrgContext, subscription_id: str) -> dict[str, str]:
    """A new ``securityKey``; the old one stops signing immediately."""
    _stored(ctx, subscription_id)
    return {"securityKey": _new_key(ctx, subscription_id)}


def send_test(ctx: OrgContext, subscription_id: str, body: Any, outbox: Outbox) -> dict[str, Any]:
    """Queue a test notification with the caller's (or default) event type and entity."""
    subscription = _stored(ctx, subscription_id)
    checked = check_object({} if body is None else body, TEST_SCHEMA)
    event_type = checked.get("eventType") or subscription["events"][0]["type"]
    entity_key = event_type.rsplit(".", 1)[0]
    entity = checked.get(entity_key, {"id": f"test-{entity_key}-id"})
    note = outbox.enqueue(ctx.org, subscription, event_type, entity)
    return {
        "id": note.event_id,
        "type": event_type,
        "version": checked.get("version", "1"),
        "subscriptionId": subscription_id,
        "payload": note.body.decode(),
        "createdTime": iso_time(ctx.now),
    }
