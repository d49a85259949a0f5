"""The gateway's server span per request (the root of a bill's trace)."""

from __future__ import annotations

import re
from typing import Any

from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware, get_default_span_details
from opentelemetry.trace import Span
from starlette.middleware import Middleware

from common.telemetry.providers import current
from common.telemetry.scrub import scrub_span

_ID_SEGMENT = re.compile(r"^(?:[0-9a-fA-F]{16,}|\d+|[0-9a-fA-F-]{36})$")


def span_details(scope: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Span name ``METHOD /path`` with id segments as ``{id}`` (one name per route, not per connection)."""
    name, attributes = get_default_span_details(scope)
    method, _, path = name.partition(" ")
    if not path:
        return name, attributes
    segments = ["{id}" if _ID_SEGMENT.match(segment) else segment for segment in path.split("/")]
    return f"{method} {'/'.join(segments)}", attributes


def _scrub_server_span(span: Span, _scope: dict[str, Any]) -> None:
    scrub_span(span)


def asgi_middleware() -> list[Middleware]:
    """The tracing middleware (URL scrubbed, every captured header redacted) when tracing is on, else none."""
    provider = current().tracer_provider
    if provider is None:
        return []
    return [
        Middleware(
            OpenTelemetryMiddleware,
            tracer_provider=provider,
            default_span_details=span_details,
            server_request_hook=_scrub_server_span,
            http_capture_headers_sanitize_fields=[".*"],
            exclude_spans=["receive", "send"],
        )
    ]
