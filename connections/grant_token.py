"""Access tokens of onboarding: the record of a code exchange's token, and a just-issued token as a provider.

The callback stores the token Zoho returned with the refresh token (`stored_token`), so listing organizations
right after consent costs no token request; later listings use `activities.grant_tokens.GrantTokenProvider`
over the same stored record (minted only when about to expire, never while the grant's refresh token stands
rejected), so onboarding adds nothing to Zoho's 10-per-10-minutes budget.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import SecretStr

from activities.grant_tokens import StoredAccessToken
from clients.zoho import ZohoTokenSet
from common.errors import AuthRejected


def stored_token(tokens: ZohoTokenSet, requested_at: datetime) -> StoredAccessToken:
    """The shareable record of a code exchange's token obtained at `requested_at` (no `source`: it comes with the
    refresh token stored beside it; tokens minted later carry their refresh token's fingerprint)."""
    return StoredAccessToken(
        access_token=tokens.access_token, expires_at=requested_at + timedelta(seconds=tokens.expires_in)
    )


class FixedToken:
    """`AccessTokenProvider` of one token just received (no refresh: a rejection stays a rejection)."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        """The token; `AuthRejected` when asked for a new one."""
        if force_refresh:
            raise AuthRejected("the access token just issued was rejected", service="connector")
        return self._token
