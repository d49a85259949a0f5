"""`GET /status/connections`: each connection's health as its connection workflow last recorded it.

Ids, names and statuses only (`needs_reauth` with its reason is how an operator learns a human is needed);
no secret, org credential or token is read here. Company names are business data: with `MLC_STATUS_TOKEN`
set, the caller must send `Authorization: Bearer <token>` (compared in constant time), else 401.
"""

from __future__ import annotations

import asyncio
import hmac

from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from webhook_gateway.deps import ConnectionLookup


def bearer_matches(authorization: str | None, token: SecretStr) -> bool:
    """True when the header is `Bearer <token>` (scheme case-insensitive, constant-time token compare)."""
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), token.get_secret_value().encode())


class ConnectionStatusEndpoint:
    """Lists connections with their health."""

    def __init__(self, connections: ConnectionLookup, token: SecretStr | None) -> None:
        self._connections = connections
        self._token = token

    async def handle(self, request: Request) -> Response:
        """`{"connections": [{"id", "name", "status", "status_reason"}, …]}`, ordered by name."""
        if self._token is not None and not bearer_matches(request.headers.get("authorization"), self._token):
            return JSONResponse(
                {"error": "missing or invalid bearer token"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        connections = await asyncio.to_thread(self._connections.list)
        return JSONResponse(
            {
                "connections": [
                    {"id": c.id, "name": c.name, "status": c.status, "status_reason": c.status_reason}
                    for c in connections
                ]
            }
        )
