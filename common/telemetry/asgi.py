"""The gateway's middleware: log context per webhook request, and the server span (the root of a bill's
trace) when tracing is on."""

from __future__ import annotations

import re
from typing import Any

from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware, get_default_span_details
from opentelemetry.trace import Span
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from common.telemetry.log_context import log_context
from common.telemetry.providers import current
from common.telemetry.scrub import scrub_span

_CONNECTION_ROUTE = re.compile(r"^/webhooks/(?:zoho|bill)/(?P<connection_id>[^/]+)$")
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


class ConnectionLogContext:
    """Runs each webhook request inside a `log_context` holding the connection id of its path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, with the connection id in the log context for webhook routes."""
        match = _CONNECTION_ROUTE.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None:
            await self.app(scope, receive, send)
            return
        with log_context(connection_id=match["connection_id"]):
            await self.app(scope, receive, send)


def asgi_middleware() -> list[Middleware]:
    """The log-context middleware, and outside it (so its span is current for the logs) the tracing
    middleware (URL scrubbed, every captured header redacted) when tracing is on."""
    provider = current().tracer_provider
    if provider is None:
        return [Middleware(ConnectionLogContext)]
    return [
        Middleware(
            OpenTelemetryMiddleware,
            tracer_provider=provider,
            default_span_details=span_details,
            server_request_hook=_scrub_server_span,
            http_capture_headers_sanitize_fields=[".*"],
            exclude_spans=["receive", "send"],
        ),
        Middleware(ConnectionLogContext),
    ]
