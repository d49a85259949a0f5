"""ASGI middleware: fault injection from the `FaultPlan`, and response-status counting.

Faults (consumed per matching request, see `emulators.faults`): RATE_LIMIT -> 429 code 44 (or the fault's
code 1070); SERVER_ERROR -> ``fault.status`` or 500 with code 1000 (both with ``Retry-After`` only when
the fault sets it); HTML_ERROR -> an HTML 502 page; MALFORMED_JSON -> the real response, truncated, with
status 200; EXPIRE_SESSION -> the request's access token is expired before authentication. DROP_AFTER_COMMIT
is taken by the write handlers.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulators.faults import Fault, FaultKind, FaultPlan
from emulators.zoho.books.pipeline import EXPIRE_SESSION_STATE
from emulators.zoho.errors import ZohoApiError, concurrency_limit, internal_error, minute_limit
from emulators.zoho.stats import ZohoStats

_HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


class FaultMiddleware:
    """Applies the first armed fault matching each HTTP request."""

    def __init__(self, app: ASGIApp, faults: FaultPlan) -> None:
        self._app, self._faults = app, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = self._faults.take(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if fault is None:
            await self._app(scope, receive, send)
        elif fault.kind is FaultKind.EXPIRE_SESSION:
            scope.setdefault("state", {})[EXPIRE_SESSION_STATE] = True
            await self._app(scope, receive, send)
        elif fault.kind is FaultKind.MALFORMED_JSON:
            await self._truncated(scope, receive, send)
        else:
            await _canned(fault)(scope, receive, send)

    async def _truncated(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        headers: list[tuple[bytes, bytes]] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers.extend((k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self._app(scope, receive, capture)
        full = b"".join(chunks)
        body = full[: max(1, len(full) // 2)]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


_RATE_LIMITS: dict[str | None, Callable[[], ZohoApiError]] = {
    None: minute_limit,
    "44": minute_limit,
    "1070": concurrency_limit,
}


def _canned(fault: Fault) -> Response:
    if fault.kind is FaultKind.HTML_ERROR:
        return HTMLResponse(_HTML_PAGE, fault.status or 502)
    if fault.kind is FaultKind.RATE_LIMIT:
        if fault.code not in _RATE_LIMITS:
            raise ValueError(f"Zoho has no rate-limit code {fault.code}")
        error = _RATE_LIMITS[fault.code]()
    else:
        error = internal_error(fault.status or 500)
    if fault.retry_after is not None:
        error.headers["Retry-After"] = str(fault.retry_after)
    return error.response()


class StatusCounter:
    """Counts every response's HTTP status into `ZohoStats.statuses`."""

    def __init__(self, app: ASGIApp, stats: ZohoStats) -> None:
        self._app, self._stats = app, stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._stats.statuses[message["status"]] += 1
            await send(message)

        await self._app(scope, receive, counting)
