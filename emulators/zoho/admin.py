"""Small JSON admin routes under ``/_emulator`` for the ``ml-connector dev`` demo.

``GET /_emulator/orgs`` · ``GET /_emulator/orgs/{org_id}/bills`` · ``GET /_emulator/orgs/{org_id}/contacts`` ·
``POST /_emulator/orgs/{org_id}/bills`` (JSON = `ZohoEmulator.add_bill` keyword arguments; fires webhooks) ·
``POST /_emulator/clock/advance`` (``{"seconds": n}``) · ``POST /_emulator/webhooks/flush`` (delivers over
the network) · ``GET /_emulator/stats``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulators.zoho.errors import ZohoApiError

if TYPE_CHECKING:
    from emulators.zoho.emulator import ZohoEmulator


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, 400)


async def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body())
    except json.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


def admin_routes(emu: ZohoEmulator) -> list[Route]:
    """The admin route table bound to one emulator."""

    def known(org_id: str) -> bool:
        return any(org["organization_id"] == org_id for org in emu.organizations())

    async def orgs(request: Request) -> Response:
        return JSONResponse({"organizations": emu.organizations()})

    async def bills(request: Request) -> Response:
        org_id = request.path_params["org_id"]
        return JSONResponse({"bills": emu.bills(org_id)}) if known(org_id) else _bad_request("unknown organization")

    async def contacts(request: Request) -> Response:
        org_id = request.path_params["org_id"]
        return (
            JSONResponse({"contacts": emu.contacts(org_id)}) if known(org_id) else _bad_request("unknown organization")
        )

    async def create_bill(request: Request) -> Response:
        org_id, body = request.path_params["org_id"], await _json_object(request)
        if body is None or not known(org_id):
            return _bad_request("expected a JSON object for a known organization")
        try:
            bill_id = emu.add_bill(org_id, **body)
        except ZohoApiError as error:
            return _bad_request(error.message)
        except (TypeError, ValueError) as error:
            return _bad_request(str(error))
        return JSONResponse({"bill_id": bill_id}, 201)

    async def advance_clock(request: Request) -> Response:
        body = await _json_object(request)
        seconds = body.get("seconds") if body else None
        if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
            return _bad_request('expected {"seconds": <non-negative number>}')
        emu.clock.advance(float(seconds))
        return JSONResponse({"now": emu.clock.now().isoformat()})

    async def flush(request: Request) -> Response:
        async with httpx.AsyncClient(timeout=10.0) as http:
            return JSONResponse({"statuses": await emu.flush_webhooks(http)})

    async def stats(request: Request) -> Response:
        counters = emu.stats
        return JSONResponse(
            {
                "api_calls": dict(counters.api_calls),
                "statuses": {str(k): v for k, v in counters.statuses.items()},
                "limited": {str(k): v for k, v in counters.limited.items()},
                "peak_in_flight": dict(counters.peak_in_flight),
            }
        )

    return [
        Route("/_emulator/orgs", orgs, methods=["GET"]),
        Route("/_emulator/orgs/{org_id}/bills", bills, methods=["GET"]),
        Route("/_emulator/orgs/{org_id}/bills", create_bill, methods=["POST"]),
        Route("/_emulator/orgs/{org_id}/contacts", contacts, methods=["GET"]),
        Route("/_emulator/clock/advance", advance_clock, methods=["POST"]),
        Route("/_emulator/webhooks/flush", flush, methods=["POST"]),
        Route("/_emulator/stats", stats, methods=["GET"]),
    ]
