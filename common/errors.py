"""Typed errors raised by API clients, classified once from the vendors' real error shapes.

Tree (``retryable`` says whether the same call may succeed later without a human):

    SyncError
    ├── Retryable
    │   ├── RateLimited            429 / Zoho 44 / BILL BDC_1144 (retry_after when known)
    │   ├── ConcurrencyLimited     Zoho 1070 / BILL BDC_1322
    │   ├── Unavailable            5xx, transport errors, HTML or malformed bodies
    │   └── SessionExpired         BILL BDC_1109, Zoho expired access token: re-authenticate once, retry
    └── Permanent
        ├── DailyLimitReached      Zoho 45: blocked until the daily reset
        ├── AuthRejected           bad credentials, revoked refresh token: the connection needs reauth
        ├── NotAuthorized          Zoho 57 after a fresh token, missing scope
        ├── NotFound               Zoho 1002, HTTP 404
        ├── PayloadRejected        validation errors (400/422, BILL validation codes)
        └── Unsupported            the API has no such operation (BILL BDC_1121)

Messages never contain URLs with query strings, headers, bodies or secrets: clients build them from
the vendor's error code and message only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar


class SyncError(Exception):
    """Base of every classified API error."""

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        service: str = "",
        code: str | None = None,
        status: int | None = None,
        retry_after: timedelta | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        self.code = code
        self.status = status
        self.retry_after = retry_after

    def __str__(self) -> str:
        prefix = f"{self.service} " if self.service else ""
        code = f" [{self.code}]" if self.code else ""
        status = f" (HTTP {self.status})" if self.status else ""
        return f"{prefix}{type(self).__name__}{code}{status}: {self.message}"


class Retryable(SyncError):
    """The same call may succeed later."""

    retryable = True


class Permanent(SyncError):
    """Retrying the same call will not help; a human or a different input is needed."""

    retryable = False


class RateLimited(Retryable):
    """Per-minute or per-hour request budget exhausted."""


class ConcurrencyLimited(Retryable):
    """Too many requests in flight for the organization."""


class Unavailable(Retryable):
    """Server error, network failure or an unreadable response."""


class SessionExpired(Retryable):
    """Session or access token expired; re-authenticate once and retry."""


class DailyLimitReached(Permanent):
    """Daily request cap reached; calls fail until the vendor's daily reset."""


class AuthRejected(Permanent):
    """Credentials rejected (bad password, revoked refresh token, bad devKey): needs reauth."""


class NotAuthorized(Permanent):
    """Authenticated but not allowed (missing scope or role)."""


class NotFound(Permanent):
    """The record does not exist."""


class PayloadRejected(Permanent):
    """The request was understood but its content is invalid."""


class Unsupported(Permanent):
    """The API has no such operation."""
