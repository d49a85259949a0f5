"""BILL webhook subscriptions (`{events_base}/v3/subscriptions`).

The collection's example responses leave `status` and `events` as unresolved schema references
(`SubscriptionStatusWithActorDto`, `SubscriptionEventDto`); their fields here are the ones the
request bodies send (`status.enabled`, `events[].type|version`), which BILL's guides echo back.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import SecretStr

from clients.bill._base import BillModel


class BillSubscriptionStatus(BillModel):
    """Whether BILL delivers notifications; BILL disables a subscription after repeated failures."""

    enabled: bool | None = None


class BillEventType(BillModel):
    """One subscribed event type, e.g. `bill.updated` version `1`."""

    type: str
    version: str = "1"


class BillSubscriptionCreate(BillModel):
    """Body of `POST /v3/subscriptions` (also of PUT). The URL must be HTTPS for BILL to accept it."""

    name: str
    status: BillSubscriptionStatus = BillSubscriptionStatus(enabled=True)
    events: list[BillEventType]
    notification_url: str


class BillSubscriptionUpdate(BillModel):
    """Body of `PATCH /v3/subscriptions/{id}`: only the fields set are sent."""

    name: str | None = None
    status: BillSubscriptionStatus | None = None
    events: list[BillEventType] | None = None
    notification_url: str | None = None


class BillSubscription(BillModel):
    """A subscription as BILL returns it."""

    id: str
    name: str | None = None
    organization_id: str | None = None
    status: BillSubscriptionStatus | None = None
    events: list[BillEventType] = []
    notification_url: str | None = None
    created_time: datetime | None = None
    updated_time: datetime | None = None


class BillSubscriptionCreated(BillSubscription):
    """The create response: the subscription plus its signing key, which BILL returns only once."""

    security_key: SecretStr


class BillSecurityKey(BillModel):
    """Response of `POST /v3/subscriptions/{id}/security_key`."""

    security_key: SecretStr
