"""The webhook gateway's Starlette application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from common.telemetry.asgi import asgi_middleware
from connections.zoho_onboarding import ZohoOnboarding
from webhook_gateway.bill_webhook import BillWebhookEndpoint
from webhook_gateway.codec_server import codec_routes
from webhook_gateway.deps import GatewayDeps
from webhook_gateway.health import ReadinessEndpoint, healthz
from webhook_gateway.oauth import ZohoOAuthRoutes
from webhook_gateway.openapi import OpenApiEndpoint
from webhook_gateway.status import ConnectionStatusEndpoint
from webhook_gateway.zoho_webhook import ZohoWebhookEndpoint


def create_app(deps: GatewayDeps, onboarding: ZohoOnboarding | None = None) -> Starlette:
    """The gateway: probes, both webhook routes (BILL's when `deps.bill` is wired), status and its OpenAPI;
    the Zoho onboarding routes when `onboarding` is given and `MLC_ADMIN_TOKEN` is set."""
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", ReadinessEndpoint(deps.temporal).handle, methods=["GET"]),
        Route("/webhooks/zoho/{connection_id}", ZohoWebhookEndpoint(deps).handle, methods=["POST"]),
        Route(
            "/status/connections",
            ConnectionStatusEndpoint(deps.connections, deps.settings.status_token).handle,
            methods=["GET"],
        ),
        Route("/openapi.json", OpenApiEndpoint(deps.settings).handle, methods=["GET"]),
    ]
    if deps.bill is not None:
        routes.append(
            Route("/webhooks/bill/{connection_id}", BillWebhookEndpoint(deps, deps.bill).handle, methods=["POST"])
        )
    if onboarding is not None and deps.settings.admin_token is not None:
        oauth = ZohoOAuthRoutes(onboarding, deps.settings.admin_token, deps.temporal, deps.settings.task_queue)
        routes.extend(oauth.routes())
    return Starlette(routes=[*routes, *codec_routes(deps.settings)], middleware=asgi_middleware())
