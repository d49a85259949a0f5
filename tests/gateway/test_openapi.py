"""`GET /openapi.json` describes exactly the operations the app serves."""

from __future__ import annotations

import pytest
from starlette.routing import Route

from tests.gateway.conftest import GatewayFixture
from webhook_gateway.app import create_app
from webhook_gateway.openapi import gateway_openapi

pytestmark = pytest.mark.temporal


def served_operations(gateway: GatewayFixture) -> set[tuple[str, str]]:
    """(method, path) of every route of an app wired like the fixture's."""
    app = create_app(gateway.deps)
    return {
        (method.lower(), route.path)
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


async def test_served_document_is_openapi_3_1_with_the_configured_zoho_header(gateway: GatewayFixture) -> None:
    gateway.settings.zoho_webhook_signature_header = "X-Custom-Signature"
    response = await gateway.http.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    zoho = document["paths"]["/webhooks/zoho/{connection_id}"]["post"]
    assert "X-Custom-Signature" in {p["name"] for p in zoho["parameters"]}
    assert document == gateway_openapi(gateway.settings)


async def test_every_documented_operation_is_served_and_every_webhook_route_documented(
    gateway: GatewayFixture,
) -> None:
    paths = gateway_openapi(gateway.settings)["paths"]
    documented = {(method, path) for path, operations in paths.items() for method in operations}
    served = served_operations(gateway)
    assert documented <= served
    mine = {op for op in served if op[1].startswith(("/webhooks/", "/status/", "/healthz", "/readyz", "/openapi"))}
    assert mine <= documented


async def test_every_webhook_operation_documents_each_refusal(gateway: GatewayFixture) -> None:
    paths = gateway_openapi(gateway.settings)["paths"]
    for path in ("/webhooks/zoho/{connection_id}", "/webhooks/bill/{connection_id}"):
        assert {"400", "401", "404", "413", "415", "503"} <= set(paths[path]["post"]["responses"])
