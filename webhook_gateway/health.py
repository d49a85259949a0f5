"""Liveness (`/healthz`: the process answers) and readiness (`/readyz`: Temporal is reachable)."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from temporalio.client import Client

log = logging.getLogger(__name__)

READINESS_TIMEOUT_SECONDS = 2.0


async def healthz(request: Request) -> Response:
    """Always 200 while the process serves requests."""
    return JSONResponse({"status": "ok"})


class ReadinessEndpoint:
    """200 when Temporal's frontend answers a health check within the timeout, else 503."""

    def __init__(self, temporal: Client) -> None:
        self._temporal = temporal

    async def handle(self, request: Request) -> Response:
        """Probe Temporal."""
        try:
            healthy = await asyncio.wait_for(
                self._temporal.service_client.check_health(), timeout=READINESS_TIMEOUT_SECONDS
            )
        except Exception as exc:  # any failure to reach Temporal means "not ready"
            log.warning("readiness: temporal unreachable (%s)", type(exc).__name__)
            healthy = False
        if not healthy:
            return JSONResponse({"status": "unavailable", "temporal": False}, status_code=503)
        return JSONResponse({"status": "ready", "temporal": True})
