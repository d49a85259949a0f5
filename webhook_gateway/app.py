"""The webhook gateway's Starlette application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from webhook_gateway.deps import GatewayDeps
from webhook_gateway.health import ReadinessEndpoint, healthz
from webhook_gateway.zoho_webhook import ZohoWebhookEndpoint


def create_app(deps: GatewayDeps) -> Starlette:
    """The gateway: health probes and the Zoho bill webhook (BILL webhooks arrive with a later issue)."""
    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", ReadinessEndpoint(deps.temporal).handle, methods=["GET"]),
            Route("/webhooks/zoho/{connection_id}", ZohoWebhookEndpoint(deps).handle, methods=["POST"]),
        ]
    )
