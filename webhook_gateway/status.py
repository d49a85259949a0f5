"""`GET /status/connections`: each connection's health as its connection workflow last recorded it.

Ids, names and statuses only (`needs_reauth` with its reason is how an operator learns a human is needed);
no secret, org credential or token is read here.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from webhook_gateway.deps import ConnectionLookup


class ConnectionStatusEndpoint:
    """Lists connections with their health."""

    def __init__(self, connections: ConnectionLookup) -> None:
        self._connections = connections

    async def handle(self, request: Request) -> Response:
        """`{"connections": [{"id", "name", "status", "status_reason"}, …]}`, ordered by name."""
        connections = await asyncio.to_thread(self._connections.list)
        return JSONResponse(
            {
                "connections": [
                    {"id": c.id, "name": c.name, "status": c.status, "status_reason": c.status_reason}
                    for c in connections
                ]
            }
        )
