"""A guard that fails any real outbound HTTP request (the gateway must never call Zoho or BILL)."""

from __future__ import annotations

from typing import NoReturn

import httpx
import pytest


class OutboundCalls:
    """Outbound requests attempted while the guard was installed."""

    def __init__(self) -> None:
        self.urls: list[str] = []


def install(monkeypatch: pytest.MonkeyPatch) -> OutboundCalls:
    """Make every httpx network transport record the request and fail it."""
    calls = OutboundCalls()

    def refuse(request: httpx.Request) -> NoReturn:
        calls.urls.append(str(request.url.copy_with(query=None)))
        raise httpx.ConnectError("outbound HTTP is not allowed from the gateway", request=request)

    def refuse_sync(self: httpx.HTTPTransport, request: httpx.Request) -> NoReturn:
        refuse(request)

    async def refuse_async(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> NoReturn:
        refuse(request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse_sync)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", refuse_async)
    return calls
