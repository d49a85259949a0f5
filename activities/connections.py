"""Per-process API clients for connections, built from the store inside activities (secrets never travel
through Temporal).

Books clients authenticate with the grant's store-shared access token (`activities.grant_tokens`: every
connection of a Zoho user, in every worker, shares one token; a rejected refresh token puts the grant's
connections in `needs_reauth`). One `BillClient` — one BILL session — per BILL organization is reused while
the organization's stored credentials stay the same (re-read at most every `BILL_CREDENTIALS_RECHECK`, so
credentials stored again by `connect bill` are picked up without restarting workers). A connection in
`needs_reauth` gets no Books client (no token request until re-authorization).
Books and BILL requests go through per-organization clients that hold a slot of the organization's rate
budget, shared through the database with every other worker (see `activities.rate_budget`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from activities.grant_tokens import GrantTokenProvider, SharedGrantTokens
from activities.rate_budget import (
    RateBudget,
    VendorLimits,
    bill_penalty,
    bill_rule,
    budgeted_client,
    dev_key_digest,
    zoho_penalty,
    zoho_rule,
)
from activities.store import ConnectorStore
from clients.bill import BillClient, BillCredentials
from clients.zoho import ZohoBooksClient
from common.errors import AuthRejected, NotFound, PayloadRejected, Unsupported
from common.regions import ZohoDataCenter
from common.settings import Settings
from common.telemetry.metrics import counting_rate_limits
from persistence.db import make_engine
from persistence.tables import Connection
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind

log = logging.getLogger(__name__)

BILL_CREDENTIALS_RECHECK = 60.0
"""Seconds a BILL client is reused before its organization's stored credentials are compared again."""


@dataclass
class _BillEntry:
    client: BillClient
    credentials: BillCredentials
    checked_at: float


@dataclass(frozen=True)
class ZohoOrgClient:
    """A Books client for the connection's Zoho organization."""

    books: ZohoBooksClient
    org_id: str


class ConnectionClients:
    """Builds and caches the clients of each connection (see the module docstring)."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: ConnectorStore,
        http: httpx.AsyncClient,
        budget: RateBudget | None = None,
        limits: VendorLimits | None = None,
        tokens: SharedGrantTokens | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`budget` defaults to one over the configured database; `limits` to the vendors' published ones;
        `tokens` to the grants' shared tokens over `store` (tests pass one with a virtual clock)."""
        self._settings = settings
        self._store = store
        self._http = http
        self._budget = budget or RateBudget.open(make_engine(settings.effective_database_url()))
        self._limits = limits or VendorLimits()
        self._tokens = tokens or SharedGrantTokens(settings=settings, store=store, http=http)
        self._lock = asyncio.Lock()
        self._monotonic = monotonic
        self._bill_clients: dict[str, _BillEntry] = {}
        self._zoho_http: dict[str, httpx.AsyncClient] = {}

    async def connection(self, connection_id: str) -> Connection:
        """The stored connection; `NotFound` (permanent) when it does not exist."""
        connection = await asyncio.to_thread(self._store.connections.get, connection_id)
        if connection is None:
            raise NotFound(f"connection {connection_id} does not exist", service="connector")
        return connection

    async def connection_of_org(self, connection_id: str, zoho_org_id: str) -> Connection:
        """The stored connection, checked to own `zoho_org_id` (`PayloadRejected`, permanent, when it does not)."""
        connection = await self.connection(connection_id)
        if connection.zoho_org_id != zoho_org_id:
            message = f"connection {connection_id} does not own Zoho org {zoho_org_id}"
            raise PayloadRejected(message, service="connector")
        return connection

    async def zoho(self, connection: Connection) -> ZohoOrgClient:
        """A Books client for the connection's DC, authenticated with its grant's shared access token."""
        if connection.status == ConnectionStatus.NEEDS_REAUTH:
            raise AuthRejected(f"connection {connection.id} needs Zoho re-authorization", service="connector")
        try:
            dc = ZohoDataCenter(connection.zoho_dc)
        except ValueError:
            raise Unsupported(f"connection {connection.id} names an unknown Zoho DC", service="connector") from None
        region = self._settings.zoho_region(dc)
        async with self._lock:
            http = self._zoho_http.get(connection.zoho_org_id)
            if http is None:
                http = self._zoho_http[connection.zoho_org_id] = self._zoho_org_http(connection.zoho_org_id)
        tokens = GrantTokenProvider(self._tokens, connection)
        return ZohoOrgClient(ZohoBooksClient(http, region.api_domain, tokens), connection.zoho_org_id)

    async def bill(self, connection: Connection) -> BillClient:
        """The BILL client (and session) of the connection's BILL organization; a new one (new session) once
        the stored credentials differ from the ones it logs in with."""
        org = connection.bill_org_id
        async with self._lock:
            entry = self._bill_clients.get(org)
            now = self._monotonic()
            if entry is not None and now - entry.checked_at < BILL_CREDENTIALS_RECHECK:
                return entry.client
            credentials = BillCredentials(
                dev_key=await self._secret(OwnerKind.BILL_ORG, org, CredentialKind.BILL_DEV_KEY),
                username=connection.bill_username,
                password=await self._secret(OwnerKind.BILL_ORG, org, CredentialKind.BILL_PASSWORD),
                organization_id=org,
            )
            if entry is None or entry.credentials != credentials:
                endpoints = self._settings.bill_endpoints()
                client = BillClient(
                    self._bill_http(credentials.dev_key, org),
                    api_base=endpoints.api_base,
                    events_base=endpoints.events_base,
                    credentials=credentials,
                )
                entry = self._bill_clients[org] = _BillEntry(client, credentials, now)
            entry.checked_at = now
            return entry.client

    def _zoho_org_http(self, org_id: str) -> httpx.AsyncClient:
        """Books requests of one Zoho organization under its budget."""
        rule = zoho_rule(org_id, self._limits)
        penalty = zoho_penalty(rule.rates[0].key, rule.concurrency[0].key)
        penalty = counting_rate_limits(penalty, service="zoho-books", org=org_id)
        return budgeted_client(self._http, self._budget, lambda _request: rule, penalty)

    def _bill_http(self, dev_key: SecretStr, org_id: str) -> httpx.AsyncClient:
        return bill_budgeted_http(self._http, self._budget, self._limits, dev_key, org_id)

    async def _secret(self, owner_kind: OwnerKind, owner_id: str, kind: CredentialKind) -> SecretStr:
        secret = await asyncio.to_thread(self._store.credentials.get, owner_kind, owner_id, kind)
        if secret is None:
            raise AuthRejected(f"no stored {kind} for {owner_kind} {owner_id}", service="connector")
        return secret


def bill_budgeted_http(
    http: httpx.AsyncClient, budget: RateBudget, limits: VendorLimits, dev_key: SecretStr, org_id: str
) -> httpx.AsyncClient:
    """Requests of one BILL organization under its devKey's budget (logins also under the login window)."""
    dev_key_id = dev_key_digest(dev_key.get_secret_value())
    call, login = (bill_rule(dev_key_id, org_id, limits, login=flag) for flag in (False, True))
    penalty = counting_rate_limits(bill_penalty(call.rates[0].key, call.concurrency[0].key), service="bill", org=org_id)
    return budgeted_client(
        http, budget, lambda request: login if request.url.path.endswith("/login") else call, penalty
    )
