"""Zoho access tokens per grant: minted once, shared by every activity of the worker process, refreshed
single-flight under an `asyncio.Lock`.

Zoho allows about ten token requests per refresh token per ten minutes (API-FACTS §1.3); minting a token per
activity attempt would lock the integration out. A token is reused until `REFRESH_MARGIN` before it expires;
`force_refresh=True` (the Books client's answer to a 401/57) mints a new one unless another caller already
replaced the token that was rejected.

A refresh token Zoho refuses (`AuthRejected`: revoked, evicted, invalid) is remembered: `on_rejected` runs once
(the caller marks the grant's connections `needs_reauth`) and every later call fails at once without a token
request, until the store holds a different refresh token (the re-authorization callback wrote it).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from pydantic import SecretStr

from clients.zoho import ZohoAccountsClient
from common.errors import AuthRejected

REFRESH_MARGIN = timedelta(minutes=5)


class GrantAccessTokens:
    """The `AccessTokenProvider` of one Zoho grant (one refresh token)."""

    def __init__(
        self,
        accounts: ZohoAccountsClient,
        load_refresh_token: Callable[[], Awaitable[SecretStr]],
        *,
        on_rejected: Callable[[], Awaitable[None]] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._accounts = accounts
        self._load_refresh_token = load_refresh_token
        self._on_rejected = on_rejected
        self._monotonic = monotonic
        self._rejected_refresh_token: str | None = None
        self._lock = asyncio.Lock()
        self._token: SecretStr | None = None
        self._expires_at = 0.0
        self.refresh_count = 0

    def _fresh(self) -> bool:
        return self._token is not None and self._monotonic() < self._expires_at

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        """A valid access token; see the module docstring for when a new one is minted."""
        rejected = self._token if force_refresh else None
        if not force_refresh and self._token is not None and self._fresh():
            return self._token
        async with self._lock:
            if self._token is not None and self._fresh() and self._token is not rejected:
                return self._token
            refresh_token = await self._load_refresh_token()
            if refresh_token.get_secret_value() == self._rejected_refresh_token:
                raise AuthRejected("the grant's refresh token was rejected; re-authorize it", service="connector")
            try:
                tokens = await self._accounts.refresh(refresh_token)
            except AuthRejected:
                self._token, self._rejected_refresh_token = None, refresh_token.get_secret_value()
                if self._on_rejected is not None:
                    await self._on_rejected()
                raise
            self.refresh_count += 1
            self._token = tokens.access_token
            self._expires_at = self._monotonic() + _usable_seconds(tokens.expires_in)
            return self._token


def _usable_seconds(expires_in: int) -> float:
    """How long to reuse a token: its lifetime minus the margin (half its lifetime when that is shorter)."""
    margin = REFRESH_MARGIN.total_seconds()
    return expires_in - margin if expires_in > 2 * margin else expires_in / 2
