"""Zoho authorization-code onboarding: consent URL, callback, organization pick (API-FACTS §1.1-1.3).

Safety rules, in the order the callback applies them:
- the `state` must be one we issued, unused and unexpired (`OAuthStates`);
- `accounts-server` must be a known Zoho accounts server (`Settings.zoho_region_for_accounts_server`), otherwise
  the code is never exchanged, so the client secret never reaches a forged host;
- the token answer's `api_domain` must be that data centre's API domain, otherwise the tokens are revoked and
  refused;
- the refresh token is stored once per Zoho user grant (never per organization); re-authorizing a grant replaces
  its token, revokes the old one, and returns its `needs_reauth` connections to `active`.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
from pydantic import SecretStr
from sqlalchemy import Engine

from activities.grant_tokens import GrantTokenProvider, SharedGrantTokens
from activities.store import ConnectorStore
from clients.zoho import ZohoAccountsClient, ZohoBooksClient, ZohoOrganization, ZohoTokenSet
from common.errors import SyncError
from common.regions import ZohoDataCenter, ZohoRegion, normalize_base_url
from common.settings import Settings
from connections.errors import OnboardingRefused
from connections.grant_token import FixedToken, stored_token
from connections.grants import GrantDirectory
from connections.oauth_state import InvalidState, OAuthIntent, OAuthStates
from persistence.errors import ConnectionConflict
from persistence.tables import Connection, ZohoGrant
from persistence.timestamps import utc_now
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind

log = logging.getLogger(__name__)

SCOPES = (
    "ZohoBooks.settings.READ",
    "ZohoBooks.bills.ALL",
    "ZohoBooks.contacts.ALL",
    "ZohoBooks.accountants.ALL",
    "ZohoBooks.expenses.READ",
    "ZohoBooks.purchaseorders.READ",
)
"""What the connector asks consent for: organizations, bills and vendors (both ways), accounts, expenses, POs."""
CALLBACK_PATH = "/oauth/zoho/callback"


@dataclass(frozen=True)
class AuthorizedGrant:
    """The outcome of a consent: the grant (new or re-authorized) and the connections it returned to `active`."""

    grant_id: str
    dc: str
    resumed_connection_ids: tuple[str, ...]


@dataclass(frozen=True)
class NewConnection:
    """A connection made by picking an organization, and the webhook secret to enter in Zoho (shown once)."""

    connection: Connection
    webhook_secret: SecretStr


class ZohoOnboarding:
    """Everything between "connect Zoho" and a stored connection; used by the gateway and the CLI."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: ConnectorStore,
        engine: Engine,
        http: httpx.AsyncClient,
        scopes: Sequence[str] = SCOPES,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._settings = settings
        self._store = store
        self._http = http
        self._scopes = scopes
        self._now = now
        self._states = OAuthStates(engine, now=now)
        self._tokens = SharedGrantTokens(settings=settings, store=store, http=http, now=now)
        self._grants = GrantDirectory(engine)
        self.public_url = settings.gateway_public_url.rstrip("/")
        self.redirect_uri = f"{self.public_url}{CALLBACK_PATH}"

    def intent(
        self, *, label: str | None = None, connection_id: str | None = None, dc: ZohoDataCenter = ZohoDataCenter.US
    ) -> OAuthIntent:
        """What a consent is for: a new grant (`label`, in `dc`) or a connection's grant (its own DC)."""
        if (label is None) == (connection_id is None):
            raise OnboardingRefused("give either a label (new grant) or a connection (re-authorization)")
        if connection_id is not None:
            connection = self._store.connections.get(connection_id)
            if connection is None:
                raise OnboardingRefused(f"connection {connection_id} does not exist")
            dc = ZohoDataCenter(connection.zoho_dc)
        return OAuthIntent(dc=dc.value, label=label, connection_id=connection_id)

    def start(self, intent: OAuthIntent) -> str:
        """The consent URL, with a fresh single-use state bound to `intent`.

        It starts at the DC's own accounts server (China must; the others are redirected by Zoho if needed).
        """
        state = self._states.issue(intent)
        return self._accounts(self.region(intent)).authorization_url(
            redirect_uri=self.redirect_uri, scopes=self._scopes, state=state
        )

    def region(self, intent: OAuthIntent) -> ZohoRegion:
        """The hosts of the intent's data centre."""
        return self._settings.zoho_region(ZohoDataCenter(intent.dc))

    async def complete(
        self, *, state: str, code: SecretStr, accounts_server: str, location: str | None
    ) -> AuthorizedGrant:
        """Handle Zoho's redirect: check the state, then `redeem` the code."""
        try:
            intent = await asyncio.to_thread(self._states.consume, state)
        except InvalidState as exc:
            raise OnboardingRefused(str(exc)) from None
        return await self.redeem(intent, code=code, accounts_server=accounts_server, location=location)

    async def redeem(
        self, intent: OAuthIntent, *, code: SecretStr, accounts_server: str, location: str | None
    ) -> AuthorizedGrant:
        """Exchange a code (from the callback, or pasted into the CLI) and store the grant's refresh token."""
        region = self._settings.zoho_region_for_accounts_server(accounts_server)
        if region is None:
            raise OnboardingRefused("accounts-server is not a known Zoho accounts server")
        if location and location.lower() != region.dc.value:
            raise OnboardingRefused("location does not match the accounts server's data centre")
        if intent.connection_id is not None and intent.dc != region.dc.value:
            raise OnboardingRefused("the grant was re-authorized by a user of another data centre")
        accounts = self._accounts(region)
        requested_at = self._now()
        tokens = await accounts.exchange_code(code.get_secret_value(), self.redirect_uri)
        refresh_token = await self._checked_refresh_token(accounts, region, tokens)
        grant = await asyncio.to_thread(self._existing_grant, intent, region)
        if grant is None:
            grant = await asyncio.to_thread(self._new_grant, intent, region)
        else:
            await self._check_same_reach(grant, region, accounts, tokens)
        previous = await asyncio.to_thread(self._store_tokens, grant.id, refresh_token, tokens, requested_at)
        if previous is not None and previous.get_secret_value() != refresh_token.get_secret_value():
            await _revoke_quietly(accounts, previous)
        resumed = await asyncio.to_thread(self._resume_connections, grant.id)
        log.info("zoho grant %s authorized in %s; %d connection(s) resumed", grant.id, region.dc.value, len(resumed))
        return AuthorizedGrant(grant.id, region.dc.value, resumed)

    async def organizations(self, grant_id: str) -> list[ZohoOrganization]:
        """The Books organizations the grant's user can open, in the grant's data centre."""
        grant, region = self._grant(grant_id)
        token = GrantTokenProvider(self._tokens, grant)
        return await ZohoBooksClient(self._http, region.api_domain, token).list_organizations()

    async def connect(self, grant_id: str, zoho_org_id: str, bill_org_id: str, name: str | None) -> NewConnection:
        """Pair one of the grant's organizations with a BILL organization already connected (`connect bill`)."""
        grant, _ = self._grant(grant_id)
        org = next((o for o in await self.organizations(grant_id) if o.organization_id == zoho_org_id), None)
        if org is None:
            raise OnboardingRefused(f"Zoho organization {zoho_org_id} is not reachable with grant {grant_id}")
        username = self._store.credentials.get(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_USERNAME)
        if username is None:
            raise OnboardingRefused(f"BILL organization {bill_org_id} is not connected yet (ml-connector connect bill)")
        connection = Connection(
            name=name or org.name,
            zoho_grant_id=grant.id,
            zoho_dc=grant.dc,
            zoho_org_id=org.organization_id,
            zoho_org_name=org.name,
            bill_org_id=bill_org_id,
            bill_username=username.get_secret_value(),
        )
        try:
            await asyncio.to_thread(self._store.connections.add, connection)
        except ConnectionConflict as exc:
            raise OnboardingRefused(str(exc)) from None
        webhook_secret = SecretStr(secrets.token_hex(20))
        await asyncio.to_thread(
            self._store.credentials.put,
            OwnerKind.CONNECTION,
            connection.id,
            CredentialKind.ZOHO_WEBHOOK_SECRET,
            webhook_secret,
        )
        return NewConnection(connection, webhook_secret)

    def _accounts(self, region: ZohoRegion) -> ZohoAccountsClient:
        return ZohoAccountsClient(
            self._http, region.accounts_url, self._settings.zoho_client_id, self._settings.zoho_client_secret
        )

    def _grant(self, grant_id: str) -> tuple[ZohoGrant, ZohoRegion]:
        grant = self._store.connections.get_grant(grant_id)
        if grant is None:
            raise OnboardingRefused(f"grant {grant_id} does not exist")
        return grant, self._settings.zoho_region(ZohoDataCenter(grant.dc))

    async def _checked_refresh_token(
        self, accounts: ZohoAccountsClient, region: ZohoRegion, tokens: ZohoTokenSet
    ) -> SecretStr:
        if normalize_base_url(tokens.api_domain) != normalize_base_url(region.api_domain):
            if tokens.refresh_token is not None:
                await _revoke_quietly(accounts, tokens.refresh_token)
            raise OnboardingRefused("the token's api_domain is not the accounts server's data centre")
        if tokens.refresh_token is None:
            raise OnboardingRefused("Zoho returned no refresh token (access_type=offline is required)")
        return tokens.refresh_token

    def _existing_grant(self, intent: OAuthIntent, region: ZohoRegion) -> ZohoGrant | None:
        """The grant this consent renews: the connection's, or the one with the label in this DC (None: new)."""
        if intent.connection_id is None:
            return self._grants.find(region.dc.value, intent.label or "")
        connection = self._store.connections.get(intent.connection_id)
        grant = None if connection is None else self._store.connections.get_grant(connection.zoho_grant_id)
        if grant is None:
            raise OnboardingRefused(f"connection {intent.connection_id} no longer exists")
        return grant

    def _new_grant(self, intent: OAuthIntent, region: ZohoRegion) -> ZohoGrant:
        grant = ZohoGrant(
            dc=region.dc.value,
            accounts_url=region.accounts_url,
            api_domain=region.api_domain,
            user_label=intent.label or "",
        )
        return self._store.connections.add_grant(grant)

    async def _check_same_reach(
        self, grant: ZohoGrant, region: ZohoRegion, accounts: ZohoAccountsClient, tokens: ZohoTokenSet
    ) -> None:
        """A renewed grant must still open every organization connected through it (else another Zoho user
        consented, and those connections would silently break): the new tokens are revoked and refused."""
        connected = {c.zoho_org_id for c in await asyncio.to_thread(self._grants.connections_of, grant.id)}
        if not connected:
            return
        books = ZohoBooksClient(self._http, region.api_domain, FixedToken(tokens.access_token))
        reachable = {o.organization_id for o in await books.list_organizations()}
        missing = sorted(connected - reachable)
        if missing:
            if tokens.refresh_token is not None:
                await _revoke_quietly(accounts, tokens.refresh_token)
            raise OnboardingRefused(f"the consenting Zoho user cannot open connected organization(s) {missing}")

    def _store_tokens(
        self, grant_id: str, refresh_token: SecretStr, tokens: ZohoTokenSet, requested_at: datetime
    ) -> SecretStr | None:
        """Store the grant's refresh token and its first access token; returns the refresh token replaced."""
        credentials = self._store.credentials
        previous = credentials.get(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
        credentials.put(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN, refresh_token)
        access = stored_token(tokens, requested_at)
        credentials.put(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_ACCESS_TOKEN, access.sealed())
        return previous

    def _resume_connections(self, grant_id: str) -> tuple[str, ...]:
        resumed = []
        for connection in self._grants.connections_of(grant_id):
            if connection.status == ConnectionStatus.NEEDS_REAUTH:
                self._store.connections.set_status(connection.id, ConnectionStatus.ACTIVE.value)
                resumed.append(connection.id)
        return tuple(resumed)


async def _revoke_quietly(accounts: ZohoAccountsClient, refresh_token: SecretStr) -> None:
    """Revoke a refresh token we will not keep (frees one of the user's 20); failure only costs that slot."""
    try:
        await accounts.revoke(refresh_token)
    except SyncError as exc:
        log.warning("could not revoke a replaced zoho refresh token: %s", type(exc).__name__)
