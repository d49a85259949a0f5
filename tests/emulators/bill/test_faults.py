"""Every fault kind, in BILL's shapes, and the write that commits before its response fails."""

from __future__ import annotations

import json

import httpx
import pytest

from emulators.bill import BillEmulator
from emulators.faults import Fault, FaultKind
from tests.emulators.bill.conftest import API, Org, bill_body, error_code

pytestmark = pytest.mark.fault


async def test_rate_limit_fault(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/v3/vendors$"))
    plain = await http.get(f"{API}/v3/vendors", headers=org.headers)
    assert (plain.status_code, error_code(plain)) == (429, "BDC_1144")
    assert "retry-after" not in plain.headers
    emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/v3/vendors$", retry_after=7, status=400))
    hinted = await http.get(f"{API}/v3/vendors", headers=org.headers)
    assert (hinted.status_code, hinted.headers["retry-after"]) == (400, "7")
    assert (await http.get(f"{API}/v3/vendors", headers=org.headers)).status_code == 200


@pytest.mark.parametrize(("status", "expected"), [(None, 503), (500, 500)])
async def test_server_error_fault(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, status: int | None, expected: int
) -> None:
    emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/v3/bills", status=status))
    response = await http.get(f"{API}/v3/bills", headers=org.headers)
    assert response.status_code == expected
    assert response.json()[0]["category"] == "SERVER"


async def test_html_error_fault(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.HTML_ERROR, path="/v3/bills"))
    response = await http.get(f"{API}/v3/bills", headers=org.headers)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")


async def test_malformed_json_fault(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.MALFORMED_JSON, path="/v3/bills"))
    response = await http.get(f"{API}/v3/bills", headers=org.headers)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_expire_session_fault(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.EXPIRE_SESSION, path="/v3/bills"))
    assert error_code(await http.get(f"{API}/v3/bills", headers=org.headers)) == "BDC_1109"
    assert error_code(await http.get(f"{API}/v3/vendors", headers=org.headers)) == "BDC_1109"  # really gone


async def test_drop_after_commit_fails_a_committed_write(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    fault = emu.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, path="/v3/bills$", method="POST"))
    response = await http.post(f"{API}/v3/bills", headers=org.headers, json=bill_body(org.vendor_id, org.account_id))
    assert response.status_code == 500
    assert response.json()[0]["category"] == "SERVER"
    assert fault.hits == 1
    assert len(emu.bills(org.id)) == 1  # the bill exists although the client saw a failure


async def test_drop_after_commit_ignores_reads(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    fault = emu.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, path="/v3/bills"))
    assert (await http.get(f"{API}/v3/bills", headers=org.headers)).status_code == 200
    assert fault.hits == 0


async def test_faults_are_logged(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/v3/bills"))
    await http.get(f"{API}/v3/bills", headers=org.headers)
    last = emu.request_log[-1]
    assert (last.method, last.path, last.status, last.code) == ("GET", "/connect/v3/bills", 429, "BDC_1144")


async def test_rate_limit_fault_with_the_concurrency_code(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.RATE_LIMIT, path="/v3/vendors$", code="BDC_1322"))
    response = await http.get(f"{API}/v3/vendors", headers=org.headers)
    assert (response.status_code, error_code(response)) == (429, "BDC_1322")
    assert "retry-after" not in response.headers


async def test_server_error_fault_with_retry_after(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.faults.add(Fault(FaultKind.SERVER_ERROR, path="/v3/bills", retry_after=3))
    response = await http.get(f"{API}/v3/bills", headers=org.headers)
    assert (response.status_code, response.headers["retry-after"]) == (503, "3")
    assert response.json()[0]["category"] == "SERVER"
