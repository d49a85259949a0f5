"""Every fault kind of the shared `FaultPlan`, applied by the Zoho emulator."""

from __future__ import annotations

import json

import httpx
import pytest

from emulators.faults import Fault, FaultKind
from tests.emulators.zoho.conftest import World

pytestmark = pytest.mark.fault


def bill_body(world: World, number: str) -> dict[str, object]:
    return {"vendor_id": world.vendor_id, "bill_number": number, "date": "2026-11-20", "due_date": "2026-12-20"}


async def test_rate_limit_fault_with_and_without_retry_after(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/bills$"))
    world.emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/bills$", retry_after=7))
    plain, hinted = await books.get("/bills"), await books.get("/bills")
    assert (plain.status_code, plain.json()["code"], "Retry-After" in plain.headers) == (429, 44, False)
    assert (hinted.status_code, hinted.headers["Retry-After"]) == (429, "7")
    assert (await books.get("/bills")).status_code == 200


async def test_server_error_fault(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/contacts", status=503))
    world.emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/contacts"))
    first, second = await books.get("/contacts"), await books.get("/contacts")
    assert (first.status_code, second.status_code) == (503, 500)
    assert first.json() == {"code": 1000, "message": "Internal Error"}


async def test_html_error_fault(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.HTML_ERROR, path="/bills"))
    response = await books.get("/bills")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")


async def test_malformed_json_fault_truncates_a_200(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.MALFORMED_JSON, path="/organizations"))
    response = await books.get("/organizations")
    assert response.status_code == 200
    assert response.content.startswith(b'{"code":0')
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_expire_session_fault_expires_the_token(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.EXPIRE_SESSION, path="/bills"))
    expired = await books.get("/bills")
    assert (expired.status_code, expired.json()["code"]) == (401, 57)
    assert (await books.get("/contacts")).status_code == 401  # the token itself is dead now


async def test_drop_after_commit_keeps_the_record(books: httpx.AsyncClient, world: World) -> None:
    fault = world.emu.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, path="/bills", method="POST"))
    response = await books.post("/bills", json=bill_body(world, "LOST-1"))
    assert response.status_code == 500
    assert response.json()["code"] == 1000
    assert fault.hits == 1
    assert [b["bill_number"] for b in world.emu.bills(world.org_id)] == ["LOST-1"]
    retry = await books.post("/bills", json=bill_body(world, "LOST-1"))
    assert retry.json()["code"] == 1001  # the retry meets the committed original


async def test_faults_only_hit_matching_requests(books: httpx.AsyncClient, world: World) -> None:
    fault = world.emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/bills", method="POST"))
    assert (await books.get("/bills")).status_code == 200
    assert fault.hits == 0


async def test_lost_token_response_still_counts(client: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, path="/oauth/v2/token$"))
    form = {"client_id": "1000.DEMO", "client_secret": "demo-secret", "grant_type": "refresh_token"}
    lost = await client.post("/us/accounts/oauth/v2/token", data={**form, "refresh_token": world.refresh_token})
    assert lost.status_code == 500
    assert world.emu.stats.token_requests_for(world.refresh_token) == 1
    again = await client.post("/us/accounts/oauth/v2/token", data={**form, "refresh_token": world.refresh_token})
    assert "access_token" in again.json()


async def test_rate_limit_fault_with_the_concurrency_code(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/bills$", code="1070"))
    response = await books.get("/bills")
    assert (response.status_code, response.json()["code"], "Retry-After" in response.headers) == (429, 1070, False)


async def test_server_error_fault_with_retry_after(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/contacts", status=503, retry_after=3))
    response = await books.get("/contacts")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "3")
    assert response.json() == {"code": 1000, "message": "Internal Error"}


async def test_a_rate_limit_code_zoho_does_not_have_is_a_test_bug(books: httpx.AsyncClient, world: World) -> None:
    world.emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/bills$", code="BDC_1144"))
    with pytest.raises(ValueError, match="no rate-limit code"):
        await books.get("/bills")
