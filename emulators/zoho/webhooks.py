"""Outbound Zoho Books webhooks (workflow-rule actions), queued in an outbox and delivered on demand.

Zoho Books does not document how it signs webhooks (API-FACTS §1.8). This project's documented default,
which the emulator implements and the gateway verifies: ``POST <url>`` with a JSON body
``{"organization_id": ..., "event": "<entity>.<action>", "<entity>": {<entity as GET returns it>}}`` and the
header ``X-Zoho-Webhook-Signature: <hex HMAC-SHA256 of the raw body, keyed with the webhook secret>``.
Secrets follow the spec: 12 to 50 alphanumeric characters. A delivery leaves the outbox only after a 2xx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import SecretStr

SIGNATURE_HEADER = "X-Zoho-Webhook-Signature"
_SECRET = re.compile(r"[A-Za-z0-9]{12,50}")


def sign(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of `body` keyed with `secret`."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Webhook:
    """A registered webhook: which organization's entity events go where."""

    webhook_id: str
    organization_id: str
    url: str
    secret: SecretStr
    entity: str
    events: tuple[str, ...]


@dataclass
class WebhookDelivery:
    """One pending POST: its exact body bytes and headers (signature included)."""

    webhook_id: str
    event: str
    url: str
    body: bytes
    headers: dict[str, str]
    attempts: int = 0
    statuses: list[int] = field(default_factory=list)

    def payload(self) -> Any:
        """The decoded JSON body."""
        return json.loads(self.body)


class WebhookHub:
    """Registered webhooks and the outbox of deliveries they produced."""

    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id
        self._webhooks: dict[str, Webhook] = {}
        self.outbox: list[WebhookDelivery] = []

    def register(self, organization_id: str, *, url: str, secret: str, entity: str, events: Sequence[str]) -> str:
        """Add a webhook; the secret must be 12-50 alphanumerics as Zoho requires."""
        if not _SECRET.fullmatch(secret):
            raise ValueError("webhook secret must be 12 to 50 alphanumeric characters")
        webhook_id = self._new_id()
        self._webhooks[webhook_id] = Webhook(webhook_id, organization_id, url, SecretStr(secret), entity, tuple(events))
        return webhook_id

    def emit(self, organization_id: str, entity: str, action: str, record: dict[str, Any]) -> None:
        """Queue one delivery per webhook of this organization that listens to `entity` `action`."""
        event = f"{entity}.{action}"
        body = json.dumps({"organization_id": organization_id, "event": event, entity: record}).encode()
        for hook in self._webhooks.values():
            if hook.organization_id == organization_id and hook.entity == entity and action in hook.events:
                signature = sign(body, hook.secret.get_secret_value())
                headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
                self.outbox.append(WebhookDelivery(hook.webhook_id, event, hook.url, body, headers))

    async def flush(self, http: httpx.AsyncClient) -> list[int]:
        """POST every pending delivery in order; 2xx ones leave the outbox. Returns the statuses.

        A transport error propagates and leaves that delivery and the later ones pending.
        """
        statuses: list[int] = []
        for delivery in list(self.outbox):
            response = await http.post(delivery.url, content=delivery.body, headers=delivery.headers)
            delivery.attempts += 1
            delivery.statuses.append(response.status_code)
            statuses.append(response.status_code)
            if response.is_success:
                self.outbox.remove(delivery)
        return statuses
