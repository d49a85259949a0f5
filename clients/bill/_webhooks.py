"""Webhook subscription operations of `BillClient` (`{events_base}/v3/subscriptions`).

Create-subscription and create-security-key require an `X-Idempotent-Key` (a UUID4): a repeat with
the same key within 24 h returns BILL's cached response, so retries with one key are safe.
"""

from __future__ import annotations

import uuid

from pydantic import SecretStr

from clients.bill._base import BillPage
from clients.bill._core import SERVICE, BillApiCore
from clients.bill._paging import iterate_pages
from clients.bill._query import MAX_PAGE_SIZE, list_params
from clients.bill.models.webhooks import (
    BillSecurityKey,
    BillSubscription,
    BillSubscriptionCreate,
    BillSubscriptionCreated,
    BillSubscriptionUpdate,
)

SUBSCRIPTION_PATH = "/v3/subscriptions/{subscriptionId}"


def _idempotency_header(key: str) -> dict[str, str]:
    """`X-Idempotent-Key`, refusing anything but a UUID4 (BILL answers 400 to other keys)."""
    try:
        parsed = uuid.UUID(key)
    except ValueError:
        raise ValueError("idempotency_key must be a UUID4") from None
    if parsed.version != 4:
        raise ValueError("idempotency_key must be a UUID4")
    return {"X-Idempotent-Key": str(parsed)}


class WebhooksApi(BillApiCore):
    """Manage the organization's webhook subscriptions (at most 10 per organization)."""

    async def list_subscriptions(self) -> list[BillSubscription]:
        """All subscriptions, following `nextPage` (this list pages forward only)."""

        async def fetch(page: str | None) -> BillPage[BillSubscription]:
            params = list_params(filters=(), sort=None, max=MAX_PAGE_SIZE, page=page)
            data = await self._call("GET", "/v3/subscriptions", base="events", params=params)
            return self._parse(BillPage[BillSubscription], data, "GET /v3/subscriptions")

        return [subscription async for subscription in iterate_pages(fetch, service=SERVICE)]

    async def create_subscription(
        self, sub: BillSubscriptionCreate, *, idempotency_key: str
    ) -> BillSubscriptionCreated:
        """Subscribe; the response carries the signing `security_key`, which BILL returns only this once."""
        data = await self._call(
            "POST",
            "/v3/subscriptions",
            base="events",
            body=sub.to_wire(),
            headers=_idempotency_header(idempotency_key),
        )
        return self._parse(BillSubscriptionCreated, data, "POST /v3/subscriptions")

    async def get_subscription(self, subscription_id: str) -> BillSubscription:
        """One subscription (watch `status.enabled`: BILL disables it after repeated delivery failures)."""
        data = await self._call(
            "GET", SUBSCRIPTION_PATH, base="events", path_params={"subscriptionId": subscription_id}
        )
        return self._parse(BillSubscription, data, f"GET {SUBSCRIPTION_PATH}")

    async def update_subscription(self, subscription_id: str, patch: BillSubscriptionUpdate) -> BillSubscription:
        """PATCH the fields set in `patch` (e.g. re-enable, new URL)."""
        data = await self._call(
            "PATCH",
            SUBSCRIPTION_PATH,
            base="events",
            path_params={"subscriptionId": subscription_id},
            body=patch.to_wire(),
        )
        return self._parse(BillSubscription, data, f"PATCH {SUBSCRIPTION_PATH}")

    async def delete_subscription(self, subscription_id: str) -> None:
        """Delete a subscription."""
        await self._call("DELETE", SUBSCRIPTION_PATH, base="events", path_params={"subscriptionId": subscription_id})

    async def create_security_key(self, subscription_id: str, *, idempotency_key: str) -> SecretStr:
        """Rotate the subscription's signing key and return the new one."""
        data = await self._call(
            "POST",
            f"{SUBSCRIPTION_PATH}/security_key",
            base="events",
            path_params={"subscriptionId": subscription_id},
            headers=_idempotency_header(idempotency_key),
        )
        return self._parse(BillSecurityKey, data, f"POST {SUBSCRIPTION_PATH}/security_key").security_key
