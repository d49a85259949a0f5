"""A client span per outbound HTTP call of the shared httpx clients (the calls to Zoho and BILL).

The client instance's own transports are wrapped (no global monkeypatching); `scrub` rewrites the URL and
header attributes before the span is exported. Imports neither Temporal nor Starlette, so `clients/` may use it.
"""

from __future__ import annotations

import httpx
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor, RequestInfo, ResponseInfo
from opentelemetry.trace import Span

from common.telemetry.providers import current
from common.telemetry.scrub import scrub_span


async def _scrub_request(span: Span, _request: RequestInfo) -> None:
    scrub_span(span)


async def _scrub_response(span: Span, _request: RequestInfo, _response: ResponseInfo) -> None:
    scrub_span(span)


def instrument_http_client(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """`client`, with a client span per request when tracing is on."""
    provider = current().tracer_provider
    if provider is not None:
        HTTPXClientInstrumentor.instrument_client(
            client, tracer_provider=provider, request_hook=_scrub_request, response_hook=_scrub_response
        )
    return client
