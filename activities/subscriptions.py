"""BILL webhook subscriptions of a connection's BILL organization: ensure on connect, remove on disconnect.

One subscription per BILL organization carries every bill and vendor event, pointed at
``{gateway_public_url}/webhooks/bill/{connection_id}`` of the connection that created it. Several connections
to one BILL organization share it: the gateway verifies a delivery against every subscription key of the
connection's BILL organization and searches all of that organization's connections, so any of their URLs works.
On disconnect the subscription is repointed to a remaining connection of the organization, or deleted with the
last one. BILL allows 10 subscriptions per organization; the 11th is never attempted.

Idempotency: the `X-Idempotent-Key` of a create is derived from the organization, URL, events and the
activity execution, so a retried attempt gets BILL's cached answer — the same subscription and its security key,
which BILL returns only on create. A matching subscription whose key the store lacks gets a new key (rotation).
Concurrent ensures are serialized per organization within a process; across processes, a create that lost the
race (it is not the oldest matching subscription after the fact) deletes its own subscription and adopts the
oldest, so the organization converges on one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from temporalio import activity

from activities.connection_models import ConnectionRef, SubscriptionRemoval, SubscriptionsResult
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.locks import KeyedLocks
from activities.store import ConnectorStore
from clients.bill import BillClient
from clients.bill.models.webhooks import (
    BillEventType,
    BillSubscription,
    BillSubscriptionCreate,
    BillSubscriptionUpdate,
)
from common.errors import NotFound, PayloadRejected
from common.settings import Settings
from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.tables import Connection
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind

BILL_EVENTS = (
    "bill.created",
    "bill.updated",
    "bill.archived",
    "bill.restored",
    "vendor.created",
    "vendor.updated",
    "vendor.archived",
    "vendor.restored",
)
MAX_SUBSCRIPTIONS_PER_ORG = 10
SUBSCRIPTION_NAME = "ml-connector bills and vendors"


def idempotency_key(*parts: str) -> str:
    """A UUID4-shaped key (BILL accepts only UUID4) derived from `parts`: equal parts, equal key."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def _attempt_scope() -> str:
    """Identifies this activity execution across its retries (not across later executions)."""
    info = activity.info()
    return f"{info.workflow_id}/{info.workflow_run_id}/{info.activity_id}"


class SubscriptionActivities:
    """Manage the subscriptions through the organization's BILL client; keys go to the credential store."""

    def __init__(
        self,
        *,
        settings: Settings,
        clients: ConnectionClients,
        store: ConnectorStore,
        registry: BillSubscriptionRepo | None = None,
    ) -> None:
        """`registry` None: the store's."""
        self._settings = settings
        self._clients = clients
        self._store = store
        self._registry = registry or store.subscriptions
        self._org_locks = KeyedLocks()

    def notification_url(self, connection_id: str) -> str:
        """Where BILL posts the connection's notifications."""
        return f"{self._settings.gateway_public_url.rstrip('/')}/webhooks/bill/{connection_id}"

    @activity.defn
    async def ensure_bill_subscriptions(self, ref: ConnectionRef) -> SubscriptionsResult:
        """Reuse the organization's subscription (repointed if its connection is gone) or create it."""
        with raising_application_errors():
            connection = await self._clients.connection(ref.connection_id)
            bill = await self._clients.bill(connection)
            async with self._org_locks.hold(connection.bill_org_id):
                existing = await bill.list_subscriptions()
                ours = self._ours(existing)
                if ours:
                    subscription = await self._adopt(bill, connection, ours[0])
                    return SubscriptionsResult(subscription_ids=(subscription.id,), created=0, reused=1)
                if len(existing) >= MAX_SUBSCRIPTIONS_PER_ORG:
                    raise PayloadRejected(
                        f"BILL organization {connection.bill_org_id} already has {len(existing)} webhook "
                        f"subscriptions (the maximum); free one, or rely on the polling sweep",
                        service="BILL",
                    )
                created = await self._create(bill, connection)
                oldest = self._ours(await bill.list_subscriptions())[0]
                if oldest.id == created:
                    return SubscriptionsResult(subscription_ids=(created,), created=1, reused=0)
                await self._delete(bill, created)  # another worker's create won the race: keep one
                subscription = await self._adopt(bill, connection, oldest)
                return SubscriptionsResult(subscription_ids=(subscription.id,), created=0, reused=1)

    @activity.defn
    async def remove_bill_subscriptions(self, ref: ConnectionRef) -> SubscriptionRemoval:
        """Stop notifications for this connection: repoint to another connection of the org, else delete."""
        with raising_application_errors():
            connection = await self._clients.connection(ref.connection_id)
            bill = await self._clients.bill(connection)
            mine = self.notification_url(connection.id)
            pointing_here = [sub for sub in await bill.list_subscriptions() if sub.notification_url == mine]
            successor = await self._successor(connection)
            if successor is not None:
                patch = BillSubscriptionUpdate(notification_url=self.notification_url(successor.id))
                for sub in pointing_here:
                    await bill.update_subscription(sub.id, patch)
                return SubscriptionRemoval(deleted=0, repointed_to=successor.id if pointing_here else None)
            for sub in pointing_here:
                await self._delete(bill, sub.id)
            return SubscriptionRemoval(deleted=len(pointing_here))

    def _ours(self, subscriptions: Sequence[BillSubscription]) -> list[BillSubscription]:
        """The organization's subscriptions made by the connector, oldest first (every worker agrees on it)."""
        prefix = self.notification_url("")
        ours = [
            sub
            for sub in subscriptions
            if (sub.notification_url or "").startswith(prefix) and _event_types(sub.events) == set(BILL_EVENTS)
        ]
        return sorted(ours, key=lambda sub: (sub.created_time or datetime.max.replace(tzinfo=UTC), sub.id))

    async def _adopt(self, bill: BillClient, connection: Connection, sub: BillSubscription) -> BillSubscription:
        if not await self._points_to_org_connection(sub, connection.bill_org_id):
            patch = BillSubscriptionUpdate(notification_url=self.notification_url(connection.id))
            sub = await bill.update_subscription(sub.id, patch)
        key_known = await asyncio.to_thread(
            self._store.credentials.get, OwnerKind.SUBSCRIPTION, sub.id, CredentialKind.BILL_SECURITY_KEY
        )
        if key_known is None:
            key = await bill.create_security_key(sub.id, idempotency_key=idempotency_key(sub.id, _attempt_scope()))
            await asyncio.to_thread(
                self._store.credentials.put, OwnerKind.SUBSCRIPTION, sub.id, CredentialKind.BILL_SECURITY_KEY, key
            )
        await asyncio.to_thread(self._registry.register, sub.id, connection.bill_org_id)
        return sub

    async def _create(self, bill: BillClient, connection: Connection) -> str:
        url = self.notification_url(connection.id)
        request = BillSubscriptionCreate(
            name=SUBSCRIPTION_NAME,
            events=[BillEventType(type=event) for event in BILL_EVENTS],
            notification_url=url,
        )
        key = idempotency_key(connection.bill_org_id, url, *BILL_EVENTS, _attempt_scope())
        created = await bill.create_subscription(request, idempotency_key=key)
        await asyncio.to_thread(
            self._store.credentials.put,
            OwnerKind.SUBSCRIPTION,
            created.id,
            CredentialKind.BILL_SECURITY_KEY,
            created.security_key,
        )
        await asyncio.to_thread(self._registry.register, created.id, connection.bill_org_id)
        return created.id

    async def _delete(self, bill: BillClient, subscription_id: str) -> None:
        with contextlib.suppress(NotFound):  # already gone (a retried attempt, or deleted by hand)
            await bill.delete_subscription(subscription_id)
        await asyncio.to_thread(self._registry.forget, subscription_id)
        await asyncio.to_thread(
            self._store.credentials.delete, OwnerKind.SUBSCRIPTION, subscription_id, CredentialKind.BILL_SECURITY_KEY
        )

    async def _points_to_org_connection(self, sub: BillSubscription, bill_org_id: str) -> bool:
        connection_id = (sub.notification_url or "").removeprefix(self.notification_url(""))
        target = await asyncio.to_thread(self._store.connections.get, connection_id)
        return target is not None and target.bill_org_id == bill_org_id and not _disconnected(target)

    async def _successor(self, leaving: Connection) -> Connection | None:
        connections = await asyncio.to_thread(self._store.connections.list)
        return next(
            (
                c
                for c in connections
                if c.bill_org_id == leaving.bill_org_id and c.id != leaving.id and not _disconnected(c)
            ),
            None,
        )


def _disconnected(connection: Connection) -> bool:
    return connection.status == ConnectionStatus.DISCONNECTED


def _event_types(events: Sequence[BillEventType]) -> set[str]:
    return {event.type for event in events}
