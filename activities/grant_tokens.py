"""Zoho access tokens shared across worker processes: one per grant, stored encrypted with its expiry.

Zoho allows 10 token requests per refresh token per 10 minutes and a grant serves every connection of one
Zoho user, so a token is minted by whichever connection's refresh cycle first finds the stored one about to
expire; everyone else (other connections, other workers) reuses it. Within a process minting is single-flight
per grant (`KeyedLocks`); across processes two workers can race only inside the same instant of a refresh
cycle, which costs at most one extra token per worker — far under Zoho's cap. The stored value is a credential
(owner kind `zoho_grant`, kind `zoho_access_token`), so it is encrypted like every other secret.

A refresh token Zoho rejects is remembered in the store (its fingerprint, kind `zoho_rejected_refresh_token`)
and every connection of the grant is put in `needs_reauth` (`mark_grant_needs_reauth`): no worker and no
sibling connection asks Zoho again until re-authorization stores a different refresh token.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from activities.locks import KeyedLocks
from activities.store import ConnectorStore
from clients.zoho import ZohoAccountsClient
from common.errors import AuthRejected, Unsupported
from common.regions import ZohoDataCenter
from common.settings import Settings
from common.telemetry.metrics import token_refreshed
from persistence.tables import Connection, ZohoGrant
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind

log = logging.getLogger(__name__)

REAUTH_REASON = "Zoho rejected the grant's refresh token; re-authorize via /oauth/zoho/start?connection=<id>"
REFRESH_AHEAD = timedelta(minutes=10)
"""The refresh cycle mints a new token when the stored one has less than this left (cycles run every 55 min)."""
USE_MARGIN = timedelta(minutes=2)
"""A Books call never starts with a token that has less than this left."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StoredAccessToken(BaseModel):
    """A grant's current access token, when Zoho expires it, and which refresh token it was minted from."""

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    expires_at: datetime
    source: str | None = None
    """`refresh_token_fingerprint` of the refresh token it was minted from; None: stored together with its
    refresh token (onboarding's code exchange), so it is from the current one until that is replaced."""

    def remaining(self, now: datetime) -> timedelta:
        """Time left before expiry (negative once expired)."""
        return self.expires_at - now

    def sealed(self) -> SecretStr:
        """The whole record as one secret (token, expiry and source are stored together, atomically)."""
        wire = StoredAccessTokenWire(
            access_token=self.access_token.get_secret_value(), expires_at=self.expires_at, source=self.source
        )
        return SecretStr(wire.model_dump_json())

    @classmethod
    def unsealed(cls, secret: SecretStr) -> StoredAccessToken | None:
        """The record, or None if the stored value is not one (treated as absent: a new token is minted)."""
        try:
            wire = StoredAccessTokenWire.model_validate_json(secret.get_secret_value())
        except ValidationError:
            return None
        return cls(access_token=SecretStr(wire.access_token), expires_at=wire.expires_at, source=wire.source)


class StoredAccessTokenWire(BaseModel):
    """The plaintext JSON inside the encrypted credential (never logged, never returned)."""

    access_token: str = Field(repr=False)
    expires_at: datetime
    source: str | None = None


class SharedGrantTokens:
    """Reads, reuses and (single-flight) mints each grant's access token; see the module docstring."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: ConnectorStore,
        http: httpx.AsyncClient,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._settings = settings
        self._store = store
        self._http = http
        self._now = now
        self._locks = KeyedLocks()

    async def ensure(
        self, holder: Connection | ZohoGrant, *, min_remaining: timedelta, rejected: SecretStr | None = None
    ) -> tuple[StoredAccessToken, bool]:
        """A token with at least `min_remaining` left (minted if needed, True when minted).

        `rejected` is a token a Books call was refused with: it is never returned again. A stored token minted
        from another refresh token than the grant's current one (the grant was re-authorized) is not reused.
        `AuthRejected` without a token request when Zoho already rejected the grant's current refresh token.
        """
        grant_id, dc = grant_of(holder)
        async with self._locks.hold(grant_id):
            refresh_token = await self._refresh_token(grant_id)
            source = refresh_token_fingerprint(refresh_token)
            if await self._rejected_source(grant_id) == source:
                raise AuthRejected(
                    f"grant {grant_id} needs re-authorization: its refresh token was rejected", service="connector"
                )
            stored = await self.load(grant_id)
            if (
                stored is not None
                and stored.source in (None, source)
                and stored.remaining(self._now()) >= min_remaining
                and not _same(stored, rejected)
            ):
                return stored, False
            try:
                minted = await self._mint(grant_id, dc, refresh_token)
            except AuthRejected:
                await asyncio.to_thread(mark_grant_needs_reauth, self._store, grant_id, source)
                raise
            await asyncio.to_thread(
                self._store.credentials.put,
                OwnerKind.ZOHO_GRANT,
                grant_id,
                CredentialKind.ZOHO_ACCESS_TOKEN,
                minted.sealed(),
            )
            return minted, True

    async def load(self, grant_id: str) -> StoredAccessToken | None:
        """The grant's stored token, if any."""
        secret = await asyncio.to_thread(
            self._store.credentials.get, OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_ACCESS_TOKEN
        )
        return None if secret is None else StoredAccessToken.unsealed(secret)

    async def _rejected_source(self, grant_id: str) -> str | None:
        secret = await asyncio.to_thread(
            self._store.credentials.get, OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REJECTED_REFRESH_TOKEN
        )
        return None if secret is None else secret.get_secret_value()

    async def _refresh_token(self, grant_id: str) -> SecretStr:
        refresh_token = await asyncio.to_thread(
            self._store.credentials.get, OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN
        )
        if refresh_token is None:
            raise AuthRejected(f"no stored refresh token for grant {grant_id}", service="connector")
        return refresh_token

    async def _mint(self, grant_id: str, dc: str, refresh_token: SecretStr) -> StoredAccessToken:
        try:
            region = self._settings.zoho_region(ZohoDataCenter(dc))
        except ValueError:
            raise Unsupported(f"grant {grant_id} names an unknown Zoho DC {dc!r}", service="connector") from None
        accounts = ZohoAccountsClient(
            self._http, region.accounts_url, self._settings.zoho_client_id, self._settings.zoho_client_secret
        )
        requested_at = self._now()
        tokens = await accounts.refresh(refresh_token)
        token_refreshed("zoho-accounts", grant_id)
        return StoredAccessToken(
            access_token=tokens.access_token,
            expires_at=requested_at + timedelta(seconds=tokens.expires_in),
            source=refresh_token_fingerprint(refresh_token),
        )


class GrantTokenProvider:
    """The `AccessTokenProvider` of one grant (given as a connection of it, or the grant itself), backed by
    `SharedGrantTokens` (for Books clients: sync activities and onboarding's organization listing)."""

    def __init__(self, tokens: SharedGrantTokens, connection: Connection | ZohoGrant) -> None:
        self._tokens = tokens
        self._connection = connection
        self._last: SecretStr | None = None

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        """A token with `USE_MARGIN` left; after a rejection, any token but the rejected one."""
        rejected = self._last if force_refresh else None
        token, _ = await self._tokens.ensure(self._connection, min_remaining=USE_MARGIN, rejected=rejected)
        self._last = token.access_token
        return token.access_token


def grant_of(holder: Connection | ZohoGrant) -> tuple[str, str]:
    """(grant id, Zoho DC) of a connection's grant, or of a grant."""
    if isinstance(holder, ZohoGrant):
        return holder.id, holder.dc
    return holder.zoho_grant_id, holder.zoho_dc


def mark_grant_needs_reauth(store: ConnectorStore, grant_id: str, rejected_source: str) -> list[str]:
    """Remember that the grant's refresh token (fingerprint `rejected_source`) was rejected, drop its shared
    access token (dead too) and put every active connection of the grant in `needs_reauth`.

    Paused connections keep their status (resuming one meets the same refusal). Returns the connections changed.
    """
    store.credentials.put(
        OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REJECTED_REFRESH_TOKEN, SecretStr(rejected_source)
    )
    store.credentials.delete(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_ACCESS_TOKEN)
    changed = [
        c.id for c in store.connections.list() if c.zoho_grant_id == grant_id and c.status == ConnectionStatus.ACTIVE
    ]
    for connection_id in changed:
        store.connections.set_status(connection_id, ConnectionStatus.NEEDS_REAUTH.value, REAUTH_REASON)
    log.warning("zoho grant %s rejected; connections now needs_reauth: %s", grant_id, ", ".join(changed) or "none")
    return changed


def refresh_token_fingerprint(refresh_token: SecretStr) -> str:
    """A short non-reversible label of a refresh token (tells which one an access token came from)."""
    return hashlib.sha256(refresh_token.get_secret_value().encode()).hexdigest()[:16]


def _same(stored: StoredAccessToken, rejected: SecretStr | None) -> bool:
    return rejected is not None and stored.access_token.get_secret_value() == rejected.get_secret_value()
