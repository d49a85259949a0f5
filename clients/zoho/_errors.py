"""Zoho's error shapes → `common.errors` classes, as two declarative tables plus the rules around them.

Books answers ``{"code": <int>, "message": "..."}``; the body ``code`` decides first, the HTTP status second
(API-FACTS §1.7). Zoho Accounts answers token errors with HTTP 200 and ``{"error": "..."}`` (§1.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import httpx

from clients.http import parse_retry_after
from common.errors import (
    AuthRejected,
    ConcurrencyLimited,
    DailyLimitReached,
    NotAuthorized,
    NotFound,
    PayloadRejected,
    RateLimited,
    SyncError,
    Unavailable,
)

BOOKS = "zoho-books"
ACCOUNTS = "zoho-accounts"

BOOKS_CODES: Mapping[int, type[SyncError]] = {
    44: RateLimited,  # per-minute limit: the org is blocked for a while
    45: DailyLimitReached,  # per-day limit of the plan
    57: NotAuthorized,  # invalid/expired token or missing scope (the client refreshes once first)
    1000: Unavailable,  # internal error
    1002: NotFound,  # "<Entity> does not exist"
    1038: PayloadRejected,  # "JSON is not well formed"
    1070: ConcurrencyLimited,  # too many requests in flight for the org
}
BOOKS_STATUSES: Mapping[int, type[SyncError]] = {
    401: NotAuthorized,
    404: NotFound,
    429: RateLimited,
}
RATE_LIMIT_FLOOR = timedelta(seconds=60)
"""Zoho documents no Retry-After for code 44; an org blocked per minute stays blocked at least a minute."""

_UNIX_TIME_THRESHOLD = 1_000_000_000
"""Above this, a reset value is an absolute Unix time (2001+), not a delay in seconds."""

TOKEN_ERRORS: Mapping[str, type[SyncError]] = {
    "invalid_code": AuthRejected,  # expired/used code, or a revoked or evicted refresh token
    "invalid_client": AuthRejected,
    "invalid_client_secret": AuthRejected,
    "unauthorized_client": AuthRejected,
    "access denied": RateLimited,  # token throttle: 10 token requests per 10 minutes per refresh token
    "invalid_redirect_uri": PayloadRejected,
    "redirect_uri_mismatch": PayloadRejected,
    "invalid_request": PayloadRejected,
    "invalid_scope": PayloadRejected,
    "unsupported_grant_type": PayloadRejected,
}
TOKEN_THROTTLE_WINDOW = timedelta(minutes=10)
"""Zoho's token throttle counts requests over 10 minutes; waiting the whole window is the safe choice."""


def books_error(response: httpx.Response, code: int | None, message: str) -> SyncError:
    """The classified error for a failed Books response (`code` is the body's ``code`` when readable)."""
    cls = BOOKS_CODES.get(code) if code is not None else None
    if cls is None:
        cls = BOOKS_STATUSES.get(response.status_code)
    if cls is None:
        cls = Unavailable if response.status_code >= 500 else PayloadRejected
    text = message or f"HTTP {response.status_code}"
    return cls(
        text,
        service=BOOKS,
        code=str(code) if code is not None else None,
        status=response.status_code,
        retry_after=_books_retry_after(response, cls),
    )


def _books_retry_after(response: httpx.Response, cls: type[SyncError]) -> timedelta | None:
    """Retry-After when sent; for rate limits also X-Rate-Limit-Reset, never below a minute unless told so."""
    explicit = parse_retry_after(response.headers)
    if explicit is not None or cls not in (RateLimited, DailyLimitReached):
        return explicit
    reset = _rate_limit_reset(response.headers)
    if cls is DailyLimitReached:
        return reset
    return max(reset, RATE_LIMIT_FLOOR) if reset is not None else RATE_LIMIT_FLOOR


def _rate_limit_reset(headers: httpx.Headers) -> timedelta | None:
    """``X-Rate-Limit-Reset`` (seen in the wild, undocumented): seconds to wait, or a Unix time to wait for."""
    raw = headers.get("x-rate-limit-reset", "").strip()
    if not raw.isdigit():
        return None
    seconds = int(raw)
    if seconds >= _UNIX_TIME_THRESHOLD:
        return max(timedelta(0), datetime.fromtimestamp(seconds, UTC) - datetime.now(UTC))
    return timedelta(seconds=seconds)


def token_error(error: str, status: int) -> SyncError:
    """The classified error for a token-endpoint ``{"error": ...}`` body; unknown errors need reauth."""
    cls = TOKEN_ERRORS.get(error.strip().lower(), AuthRejected)
    retry_after = TOKEN_THROTTLE_WINDOW if cls is RateLimited else None
    return cls(f"token request failed: {error}", service=ACCOUNTS, code=error, status=status, retry_after=retry_after)
