"""Zoho Accounts (OAuth 2.0) state and rules: users, codes, refresh and access tokens, throttles.

Rules (API-FACTS §1.2-1.3): codes are single-use and live 120 s; access tokens live 3600 s; a user keeps at
most 20 refresh tokens per client (the 21st silently evicts the oldest, whose access tokens live on until
they expire); a refresh token grants at most 10 access tokens per 10 minutes (granted requests count,
throttled ones do not); at most 15 access tokens per refresh token are active (the 16th invalidates the
oldest); tokens only work in the data centre of their user. Token errors are HTTP 200 bodies.
"""

from __future__ import annotations

import hmac
import secrets
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import SecretStr

from emulators.clock import EmulatorClock
from emulators.zoho.scopes import parse_scopes
from emulators.zoho.stats import ZohoStats, fingerprint

ACCESS_TOKEN_TTL = timedelta(seconds=3600)
CODE_TTL = timedelta(seconds=120)
MAX_REFRESH_TOKENS = 20
MAX_ACTIVE_ACCESS_TOKENS = 15
TOKEN_REQUEST_LIMIT = 10
TOKEN_REQUEST_WINDOW = timedelta(minutes=10)
THROTTLED = "You have made too many requests continuously. Please try again after some time."


class TokenError(Exception):
    """A token-endpoint error, answered as HTTP 200 ``{"error": ..., "error_description": ...}``."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(error)
        self.body: dict[str, str] = {"error": error} | ({"error_description": description} if description else {})


@dataclass
class User:
    """A Zoho account; it lives in exactly one data centre."""

    user_id: str
    email: str
    dc: str


@dataclass
class AuthorizationCode:
    """A pending authorization-code grant."""

    user_id: str
    dc: str
    redirect_uri: str
    scopes: tuple[str, ...]
    offline: bool
    expires_at: datetime


@dataclass
class AccessToken:
    """A bearer token for the Books API of one data centre."""

    user_id: str
    dc: str
    scopes: tuple[str, ...]
    expires_at: datetime


@dataclass
class RefreshToken:
    """A long-lived grant; `grants` holds the times of recent access-token grants (throttle window)."""

    user_id: str
    dc: str
    scopes: tuple[str, ...]
    revoked: bool = False
    grants: deque[datetime] = field(default_factory=deque)
    access_tokens: deque[str] = field(default_factory=deque, repr=False)


def _new_token() -> str:
    return f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"


class OAuthServer:
    """All data centres' Accounts servers: one client app, many users."""

    def __init__(self, clock: EmulatorClock, stats: ZohoStats, client_id: str, client_secret: SecretStr) -> None:
        self._clock, self._stats = clock, stats
        self._client_id, self._client_secret = client_id, client_secret
        self.users: dict[str, User] = {}
        self._codes: dict[str, AuthorizationCode] = {}
        self._refresh: dict[str, RefreshToken] = {}
        self._access: dict[str, AccessToken] = {}
        self.issued_access_tokens: list[str] = []

    def add_user(self, user_id: str, email: str, dc: str) -> None:
        """Register a user living in `dc`."""
        if any(u.email.lower() == email.lower() for u in self.users.values()):
            raise ValueError(f"a user with email {email!r} already exists")
        self.users[user_id] = User(user_id, email, dc)

    def user_by_email(self, email: str) -> User | None:
        """The user with this login email, if any."""
        return next((u for u in self.users.values() if u.email.lower() == email.lower()), None)

    def issue_code(self, user_id: str, redirect_uri: str, scopes: Sequence[str], *, offline: bool = True) -> str:
        """A fresh single-use authorization code for `user_id`."""
        user = self.users[user_id]
        code = _new_token()
        expires = self._clock.now() + CODE_TTL
        self._codes[code] = AuthorizationCode(user_id, user.dc, redirect_uri, parse_scopes(scopes), offline, expires)
        return code

    def issue_refresh_token(self, user_id: str, scopes: Sequence[str]) -> str:
        """A new refresh token; beyond 20 per user the oldest live one is evicted."""
        user = self.users[user_id]
        live = [t for t in self._refresh.values() if t.user_id == user_id and not t.revoked]
        if len(live) >= MAX_REFRESH_TOKENS:
            live[0].revoked = True
        token = _new_token()
        self._refresh[token] = RefreshToken(user_id, user.dc, parse_scopes(scopes))
        return token

    def revoke(self, token: str) -> None:
        """Revoke a refresh token (and its access tokens) or an access token; unknown tokens are ignored."""
        refresh = self._refresh.get(token)
        if refresh is not None:
            refresh.revoked = True
            for access in refresh.access_tokens:
                self._access.pop(access, None)
        self._access.pop(token, None)

    def authenticate(self, token: str, dc: str) -> AccessToken | None:
        """The live access token `token` for the Books API of `dc`, or None."""
        access = self._access.get(token)
        if access is None or access.dc != dc or access.expires_at <= self._clock.now():
            return None
        return access

    def expire(self, token: str) -> None:
        """Make an access token expire now (fault injection)."""
        access = self._access.get(token)
        if access is not None:
            access.expires_at = self._clock.now()

    def grant(self, form: dict[str, str], dc: str, api_domain: str) -> dict[str, Any]:
        """Answer a token-endpoint request, or raise `TokenError`."""
        self._check_client(form)
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(form, dc, api_domain)
        if grant_type == "refresh_token":
            refresh_token = form.get("refresh_token", "")
            refresh = self._live_refresh(refresh_token, dc)
            return self._access_response(refresh_token, refresh, api_domain)
        raise TokenError("unsupported_grant_type")

    def _check_client(self, form: dict[str, str]) -> None:
        secret = form.get("client_secret", "")
        expected = self._client_secret.get_secret_value()
        if form.get("client_id") != self._client_id or not hmac.compare_digest(secret.encode(), expected.encode()):
            raise TokenError("invalid_client")

    def _exchange_code(self, form: dict[str, str], dc: str, api_domain: str) -> dict[str, Any]:
        code = self._codes.get(form.get("code", ""))
        if code is None or code.dc != dc or code.expires_at <= self._clock.now():
            raise TokenError("invalid_code")
        if form.get("redirect_uri") != code.redirect_uri:
            raise TokenError("invalid_redirect_uri")
        del self._codes[form["code"]]
        if not code.offline:
            return self._token_body(self._new_access(code.user_id, code.dc, code.scopes, None), api_domain)
        refresh_token = self.issue_refresh_token(code.user_id, code.scopes)
        body = self._access_response(refresh_token, self._refresh[refresh_token], api_domain)
        return {**body, "refresh_token": refresh_token}

    def _live_refresh(self, token: str, dc: str) -> RefreshToken:
        refresh = self._refresh.get(token)
        if refresh is None or refresh.revoked or refresh.dc != dc:
            raise TokenError("invalid_code")
        return refresh

    def _access_response(self, token: str, refresh: RefreshToken, api_domain: str) -> dict[str, Any]:
        now = self._clock.now()
        self._stats.token_requests[fingerprint(token)] += 1
        while refresh.grants and refresh.grants[0] <= now - TOKEN_REQUEST_WINDOW:
            refresh.grants.popleft()
        if len(refresh.grants) >= TOKEN_REQUEST_LIMIT:
            raise TokenError("Access Denied", THROTTLED)
        refresh.grants.append(now)
        return self._token_body(self._new_access(refresh.user_id, refresh.dc, refresh.scopes, refresh), api_domain)

    def _new_access(self, user_id: str, dc: str, scopes: tuple[str, ...], refresh: RefreshToken | None) -> str:
        token = _new_token()
        self.issued_access_tokens.append(token)
        self._access[token] = AccessToken(user_id, dc, scopes, self._clock.now() + ACCESS_TOKEN_TTL)
        if refresh is not None:
            refresh.access_tokens.append(token)
            if len(refresh.access_tokens) > MAX_ACTIVE_ACCESS_TOKENS:
                self._access.pop(refresh.access_tokens.popleft(), None)
        return token

    @staticmethod
    def _token_body(access_token: str, api_domain: str) -> dict[str, Any]:
        expires_in = int(ACCESS_TOKEN_TTL.total_seconds())
        return {
            "access_token": access_token,
            "api_domain": api_domain,
            "token_type": "Bearer",
            "expires_in": expires_in,
        }
