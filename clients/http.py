"""Shared HTTP plumbing for the API clients: client factory, Retry-After, JSON decoding, redaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from common.errors import Unavailable
from common.telemetry.http_tracing import instrument_http_client

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=20)


def build_async_client(
    *, timeout: float | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """An AsyncClient with the project's timeouts and limits (transport injectable for tests), traced when
    tracing is on."""
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)) if timeout else DEFAULT_TIMEOUT,
        limits=DEFAULT_LIMITS,
        transport=transport,
        follow_redirects=False,
    )
    return instrument_http_client(client)


def parse_retry_after(headers: httpx.Headers, *, now: datetime | None = None) -> timedelta | None:
    """Retry-After as a delay (delta-seconds or HTTP date), or None when absent or unreadable."""
    raw = headers.get("retry-after")
    if not raw:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return timedelta(seconds=int(raw))
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(timedelta(0), when - (now or datetime.now(UTC)))


def decode_json(response: httpx.Response, *, service: str) -> Any:
    """The response body as JSON, or `Unavailable` for HTML error pages and malformed bodies."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        kind = response.headers.get("content-type", "unknown content type").split(";")[0]
        raise Unavailable(f"unreadable response body ({kind})", service=service, status=response.status_code) from None


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every non-empty secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def safe_path(request: httpx.Request) -> str:
    """Method and path of a request without query string (which may carry ids or secrets)."""
    return f"{request.method} {request.url.path}"
