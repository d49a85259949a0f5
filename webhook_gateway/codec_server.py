"""Temporal codec server: `POST /codec/encode` and `POST /codec/decode` for the Temporal Web UI and CLI.

Protocol (Temporal's remote codec): the body is ``{"payloads": [...]}`` in protobuf JSON, the answer has the
same shape. Configure the Web UI's codec endpoint as ``{MLC_GATEWAY_PUBLIC_URL}/codec`` with "pass access
token" on; the UI then sends ``Authorization: Bearer …``, which must equal ``MLC_CODEC_SERVER_TOKEN``
(constant-time compare). CORS allows only ``MLC_CODEC_CORS_ORIGIN``. Without a token or payload keys the routes
are not mounted at all: decoding is off unless an operator turned it on.
"""

from __future__ import annotations

import hmac

from google.protobuf import json_format
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from temporalio.api.common.v1 import Payload, Payloads

from common.settings import Settings
from webhook_gateway.body import BodyTooLarge, read_capped_body
from worker.codec import PayloadCipherCodec, PayloadUndecryptable

MAX_BODY_BYTES = 8 * 1024 * 1024
"""Several payloads of Temporal's 2 MB maximum, base64-inflated."""

PAYLOADS_JSON = "application/json"


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


class CodecEndpoints:
    """Encode and decode requests, each authorised by the bearer token."""

    def __init__(self, codec: PayloadCipherCodec, token: SecretStr) -> None:
        self._codec = codec
        self._expected = f"Bearer {token.get_secret_value()}".encode()

    async def encode(self, request: Request) -> Response:
        """Encrypt the posted payloads."""
        return await self._handle(request, decode=False)

    async def decode(self, request: Request) -> Response:
        """Decrypt the posted payloads (unencrypted ones come back unchanged)."""
        return await self._handle(request, decode=True)

    async def _handle(self, request: Request, *, decode: bool) -> Response:
        if not hmac.compare_digest(request.headers.get("authorization", "").encode(), self._expected):
            return _error(401, "codec access requires a valid bearer token")
        try:
            body = await read_capped_body(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return _error(413, "payloads too large")
        try:
            payloads: list[Payload] = list(json_format.Parse(body, Payloads()).payloads)
        except (json_format.ParseError, UnicodeDecodeError):
            return _error(400, "body must be {'payloads': [...]} in protobuf JSON")
        try:
            result = await (self._codec.decode(payloads) if decode else self._codec.encode(payloads))
        except PayloadUndecryptable as exc:
            return _error(422, str(exc))
        return Response(json_format.MessageToJson(Payloads(payloads=result)), media_type=PAYLOADS_JSON)


def codec_routes(settings: Settings) -> list[BaseRoute]:
    """The `/codec` mount, or nothing when the token or the payload keys are not configured."""
    if settings.codec_server_token is None or settings.payload_keys is None:
        return []
    endpoints = CodecEndpoints(PayloadCipherCodec.from_setting(settings.payload_keys), settings.codec_server_token)
    app = Starlette(
        routes=[
            Route("/encode", endpoints.encode, methods=["POST"]),
            Route("/decode", endpoints.decode, methods=["POST"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=[settings.codec_cors_origin],
                allow_methods=["POST"],
                allow_headers=["Authorization", "Content-Type", "X-Namespace"],
                allow_credentials=True,
            )
        ],
    )
    return [Mount("/codec", app=app)]
