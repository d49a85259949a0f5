"""The checks every webhook route makes before it looks at a signature, in this order.

Unknown connection → 404; media type other than JSON → 415 (before any byte of the body is read); body over
`MLC_WEBHOOK_MAX_BODY_BYTES` → 413 (read as a stream and abandoned at the cap, never buffered past it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from webhook_gateway.body import BodyTooLarge, read_capped_body
from webhook_gateway.content_type import is_json
from webhook_gateway.deps import GatewayDeps, KnownConnection


def refuse(status: int, message: str) -> Response:
    """A JSON error answer; `message` must be safe to show the sender (no secrets, no internals)."""
    return JSONResponse({"error": message}, status_code=status)


@dataclass(frozen=True)
class Delivery:
    """A delivery that passed intake: its connection and its exact raw body."""

    connection: KnownConnection
    body: bytes


async def receive(request: Request, deps: GatewayDeps) -> Delivery | Response:
    """The delivery, or the refusal to answer with."""
    connection = await asyncio.to_thread(deps.connections.get, request.path_params["connection_id"])
    if connection is None:
        return refuse(404, "unknown connection")
    if not is_json(request.headers.get("content-type")):
        return refuse(415, "content type must be application/json")
    try:
        body = await read_capped_body(request, deps.settings.webhook_max_body_bytes)
    except BodyTooLarge:
        return refuse(413, "body too large")
    return Delivery(connection, body)
