"""Zoho Accounts OAuth 2.0 client: consent URL, code exchange, refresh, revoke (API-FACTS §1.2-1.3).

Secrets (client secret, codes, refresh tokens) travel only in form bodies, never in a URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr, ValidationError

from clients.http import decode_json, parse_retry_after, redact
from clients.zoho._errors import ACCOUNTS, TOKEN_THROTTLE_WINDOW, token_error
from clients.zoho.tokens import ZohoTokenSet
from common.errors import AuthRejected, RateLimited, Unavailable

_MAX_ERROR = 100


class ZohoAccountsClient:
    """Talks to one Zoho Accounts server (the user's ``accounts-server``, not always ``.com``)."""

    def __init__(self, http: httpx.AsyncClient, accounts_url: str, client_id: str, client_secret: SecretStr) -> None:
        self._http = http
        self._base = accounts_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret

    def authorization_url(
        self,
        *,
        redirect_uri: str,
        scopes: Sequence[str],
        state: str,
        access_type: str = "offline",
        prompt_consent: bool = True,
    ) -> str:
        """Where to send the user for consent; ``access_type=offline`` is what yields a refresh token."""
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "scope": ",".join(scopes),
            "redirect_uri": redirect_uri,
            "state": state,
            "access_type": access_type,
        }
        if prompt_consent:
            query["prompt"] = "consent"
        return f"{self._base}/oauth/v2/auth?{urlencode(query)}"

    async def exchange_code(self, code: str, redirect_uri: str) -> ZohoTokenSet:
        """Trade a (single-use, 2-minute) authorization code for access and refresh tokens."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return _token_set(await self._post("/oauth/v2/token", form, with_client=True))

    async def refresh(self, refresh_token: SecretStr) -> ZohoTokenSet:
        """A new access token; the answer carries no refresh token (keep the one you have)."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()}
        return _token_set(await self._post("/oauth/v2/token", form, with_client=True))

    async def revoke(self, refresh_token: SecretStr) -> None:
        """Revoke a refresh token (and the access tokens issued from it)."""
        await self._post("/oauth/v2/token/revoke", {"token": refresh_token.get_secret_value()}, with_client=False)

    async def _post(self, path: str, form: Mapping[str, str], *, with_client: bool) -> dict[str, Any]:
        data = dict(form)
        if with_client:
            data |= {"client_id": self._client_id, "client_secret": self._client_secret.get_secret_value()}
        try:
            response = await self._http.post(f"{self._base}{path}", data=data)
        except httpx.TransportError as exc:
            raise Unavailable(f"transport error: {type(exc).__name__}", service=ACCOUNTS) from None
        return _checked_body(response, secrets=data.values())


def _checked_body(response: httpx.Response, secrets: Iterable[str]) -> dict[str, Any]:
    """The JSON body of a successful token-endpoint call; errors (even on HTTP 200) raise, `secrets` redacted."""
    status = response.status_code
    if status == 429:
        retry_after = parse_retry_after(response.headers) or TOKEN_THROTTLE_WINDOW
        raise RateLimited("token endpoint throttled", service=ACCOUNTS, status=status, retry_after=retry_after)
    if status >= 500:
        raise Unavailable("token endpoint failed", service=ACCOUNTS, status=status)
    body = decode_json(response, service=ACCOUNTS)
    if not isinstance(body, dict):
        raise Unavailable("token endpoint answered with a non-object body", service=ACCOUNTS, status=status)
    error = body.get("error")
    if error:
        raise token_error(redact(str(error), secrets)[:_MAX_ERROR], status)
    if status >= 400:
        raise AuthRejected("token request rejected", service=ACCOUNTS, status=status)
    return body


def _token_set(body: dict[str, Any]) -> ZohoTokenSet:
    """The token set in `body`; a "success" without an access token or API domain is an error."""
    try:
        return ZohoTokenSet.model_validate(body)
    except ValidationError as exc:
        missing = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise Unavailable(f"token response lacks {missing or 'expected fields'}", service=ACCOUNTS) from None
