"""The codec server: bearer-authorised encode/decode round trip, CORS for the Web UI origin only."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette

from common.settings import Settings
from webhook_gateway.codec_server import codec_routes
from worker.codec import generate_payload_key

TOKEN = "ui-codec-token-0123456789"
UI = "https://temporal-ui.example"
PLAIN = {
    "metadata": {"encoding": base64.b64encode(b"json/plain").decode()},
    "data": base64.b64encode(b'"Acme"').decode(),
}


def settings(**overrides: object) -> Settings:
    fields: dict[str, object] = {
        "payload_keys": SecretStr(generate_payload_key()),
        "codec_server_token": SecretStr(TOKEN),
        "codec_cors_origin": UI,
    }
    return Settings.model_validate(fields | overrides)


@pytest.fixture
async def codec_http() -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(routes=codec_routes(settings()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as http:
        yield http


def authorised(token: str = TOKEN) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", "content-type": "application/json", "x-namespace": "default"}


async def test_encode_then_decode_round_trips(codec_http: httpx.AsyncClient) -> None:
    encoded = await codec_http.post("/codec/encode", json={"payloads": [PLAIN]}, headers=authorised())
    assert encoded.status_code == 200
    [sealed] = encoded.json()["payloads"]
    assert base64.b64decode(sealed["metadata"]["encoding"]) == b"binary/encrypted"
    assert b"Acme" not in base64.b64decode(sealed["data"])

    decoded = await codec_http.post("/codec/decode", json=encoded.json(), headers=authorised())

    assert decoded.status_code == 200
    assert decoded.json() == {"payloads": [PLAIN]}


@pytest.mark.parametrize("headers", [{}, authorised("wrong-token"), {"authorization": TOKEN}])
async def test_decode_without_the_token_is_refused(codec_http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    sealed = (await codec_http.post("/codec/encode", json={"payloads": [PLAIN]}, headers=authorised())).json()

    refused = await codec_http.post("/codec/decode", json=sealed, headers=headers)

    assert refused.status_code == 401
    assert "Acme" not in refused.text


async def test_payloads_of_an_unknown_key_are_refused(codec_http: httpx.AsyncClient) -> None:
    other = Starlette(routes=codec_routes(settings()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://other.test") as http:
        sealed = (await http.post("/codec/encode", json={"payloads": [PLAIN]}, headers=authorised())).json()

    refused = await codec_http.post("/codec/decode", json=sealed, headers=authorised())

    assert refused.status_code == 422


async def test_malformed_body_is_a_400(codec_http: httpx.AsyncClient) -> None:
    response = await codec_http.post("/codec/decode", content=json.dumps({"payloads": "x"}), headers=authorised())
    assert response.status_code == 400


async def test_cors_preflight_allows_only_the_ui_origin(codec_http: httpx.AsyncClient) -> None:
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "authorization,x-namespace"}

    allowed = await codec_http.options("/codec/decode", headers={"origin": UI, **preflight})
    other = await codec_http.options("/codec/decode", headers={"origin": "https://evil.example", **preflight})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == UI
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("missing", ["codec_server_token", "payload_keys"])
def test_not_mounted_unless_configured(missing: str) -> None:
    assert codec_routes(settings(**{missing: None})) == []
