"""The access token onboarding uses to list a grant's organizations: the grant's stored, shared token.

The callback stores the token Zoho returned with the refresh token, so listing organizations right after consent
costs no token request; later it is reused from the store (the same record `activities.grant_tokens` shares)
and minted only when it is about to expire, so onboarding adds nothing to Zoho's 10-per-10-minutes budget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import SecretStr

from activities.grant_tokens import USE_MARGIN, StoredAccessToken, refresh_token_fingerprint
from activities.store import ConnectorStore
from clients.zoho import ZohoAccountsClient, ZohoTokenSet
from common.errors import AuthRejected
from persistence.vocabulary import CredentialKind, OwnerKind


def stored_token(tokens: ZohoTokenSet, requested_at: datetime, *, source: str | None = None) -> StoredAccessToken:
    """The shareable record of a token-endpoint answer obtained at `requested_at`; `source` is the fingerprint
    of the refresh token it was minted from (None: obtained together with the refresh token stored with it)."""
    return StoredAccessToken(
        access_token=tokens.access_token,
        expires_at=requested_at + timedelta(seconds=tokens.expires_in),
        source=source,
    )


class GrantToken:
    """`AccessTokenProvider` over the grant's stored token (see the module docstring)."""

    def __init__(
        self, store: ConnectorStore, accounts: ZohoAccountsClient, grant_id: str, now: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._accounts = accounts
        self._grant_id = grant_id
        self._now = now
        self._lock = asyncio.Lock()

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        """The stored token while it has `USE_MARGIN` left (and was not just rejected), else a new one."""
        async with self._lock:
            secret = await asyncio.to_thread(
                self._store.credentials.get, OwnerKind.ZOHO_GRANT, self._grant_id, CredentialKind.ZOHO_ACCESS_TOKEN
            )
            stored = None if secret is None else StoredAccessToken.unsealed(secret)
            if stored is not None and not force_refresh and stored.remaining(self._now()) >= USE_MARGIN:
                return stored.access_token
            refresh_token = await asyncio.to_thread(
                self._store.credentials.get, OwnerKind.ZOHO_GRANT, self._grant_id, CredentialKind.ZOHO_REFRESH_TOKEN
            )
            if refresh_token is None:
                raise AuthRejected(f"no stored refresh token for grant {self._grant_id}", service="connector")
            requested_at = self._now()
            minted = stored_token(
                await self._accounts.refresh(refresh_token),
                requested_at,
                source=refresh_token_fingerprint(refresh_token),
            )
            await asyncio.to_thread(
                self._store.credentials.put,
                OwnerKind.ZOHO_GRANT,
                self._grant_id,
                CredentialKind.ZOHO_ACCESS_TOKEN,
                minted.sealed(),
            )
            return minted.access_token


class FixedToken:
    """`AccessTokenProvider` of one token just received (no refresh: a rejection stays a rejection)."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        """The token; `AuthRejected` when asked for a new one."""
        if force_refresh:
            raise AuthRejected("the access token just issued was rejected", service="connector")
        return self._token
