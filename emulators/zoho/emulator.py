"""`ZohoEmulator`: one Starlette app serving Zoho Accounts and Books v3 for every data centre, plus seeding.

Paths: ``/{dc}/accounts/oauth/v2/...`` (see `accounts_routes`), ``/{dc}/api/books/v3/...`` (see
`books.routes`), ``/_emulator/...`` (see `admin`). Use it in-process through ``httpx.ASGITransport`` or serve
``emu.app`` with uvicorn. It never imports the connector's clients: it is an independent oracle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from emulators.clock import EmulatorClock
from emulators.faults import FaultPlan
from emulators.zoho.accounts_routes import AccountsRoutes
from emulators.zoho.admin import admin_routes
from emulators.zoho.books.accounts import ChartOfAccounts
from emulators.zoho.books.bills import Bills
from emulators.zoho.books.contacts import Contacts
from emulators.zoho.books.expenses import Expenses
from emulators.zoho.books.pipeline import BooksPipeline
from emulators.zoho.books.purchase_orders import PurchaseOrders
from emulators.zoho.books.routes import BooksRoutes
from emulators.zoho.books.service import BooksService
from emulators.zoho.errors import invalid_url, method_not_allowed
from emulators.zoho.limits import OrgLimiter
from emulators.zoho.middleware import FaultMiddleware, StatusCounter
from emulators.zoho.oauth import OAuthServer
from emulators.zoho.scopes import FULL_ACCESS
from emulators.zoho.seeding import BooksSeeding
from emulators.zoho.state import DAILY_LIMITS, DATA_CENTERS, IdSequence, Organization
from emulators.zoho.stats import ZohoStats
from emulators.zoho.webhooks import WebhookDelivery, WebhookHub


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return (method_not_allowed() if status == 405 else invalid_url()).response()


class ZohoEmulator(BooksSeeding):
    """In-memory Zoho Accounts + Books for all data centres, strict about what the real API rejects."""

    def __init__(
        self,
        clock: EmulatorClock | None = None,
        faults: FaultPlan | None = None,
        client_id: str = "1000.DEMO",
        client_secret: str = "demo-secret",  # noqa: S107 - the emulator's public demo credential
        *,
        latency: float = 0.0,
    ) -> None:
        self.clock = clock or EmulatorClock()
        self.faults = faults or FaultPlan()
        self.stats = ZohoStats()
        self._new_id = IdSequence()
        self._orgs: dict[str, Organization] = {}
        self._oauth = OAuthServer(self.clock, self.stats, client_id, SecretStr(client_secret))
        self._hub = WebhookHub(self._new_id)
        self._service = BooksService(self.clock, self._new_id, self._hub)
        self._pipeline = BooksPipeline(self._oauth, self._orgs, OrgLimiter(self.clock, self.stats))
        self._pipeline.latency = latency
        self._bills = Bills(self.clock, self._new_id)
        self._contacts = Contacts(self._new_id)
        self._accounts = ChartOfAccounts()
        self._expenses = Expenses()
        self._purchase_orders = PurchaseOrders(self.clock, self._new_id)
        books = BooksRoutes(self._pipeline, self._service, self._oauth, self._orgs, self.faults)
        entities = (self._bills, self._contacts, self._accounts, self._expenses, self._purchase_orders)
        self.app = Starlette(
            routes=[
                *AccountsRoutes(self._oauth, client_id, self.faults).routes(),
                *books.routes(entities),
                *books.status_routes(self._contacts, "status", {"active": "active", "inactive": "inactive"}),
                *admin_routes(self),
            ],
            middleware=[Middleware(StatusCounter, stats=self.stats), Middleware(FaultMiddleware, faults=self.faults)],
            exception_handlers={404: _http_error, 405: _http_error},
        )

    @staticmethod
    def accounts_url(base: str, dc: str) -> str:
        """The Accounts server of `dc` when the emulator is served at `base`."""
        return f"{base.rstrip('/')}/{dc}/accounts"

    @staticmethod
    def api_domain(base: str, dc: str) -> str:
        """The API domain of `dc` (Books base = ``<api_domain>/books/v3``) when served at `base`."""
        return f"{base.rstrip('/')}/{dc}/api"

    @property
    def latency(self) -> float:
        """Seconds each admitted Books call holds its in-flight slot (to exercise the concurrency limit)."""
        return self._pipeline.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._pipeline.latency = seconds

    def add_user(self, email: str, dc: str) -> str:
        """A Zoho user living in `dc`; returns the user id."""
        if dc not in DATA_CENTERS:
            raise ValueError(f"unknown data centre {dc!r}")
        user_id = self._new_id()
        self._oauth.add_user(user_id, email, dc)
        return user_id

    def add_organization(
        self,
        dc: str,
        name: str,
        *,
        plan: str = "professional",
        currency_code: str = "USD",
        time_zone: str = "Etc/UTC",
    ) -> str:
        """A Books organization in `dc`; returns its ``organization_id``."""
        if dc not in DATA_CENTERS or plan not in DAILY_LIMITS:
            raise ValueError(f"unknown data centre {dc!r} or plan {plan!r}")
        org_id = self._new_id()
        org = Organization(org_id, dc, name, plan, currency_code.upper(), time_zone, self.clock.now())
        org.currencies[org.currency_code] = self._new_id()
        self._orgs[org_id] = org
        return org_id

    def grant_access(self, user_id: str, organization_id: str) -> None:
        """Let a user open an organization of their own data centre."""
        org, user = self._orgs[organization_id], self._oauth.users[user_id]
        if org.dc != user.dc:
            raise ValueError("a user can only access organizations in their own data centre")
        if user_id not in org.users:
            org.users.append(user_id)

    def issue_refresh_token(self, user_id: str, scopes: Sequence[str] = (FULL_ACCESS,)) -> str:
        """A refresh token as a self-client grant would give; counts toward the 20-per-user cap."""
        return self._oauth.issue_refresh_token(user_id, scopes)

    def issue_authorization_code(self, user_id: str, redirect_uri: str, scopes: Sequence[str]) -> str:
        """An offline authorization code for `user_id` (valid 120 s, single use)."""
        return self._oauth.issue_code(user_id, redirect_uri, scopes)

    def revoke_refresh_token(self, token: str) -> None:
        """Revoke a refresh token and its access tokens, as the user would in Zoho's console."""
        self._oauth.revoke(token)

    def issued_access_tokens(self) -> list[str]:
        """Every access token this emulator has issued, live or not (for secret scans)."""
        return list(self._oauth.issued_access_tokens)

    def organizations(self) -> list[dict[str, Any]]:
        """Every organization: id, data centre, name and plan."""
        return [
            {"organization_id": org.organization_id, "dc": org.dc, "name": org.name, "plan": org.plan}
            for org in self._orgs.values()
        ]

    def register_webhook(
        self,
        org_id: str,
        *,
        url: str,
        secret: str,
        entity: str = "bill",
        events: Sequence[str] = ("created", "updated"),
    ) -> str:
        """A workflow-rule webhook for `entity` events of one organization; returns its id."""
        return self._hub.register(
            self._orgs[org_id].organization_id, url=url, secret=secret, entity=entity, events=events
        )

    @property
    def outbox(self) -> list[WebhookDelivery]:
        """Deliveries not yet acknowledged with a 2xx."""
        return self._hub.outbox

    async def flush_webhooks(self, http: httpx.AsyncClient) -> list[int]:
        """Deliver every pending webhook through `http`; returns the HTTP statuses in order."""
        return await self._hub.flush(http)
