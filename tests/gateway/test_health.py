"""Liveness and readiness probes."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from temporalio.client import Client

from tests.gateway.conftest import GatewayFixture
from tests.temporal_env import start_time_skipping
from webhook_gateway.health import ReadinessEndpoint

pytestmark = pytest.mark.temporal


async def test_healthz(gateway: GatewayFixture) -> None:
    response = await gateway.http.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_when_temporal_answers(gateway: GatewayFixture) -> None:
    response = await gateway.http.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready", "temporal": True})


async def test_readyz_is_503_when_temporal_is_gone() -> None:
    env = await start_time_skipping()
    client: Client = env.client
    await env.shutdown()
    app = Starlette(routes=[Route("/readyz", ReadinessEndpoint(client).handle)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as http:
        response = await http.get("/readyz")
    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "temporal": False})
