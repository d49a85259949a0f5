"""Per-process API clients for connections, built from the store inside activities (secrets never travel
through Temporal).

Caches live as long as the worker process: one `GrantAccessTokens` per Zoho grant (so every connection of a
Zoho user shares one access token) and one `BillClient` — one BILL session — per BILL organization.
A connection in `needs_reauth` gets no Books client (no token request until re-authorization); a refresh token
Zoho rejects puts every active connection of its grant in `needs_reauth` (`mark_grant_needs_reauth`).
Books and BILL requests go through per-organization clients that hold a slot of the organization's rate
budget, shared through the database with every other worker (see `activities.rate_budget`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from activities.grant_tokens import ACCESS_TOKEN_KIND
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
from activities.zoho_tokens import GrantAccessTokens
from clients.bill import BillClient, BillCredentials
from clients.zoho import ZohoAccountsClient, ZohoBooksClient
from common.errors import AuthRejected, NotFound, Unsupported
from common.regions import ZohoDataCenter
from common.settings import Settings
from persistence.db import make_engine
from persistence.tables import Connection
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind

log = logging.getLogger(__name__)

REAUTH_REASON = "Zoho rejected the grant's refresh token; re-authorize via /oauth/zoho/start?connection=<id>"


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
    ) -> None:
        """`budget` defaults to one over the configured database; `limits` to the vendors' published ones."""
        self._settings = settings
        self._store = store
        self._http = http
        self._budget = budget or RateBudget.open(make_engine(settings.effective_database_url()))
        self._limits = limits or VendorLimits()
        self._lock = asyncio.Lock()
        self._grant_tokens: dict[str, GrantAccessTokens] = {}
        self._bill_clients: dict[str, BillClient] = {}
        self._zoho_http: dict[str, httpx.AsyncClient] = {}

    async def connection(self, connection_id: str) -> Connection:
        """The stored connection; `NotFound` (permanent) when it does not exist."""
        connection = await asyncio.to_thread(self._store.connections.get, connection_id)
        if connection is None:
            raise NotFound(f"connection {connection_id} does not exist", service="connector")
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
            tokens = self._grant_tokens.get(connection.zoho_grant_id)
            if tokens is None:
                accounts = ZohoAccountsClient(
                    self._http,
                    region.accounts_url,
                    self._settings.zoho_client_id,
                    self._settings.zoho_client_secret,
                )
                grant_id = connection.zoho_grant_id
                tokens = GrantAccessTokens(
                    accounts,
                    lambda: self._secret(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN),
                    on_rejected=lambda: self._grant_rejected(grant_id),
                )
                self._grant_tokens[grant_id] = tokens
            http = self._zoho_http.get(connection.zoho_org_id)
            if http is None:
                http = self._zoho_http[connection.zoho_org_id] = self._zoho_org_http(connection.zoho_org_id)
        return ZohoOrgClient(ZohoBooksClient(http, region.api_domain, tokens), connection.zoho_org_id)

    async def bill(self, connection: Connection) -> BillClient:
        """The BILL client (and session) of the connection's BILL organization."""
        async with self._lock:
            client = self._bill_clients.get(connection.bill_org_id)
            if client is None:
                org = connection.bill_org_id
                credentials = BillCredentials(
                    dev_key=await self._secret(OwnerKind.BILL_ORG, org, CredentialKind.BILL_DEV_KEY),
                    username=connection.bill_username,
                    password=await self._secret(OwnerKind.BILL_ORG, org, CredentialKind.BILL_PASSWORD),
                    organization_id=org,
                )
                endpoints = self._settings.bill_endpoints()
                client = BillClient(
                    self._bill_http(credentials.dev_key, org),
                    api_base=endpoints.api_base,
                    events_base=endpoints.events_base,
                    credentials=credentials,
                )
                self._bill_clients[connection.bill_org_id] = client
        return client

    def _zoho_org_http(self, org_id: str) -> httpx.AsyncClient:
        """Books requests of one Zoho organization under its budget."""
        rule = zoho_rule(org_id, self._limits)
        penalty = zoho_penalty(rule.rates[0].key, rule.concurrency[0].key)
        return budgeted_client(self._http, self._budget, lambda _request: rule, penalty)

    def _bill_http(self, dev_key: SecretStr, org_id: str) -> httpx.AsyncClient:
        return bill_budgeted_http(self._http, self._budget, self._limits, dev_key, org_id)

    async def _grant_rejected(self, grant_id: str) -> None:
        await asyncio.to_thread(mark_grant_needs_reauth, self._store, grant_id)

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
    penalty = bill_penalty(call.rates[0].key, call.concurrency[0].key)
    return budgeted_client(
        http, budget, lambda request: login if request.url.path.endswith("/login") else call, penalty
    )


def mark_grant_needs_reauth(store: ConnectorStore, grant_id: str) -> list[str]:
    """Put every active connection of the grant in `needs_reauth` and drop its shared access token (dead too).

    Paused connections keep their status (resuming one meets the same refusal). Returns the connections changed.
    """
    changed = [
        c.id for c in store.connections.list() if c.zoho_grant_id == grant_id and c.status == ConnectionStatus.ACTIVE
    ]
    for connection_id in changed:
        store.connections.set_status(connection_id, ConnectionStatus.NEEDS_REAUTH.value, REAUTH_REASON)
    store.credentials.delete(OwnerKind.ZOHO_GRANT, grant_id, ACCESS_TOKEN_KIND)
    log.warning("zoho grant %s rejected; connections now needs_reauth: %s", grant_id, ", ".join(changed) or "none")
    return changed
