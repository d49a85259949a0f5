"""Classify a failed BILL response into `common.errors`, from BILL's error array, then HTTP status.

BILL answers failures with a JSON array of `{timestamp, code, severity, category, message}`
(API-FACTS §2.5). The code decides first; the status only when no listed code is present. Codes
come from BILL's "Common API error codes" page and the v2 error list it points to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from clients.http import parse_retry_after, redact
from common.errors import (
    AuthRejected,
    ConcurrencyLimited,
    NotFound,
    PayloadRejected,
    RateLimited,
    SessionExpired,
    SyncError,
    Unavailable,
    Unsupported,
)

HOURLY_LIMIT_CODE = "BDC_1144"

CODE_ERRORS: Mapping[str, type[SyncError]] = {
    "BDC_1109": SessionExpired,  # Session is invalid. Please log in.
    "BDC_1101": AuthRejected,  # User name and/or password do not match our records.
    "BDC_1102": AuthRejected,  # Developer key is invalid.
    "BDC_1103": AuthRejected,  # Developer key is inactive.
    "BDC_1104": AuthRejected,  # Developer terms are not accepted.
    "BDC_1107": AuthRejected,  # Organization is locked out.
    "BDC_1110": AuthRejected,  # Login is locked.
    "BDC_1111": AuthRejected,  # No active user for the organization.
    "BDC_1113": AuthRejected,  # Login error.
    "BDC_1123": AuthRejected,  # Invalid organization id.
    HOURLY_LIMIT_CODE: RateLimited,  # 20,000 calls or 200 logins per devKey per hour.
    "BDC_1322": ConcurrencyLimited,  # More than 3 concurrent requests per devKey per organization.
    "BDC_1121": Unsupported,  # API not supported (unknown path).
    "BDC_1120": NotFound,  # No data found.
}
"""BILL error code → error class; consulted before the HTTP status."""

STATUS_ERRORS: Mapping[int, type[SyncError]] = {
    400: PayloadRejected,
    401: AuthRejected,
    403: AuthRejected,
    404: NotFound,
    405: Unsupported,
    408: Unavailable,
    409: PayloadRejected,
    413: PayloadRejected,
    415: PayloadRejected,
    422: PayloadRejected,
    429: RateLimited,
}
"""HTTP status → error class when no known code is present; other 4xx are PayloadRejected, the rest Unavailable."""

MAX_MESSAGE_CHARS = 300


class BillErrorItem(BaseModel):
    """One entry of BILL's error array (`params`, `detail`, `help` are ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str | None = None
    message: str = ""
    severity: str | None = None
    category: str | None = None


def error_items(response: httpx.Response) -> list[BillErrorItem]:
    """BILL's error entries, or [] when the body is not BILL's JSON error shape (HTML, empty, other)."""
    try:
        body = json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return []
    entries = body if isinstance(body, list) else [body]
    try:
        return [BillErrorItem.model_validate(entry) for entry in entries if isinstance(entry, dict)]
    except ValidationError:
        return []


def error_class(code: str | None, status: int) -> type[SyncError]:
    """The table lookup: by code first, then by status."""
    if code is not None and code in CODE_ERRORS:
        return CODE_ERRORS[code]
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    return PayloadRejected if 400 <= status < 500 else Unavailable


def until_next_hour(now: datetime) -> timedelta:
    """Delay to the next clock hour: BILL blocks a devKey over its hourly cap until then."""
    next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return next_hour - now


def classify(
    response: httpx.Response, *, service: str, now: Callable[[], datetime], secrets: Iterable[str]
) -> SyncError:
    """The typed error for a non-2xx BILL response; its message holds BILL's code and message only.

    Retry-After is honoured on retryable errors; BDC_1144 without it waits until the next clock hour.
    """
    items = error_items(response)
    primary = next((item for item in items if item.code in CODE_ERRORS), items[0] if items else None)
    code = primary.code if primary else None
    kind = error_class(code, response.status_code)
    if items:
        text = "; ".join(f"{item.code or 'no code'}: {item.message}" for item in items[:3])
    else:
        content_type = response.headers.get("content-type", "no content type").split(";")[0]
        text = f"HTTP {response.status_code} without a BILL error body ({content_type})"
    message = redact(text, secrets)[:MAX_MESSAGE_CHARS]
    retry_after = None
    if kind.retryable:
        retry_after = parse_retry_after(response.headers, now=now())
        if retry_after is None and code == HOURLY_LIMIT_CODE:
            retry_after = until_next_hour(now())
    return kind(message, service=service, code=code, status=response.status_code, retry_after=retry_after)
