"""`GET /status/connections`: health of every connection, no secrets."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from pydantic import SecretStr

from persistence.vocabulary import ConnectionStatus
from tests.gateway.conftest import SECURITY_KEY, WEBHOOK_SECRET, GatewayFixture, add_connection
from webhook_gateway.app import create_app

pytestmark = pytest.mark.temporal


async def test_lists_each_connection_with_its_health(gateway: GatewayFixture) -> None:
    other = add_connection(gateway.store, "zz-org", bill_org_id="00801IRL")
    reason = "Zoho refresh token revoked: reconnect Zoho"
    gateway.store.connections.set_status(other.id, ConnectionStatus.NEEDS_REAUTH, reason)

    response = await gateway.http.get("/status/connections")

    assert response.status_code == 200
    assert response.json() == {
        "connections": [
            {"id": gateway.connection.id, "name": gateway.connection.name, "status": "active", "status_reason": None},
            {"id": other.id, "name": other.name, "status": "needs_reauth", "status_reason": reason},
        ]
    }
    assert WEBHOOK_SECRET not in response.text
    assert SECURITY_KEY not in response.text
    assert gateway.temporal_calls == []


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (None, 401),
        ("Bearer wrong-token", 401),
        ("Basic c3RhdHVzLXRva2VuLTEyMw==", 401),
        ("Bearer status-token-123", 200),
        ("bearer status-token-123", 200),
    ],
)
async def test_a_configured_token_is_required(gateway: GatewayFixture, authorization: str | None, status: int) -> None:
    app = create_app(
        replace(
            gateway.deps, settings=gateway.settings.model_copy(update={"status_token": SecretStr("status-token-123")})
        )
    )
    headers = {} if authorization is None else {"authorization": authorization}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as http:
        response = await http.get("/status/connections", headers=headers)
    assert response.status_code == status
    assert ("connections" in response.json()) == (status == 200)
    assert "status-token-123" not in response.text
