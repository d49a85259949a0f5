"""The gateway's server span per request (the root of a bill's trace)."""

from __future__ import annotations

from typing import Any

from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.trace import Span
from starlette.middleware import Middleware

from common.telemetry.providers import current
from common.telemetry.scrub import scrub_span


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
            server_request_hook=_scrub_server_span,
            http_capture_headers_sanitize_fields=[".*"],
            exclude_spans=["receive", "send"],
        )
    ]
