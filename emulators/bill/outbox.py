"""Webhook notifications: queued when vendors and bills change, signed and delivered by ``flush``.

Body: ``{"metadata": {eventId, subscriptionId, organizationId, eventType, version: "1"}, "<entity>": {...}}``
as minified JSON; header ``x-bill-sha-signature`` = base64(HMAC-SHA256(securityKey, raw body)), signed at
send time with the subscription's current key (a rotated key signs everything sent after the rotation).
A delivery succeeds on HTTP 200 only. Failures stay queued; after ``MAX_ATTEMPTS`` failed attempts the
subscription is disabled (``status.enabled = false``), as BILL's subscription guide describes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from emulators.bill.state import EVENT_PREFIX, BillState, Organization, Record

SIGNATURE_HEADER = "x-bill-sha-signature"
MAX_ATTEMPTS = 5
TRANSPORT_FAILURE = 0  # reported in place of a status code when the receiver could not be reached


def sign(security_key: str, body: bytes) -> str:
    """BILL's notification signature: base64 of HMAC-SHA256 keyed with the subscription's securityKey."""
    return base64.b64encode(hmac.new(security_key.encode(), body, hashlib.sha256).digest()).decode()


def subscribes_to(subscription: Record, event_type: str) -> bool:
    """True when an enabled subscription includes this event type."""
    return bool(subscription["status"]["enabled"]) and any(e["type"] == event_type for e in subscription["events"])


@dataclass
class Notification:
    """One queued delivery to one subscription."""

    event_id: str
    organization_id: str
    subscription_id: str
    event_type: str
    body: bytes
    attempts: int = 0


@dataclass
class Outbox:
    """Pending notifications of one emulator, in the order the changes happened."""

    state: BillState
    pending: list[Notification] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enqueue(
        self, org: Organization, subscription: Record, event_type: str, entity: Record | dict[str, Any]
    ) -> Notification:
        """Queue one notification and return it."""
        event_id = self.state.ids.new(EVENT_PREFIX)
        metadata = {
            "eventId": event_id,
            "subscriptionId": subscription["id"],
            "organizationId": org.id,
            "eventType": event_type,
            "version": "1",
        }
        payload = {"metadata": metadata, event_type.rsplit(".", 1)[0]: entity}
        body = json.dumps(payload, separators=(",", ":")).encode()
        note = Notification(event_id, org.id, subscription["id"], event_type, body)
        with self._lock:
            self.pending.append(note)
        return note

    def publish(self, org: Organization, event_type: str, entity: Record) -> None:
        """Queue a notification for every enabled subscription of the org that includes the event type."""
        for subscription in org.subscriptions.values():
            if subscribes_to(subscription, event_type):
                self.enqueue(org, subscription, event_type, entity)

    async def flush(self, http: httpx.AsyncClient) -> list[int]:
        """Deliver everything queued (in order); returns one status per attempt (0 = unreachable)."""
        with self._lock:
            batch, self.pending = self.pending, []
        statuses, retry = [], []
        for note in batch:
            org = self.state.organizations.get(note.organization_id)
            subscription = org.subscriptions.get(note.subscription_id) if org else None
            if org is None or subscription is None or not subscription["status"]["enabled"]:
                continue  # deleted or disabled since the change: BILL sends nothing
            status = await self._deliver(
                http, subscription["notificationUrl"], org.security_keys[subscription["id"]], note
            )
            statuses.append(status)
            if status != 200:
                note.attempts += 1
                if note.attempts >= MAX_ATTEMPTS:
                    subscription["status"]["enabled"] = False
                else:
                    retry.append(note)
        with self._lock:
            self.pending[:0] = retry
        return statuses

    @staticmethod
    async def _deliver(http: httpx.AsyncClient, url: str, key: str, note: Notification) -> int:
        headers = {"content-type": "application/json", SIGNATURE_HEADER: sign(key, note.body)}
        try:
            response = await http.post(url, content=note.body, headers=headers, timeout=10.0)
        except httpx.HTTPError:
            return TRANSPORT_FAILURE
        return response.status_code
