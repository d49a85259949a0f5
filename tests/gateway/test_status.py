"""`GET /status/connections`: health of every connection, no secrets."""

from __future__ import annotations

import pytest

from persistence.vocabulary import ConnectionStatus
from tests.gateway.conftest import SECURITY_KEY, WEBHOOK_SECRET, GatewayFixture, add_connection

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
