"""`GET /openapi.json`: a hand-written OpenAPI 3.1 description of the gateway's routes.

Hand-written so that each refusal the routes promise (401/404/413/415/400/503) is part of the contract; the
gateway tests fuzz every operation listed here and check the app serves each documented path.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from common.settings import Settings
from webhook_gateway.signatures import BILL_SIGNATURE_HEADER


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


CONNECTION_ID = {"name": "connection_id", "in": "path", "required": True, "schema": {"type": "string"}}
ANY_JSON = {"content": {"application/json": {"schema": {}}}, "required": True}
INTAKE_REFUSALS = {
    "404": _error("Unknown connection."),
    "413": _error("Body larger than MLC_WEBHOOK_MAX_BODY_BYTES (not read past the cap)."),
    "415": _error("Content type other than application/json (charset utf-8 allowed)."),
    "401": _error("Missing or invalid signature."),
    "400": _error("Malformed JSON or an event without the ids the route needs."),
    "503": _error("Temporal or the store did not answer in time; the sender should retry."),
}


def _zoho_webhook(settings: Settings) -> dict[str, Any]:
    header = settings.zoho_webhook_signature_header
    return {
        "post": {
            "summary": "Zoho Books bill webhook: start (or join) the bill's sync workflow",
            "parameters": [
                CONNECTION_ID,
                {
                    "name": header,
                    "in": "header",
                    "required": True,
                    "description": f"HMAC-SHA256 of the raw body under the connection's webhook secret, "
                    f"{settings.zoho_webhook_signature_encoding}-encoded.",
                    "schema": {"type": "string"},
                },
            ],
            "requestBody": ANY_JSON,
            "responses": {
                "202": _json(
                    "Accepted: the keyed bill workflow was started or joined.",
                    {
                        "type": "object",
                        "properties": {"workflow_id": {"type": "string"}, "run_id": {"type": ["string", "null"]}},
                        "required": ["workflow_id"],
                    },
                ),
                **INTAKE_REFUSALS,
            },
        }
    }


BILL_WEBHOOK = {
    "post": {
        "summary": "BILL notification: verify, record once (dedupe on metadata.eventId), audit synced bills",
        "parameters": [
            CONNECTION_ID,
            {
                "name": BILL_SIGNATURE_HEADER,
                "in": "header",
                "required": True,
                "description": "base64 HMAC-SHA256 of the raw body under a current subscription securityKey.",
                "schema": {"type": "string"},
            },
        ],
        "requestBody": ANY_JSON,
        "responses": {
            "200": _json(
                "Recorded now, or a redelivery of a recorded event (nothing changed).",
                {
                    "type": "object",
                    "properties": {
                        "status": {"enum": ["accepted", "duplicate"]},
                        "event_id": {"type": "string"},
                        "outcome": {"enum": ["audited", "unmapped", "recorded", "ignored"]},
                    },
                    "required": ["status", "event_id"],
                },
            ),
            **INTAKE_REFUSALS,
        },
    }
}

CONNECTION_STATUS = {
    "get": {
        "summary": "Health of every connection (no secrets)",
        "security": [{}, {"statusToken": []}],
        "responses": {
            "401": _error("MLC_STATUS_TOKEN is set and the bearer token is missing or wrong."),
            "200": _json(
                "Connections ordered by name.",
                {
                    "type": "object",
                    "properties": {
                        "connections": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "name": {"type": "string"},
                                    "status": {"enum": ["active", "needs_reauth", "paused"]},
                                    "status_reason": {"type": ["string", "null"]},
                                },
                                "required": ["id", "name", "status", "status_reason"],
                            },
                        }
                    },
                    "required": ["connections"],
                },
            ),
        },
    }
}

PROBE = {"type": "object", "properties": {"status": {"type": "string"}}}


def gateway_openapi(settings: Settings) -> dict[str, Any]:
    """The description of the gateway served with `settings` (the Zoho header name is configurable)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "ml-connector webhook gateway", "version": "1"},
        "paths": {
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": _json("Serving.", PROBE)}}},
            "/readyz": {
                "get": {
                    "summary": "Readiness: Temporal reachable",
                    "responses": {"200": _json("Ready.", PROBE), "503": _json("Temporal unreachable.", PROBE)},
                }
            },
            "/webhooks/zoho/{connection_id}": _zoho_webhook(settings),
            "/webhooks/bill/{connection_id}": BILL_WEBHOOK,
            "/status/connections": CONNECTION_STATUS,
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json("OpenAPI 3.1.", {})}}},
        },
        "components": {
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
            },
            "securitySchemes": {"statusToken": {"type": "http", "scheme": "bearer"}},
        },
    }


class OpenApiEndpoint:
    """Serves `gateway_openapi(settings)`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def handle(self, request: Request) -> Response:
        """The document, built per request so a changed setting is reflected."""
        return JSONResponse(gateway_openapi(self._settings))
