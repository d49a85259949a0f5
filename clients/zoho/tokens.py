"""OAuth token types shared by the Accounts and Books clients."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, SecretStr


class ZohoTokenSet(BaseModel):
    """A token-endpoint answer; ``refresh_token`` only comes with the authorization-code exchange.

    ``api_domain`` is the Books host of the user's data centre (from ``common.regions``).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr | None = None
    api_domain: str
    token_type: str
    expires_in: int = 3600


class AccessTokenProvider(Protocol):
    """Gives the current access token; ``force_refresh=True`` asks for a new one (the old one was rejected).

    Implementations cache the token for its lifetime and refresh under a lock: Zoho throttles token requests
    to 10 per 10 minutes per refresh token.
    """

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr: ...
