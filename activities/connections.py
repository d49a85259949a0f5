"""Per-process API clients for connections, built from the store inside activities (secrets never travel
through Temporal).

Caches live as long as the worker process: one `GrantAccessTokens` per Zoho grant (so every connection of a
Zoho user shares one access token) and one `BillClient` — one BILL session — per BILL organization.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from activities.store import ConnectorStore
from activities.zoho_tokens import GrantAccessTokens
from clients.bill import BillClient, BillCredentials
from clients.zoho import ZohoAccountsClient, ZohoBooksClient
from common.errors import AuthRejected, NotFound, Unsupported
from common.regions import ZohoDataCenter
from common.settings import Settings
from persistence.tables import Connection
from persistence.vocabulary import CredentialKind, OwnerKind


@dataclass(frozen=True)
class ZohoOrgClient:
    """A Books client for the connection's Zoho organization."""

    books: ZohoBooksClient
    org_id: str


class ConnectionClients:
    """Builds and caches the clients of each connection (see the module docstring)."""

    def __init__(self, *, settings: Settings, store: ConnectorStore, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._store = store
        self._http = http
        self._lock = asyncio.Lock()
        self._grant_tokens: dict[str, GrantAccessTokens] = {}
        self._bill_clients: dict[str, BillClient] = {}

    async def connection(self, connection_id: str) -> Connection:
        """The stored connection; `NotFound` (permanent) when it does not exist."""
        connection = await asyncio.to_thread(self._store.connections.get, connection_id)
        if connection is None:
            raise NotFound(f"connection {connection_id} does not exist", service="connector")
        return connection

    async def zoho(self, connection: Connection) -> ZohoOrgClient:
        """A Books client for the connection's DC, authenticated with its grant's shared access token."""
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
                    accounts, lambda: self._secret(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
                )
                self._grant_tokens[grant_id] = tokens
        return ZohoOrgClient(ZohoBooksClient(self._http, region.api_domain, tokens), connection.zoho_org_id)

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
                    self._http, api_base=endpoints.api_base, events_base=endpoints.events_base, credentials=credentials
                )
                self._bill_clients[connection.bill_org_id] = client
        return client

    async def _secret(self, owner_kind: OwnerKind, owner_id: str, kind: CredentialKind) -> SecretStr:
        secret = await asyncio.to_thread(self._store.credentials.get, owner_kind, owner_id, kind)
        if secret is None:
            raise AuthRejected(f"no stored {kind} for {owner_kind} {owner_id}", service="connector")
        return secret
