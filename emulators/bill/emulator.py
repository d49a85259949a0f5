"""`BillEmulator`: a strict in-memory BILL v3 (AP/AR, webhooks API, Spend & Expense) as one ASGI app.

Serve ``emu.app`` with ``httpx.ASGITransport`` in tests or uvicorn for the demo. Clients use
``BillEmulator.api_base(base)`` (``…/connect``) and ``BillEmulator.events_base(base)`` (``…/connect-events``).
Set-up helpers act like a person in BILL's web app: what they change triggers the same webhooks.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
from starlette.applications import Starlette

from emulators.bill import accounts, bills, sessions, spend, vendors
from emulators.bill.app import Dispatcher, LoggedRequest
from emulators.bill.idempotency import IdempotencyCache
from emulators.bill.limits import BillLimits, RateLimiter
from emulators.bill.outbox import Outbox
from emulators.bill.routes import build_routes
from emulators.bill.routing import API_PREFIX, EVENTS_PREFIX
from emulators.bill.services import Services
from emulators.bill.state import (
    ORGANIZATION_PREFIX,
    SPEND_PREFIX,
    USER_PREFIX,
    BillState,
    Organization,
    OrgContext,
    Record,
    User,
)
from emulators.bill.timefmt import iso_time
from emulators.clock import EmulatorClock
from emulators.faults import FaultPlan


class BillEmulator:
    """In-memory BILL v3 with BILL's auth, limits, error shape, webhooks and fault injection.

    ``allow_http_notifications=True`` accepts ``http://127.0.0.1``/``localhost`` notification URLs (the local
    demo has no TLS); otherwise, like BILL, only HTTPS URLs are accepted. ``limits`` overrides BILL's numbers.
    """

    def __init__(
        self,
        clock: EmulatorClock | None = None,
        faults: FaultPlan | None = None,
        *,
        limits: BillLimits | None = None,
        allow_http_notifications: bool = False,
    ) -> None:
        self.clock = clock or EmulatorClock()
        self.faults = faults or FaultPlan()
        self.latency = 0.0
        self.request_log: list[LoggedRequest] = []
        self._state = BillState()
        self.outbox = Outbox(self._state)
        self._services = Services(
            state=self._state,
            limiter=RateLimiter(limits or BillLimits()),
            outbox=self.outbox,
            idempotency=IdempotencyCache(),
            now=self.clock.now,
            allow_http_notifications=allow_http_notifications,
        )
        self._routes = build_routes(self._services)
        dispatcher = Dispatcher(
            self._services,
            self._routes,
            self.faults,
            self.outbox.publish,
            lambda: self.latency,
            self.request_log,
        )
        self.app: Starlette = dispatcher.app()

    @staticmethod
    def api_base(base: str) -> str:
        """The AP/AR + Spend base URL (``baseUrl``) under a server root."""
        return f"{base.rstrip('/')}{API_PREFIX}"

    @staticmethod
    def events_base(base: str) -> str:
        """The webhooks API base URL (``webhookBaseUrl``) under a server root."""
        return f"{base.rstrip('/')}{EVENTS_PREFIX}"

    def served_routes(self) -> list[tuple[str, str]]:
        """Every ``(method, path template)`` served, e.g. ``("GET", "/connect/v3/bills/{id}")``."""
        return [(route.method, route.prefix + route.template) for route in self._routes]

    def _ctx(self, org_id: str) -> OrgContext:
        return OrgContext(self._state.organization(org_id), self.clock.now(), self._state.ids, self.outbox.publish)

    def add_dev_key(self, dev_key: str) -> None:
        """Register a developer key."""
        self._state.dev_keys.add(dev_key)

    def add_organization(self, name: str) -> str:
        """Create an organization; returns its id (``008…``)."""
        org = Organization(self._state.ids.new(ORGANIZATION_PREFIX), name)
        self._state.organizations[org.id] = org
        return org.id

    def add_user(self, org_id: str, username: str, password: str) -> str:
        """Create a user who can log in to the organization; returns the user id."""
        user = User(self._state.ids.new(USER_PREFIX), username, password)
        self._state.organization(org_id).users[username] = user
        return user.id

    def set_spend_api_token(self, org_id: str, token: str) -> None:
        """Activate Spend & Expense for the organization with this ``apiToken`` (seeds a user and a budget)."""
        org = self._state.organization(org_id)
        org.spend_token = token
        if org.spend_user is None:
            spend.seed(org, self._ctx(org_id))

    def add_vendor(self, org_id: str, name: str, **fields: Any) -> str:
        """Create a vendor as BILL's UI would (validated like the API; sends ``vendor.created``)."""
        return str(vendors.create(self._ctx(org_id), {"name": name, **fields})["id"])

    def add_account(self, org_id: str, name: str, type: str, number: str) -> str:
        """Create a chart-of-accounts entry; returns its id."""
        body = {"name": name, "account": {"type": type, "number": number}}
        return str(accounts.create(self._ctx(org_id), body)["id"])

    def add_spend_transaction(self, org_id: str, merchant_name: str, amount: float) -> str:
        """Record a card transaction for the organization's Spend user; returns its id."""
        org = self._state.organization(org_id)
        user = spend.current_user(org)
        record: Record = {
            "id": self._state.ids.new(SPEND_PREFIX),
            "merchantName": merchant_name,
            "amount": amount,
            "userId": user["id"],
            "userUuid": user["uuid"],
            "transactionType": "CLEAR",
            "occurredTime": iso_time(self.clock.now()),
        }
        org.transactions[record["id"]] = record
        return str(record["id"])

    def mark_bill_paid(self, org_id: str, bill_id: str) -> None:
        """Pay the bill in full outside the API; it then rejects updates."""
        bills.mark_paid(self._ctx(org_id), bill_id)

    def issued_session_ids(self) -> list[str]:
        """Every session id this emulator has opened, live or expired (for secret scans)."""
        return list(self._state.issued_session_ids)

    def expire_sessions(self, org_id: str | None = None) -> None:
        """End every session (of one organization, or all), as 35 idle minutes would."""
        sessions.expire(self._state, org_id)

    def _records(self, org_id: str, kind: str) -> list[dict[str, Any]]:
        records: dict[str, Record] = getattr(self._state.organization(org_id), kind)
        return [copy.deepcopy(record) for record in records.values()]

    def bills(self, org_id: str) -> list[dict[str, Any]]:
        """The organization's bills, API-shaped."""
        return self._records(org_id, "bills")

    def vendors(self, org_id: str) -> list[dict[str, Any]]:
        """The organization's vendors, API-shaped."""
        return self._records(org_id, "vendors")

    def accounts(self, org_id: str) -> list[dict[str, Any]]:
        """The organization's chart of accounts, API-shaped."""
        return self._records(org_id, "accounts")

    def subscriptions(self, org_id: str) -> list[dict[str, Any]]:
        """The organization's webhook subscriptions (without security keys)."""
        return self._records(org_id, "subscriptions")

    def reimbursements(self, org_id: str) -> list[dict[str, Any]]:
        """The organization's Spend & Expense reimbursements."""
        return self._records(org_id, "reimbursements")

    async def flush_webhooks(self, http: httpx.AsyncClient) -> list[int]:
        """Deliver queued notifications with ``http``; returns one status per attempt (0 = unreachable)."""
        return await self.outbox.flush(http)
