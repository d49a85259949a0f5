"""What telemetry must never carry: query values, credentials in URLs, headers, known secret patterns.

Spans keep a URL's scheme, host, path and the names of its query parameters; values survive only for the
parameters in `SAFE_QUERY_PARAMETERS` (ids and paging, never a token). Header attributes (recorded only when an
operator sets the ``OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*`` variables) are always redacted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from opentelemetry.trace import Span

REDACTED = "REDACTED"

SAFE_QUERY_PARAMETERS = frozenset(
    {"organization_id", "page", "per_page", "sort_column", "sort_order", "filter_by", "max", "page_size"}
)
"""Query parameters whose values are ids or paging, kept in span attributes."""

URL_ATTRIBUTES = ("http.url", "url.full", "http.target", "url.query")
HEADER_ATTRIBUTE_PREFIXES = ("http.request.header.", "http.response.header.")

SECRET_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Authorization values: Bearer / Zoho-oauthtoken / Basic
    re.compile(r"(?i)\b(bearer|zoho-oauthtoken|basic)\s+[A-Za-z0-9._~+/=-]+"),
    # key=value, key: value, "key": "value" for every secret-bearing name (…token, …secret, password, …),
    # and OAuth's `code` and `state` (grant code and CSRF state of a callback URL)
    re.compile(
        r"(?i)([\"']?(?<![A-Za-z0-9])(?:[\w-]*(?:token|secret|password|passwd|sessionid|session_id|devkey|dev_key|"
        r"apikey|api_key|signature|authorization|security_key|securitykey)|code|state)[\"']?\s*[:=]\s*[\"']?)"
        r"(?!\d+(?![\w.]))([^\s\"',&}]+)"
    ),
)
"""Patterns whose matches (the value part) log lines and error texts never keep."""


def scrub_text(text: str) -> str:
    """`text` with every value matched by `SECRET_PATTERNS` replaced by `REDACTED`."""
    bearer, pairs = SECRET_PATTERNS
    text = bearer.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return pairs.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def scrub_query(query: str) -> str:
    """A query string with every value outside `SAFE_QUERY_PARAMETERS` replaced."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, v if k in SAFE_QUERY_PARAMETERS else REDACTED) for k, v in pairs], safe=REDACTED)


def scrub_url(url: str) -> str:
    """`url` without user info and with its query scrubbed (`scrub_query`); also accepts a bare target."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, scrub_query(parts.query), ""))


def scrubbed_attributes(attributes: Mapping[str, object]) -> dict[str, str]:
    """Replacement values for the URL and header attributes among `attributes`."""
    out: dict[str, str] = {}
    for key, value in attributes.items():
        if key.startswith(HEADER_ATTRIBUTE_PREFIXES):
            out[key] = REDACTED
        elif key in URL_ATTRIBUTES and isinstance(value, str):
            out[key] = scrub_query(value) if key == "url.query" else scrub_url(value)
    return out


def scrub_span(span: Span) -> None:
    """Overwrite the span's URL and header attributes with their scrubbed values (SDK spans only)."""
    attributes = getattr(span, "attributes", None)
    if span.is_recording() and isinstance(attributes, Mapping):
        span.set_attributes(scrubbed_attributes(attributes))
