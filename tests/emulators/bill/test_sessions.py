"""Login, header checks, sliding 35-minute expiry, logout and organization isolation."""

from __future__ import annotations

from datetime import timedelta

import httpx

from emulators.bill import BillEmulator
from tests.emulators.bill.conftest import API, DEV_KEY, PASSWORD, USERNAME, Org, error_code, login, seed_org


async def test_login_returns_session_fields(http: httpx.AsyncClient, org: Org) -> None:
    body = {"username": USERNAME, "password": PASSWORD, "organizationId": org.id, "devKey": DEV_KEY}
    response = await http.post(f"{API}/v3/login", json=body)
    assert response.status_code == 200
    assert set(response.json()) == {"sessionId", "organizationId", "userId", "trusted"}
    assert response.json()["organizationId"] == org.id


async def test_bad_password_is_bdc_1101(http: httpx.AsyncClient, org: Org) -> None:
    body = {"username": USERNAME, "password": "wrong", "organizationId": org.id, "devKey": DEV_KEY}
    response = await http.post(f"{API}/v3/login", json=body)
    assert (response.status_code, error_code(response)) == (401, "BDC_1101")
    assert "wrong" not in response.text


async def test_unknown_dev_key_is_bdc_1102(http: httpx.AsyncClient, org: Org) -> None:
    body = {"username": USERNAME, "password": PASSWORD, "organizationId": org.id, "devKey": "nope"}
    assert error_code(await http.post(f"{API}/v3/login", json=body)) == "BDC_1102"
    headers = {**org.headers, "devKey": "nope"}
    assert error_code(await http.get(f"{API}/v3/vendors", headers=headers)) == "BDC_1102"


async def test_missing_headers_are_400(http: httpx.AsyncClient, org: Org) -> None:
    no_session = await http.get(f"{API}/v3/vendors", headers={"devKey": DEV_KEY})
    assert (no_session.status_code, error_code(no_session)) == (400, "BDC_1109")
    no_key = await http.get(f"{API}/v3/vendors", headers={"sessionId": org.headers["sessionId"]})
    assert (no_key.status_code, error_code(no_key)) == (400, "BDC_1102")


async def test_session_slides_for_35_idle_minutes(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.clock.advance(timedelta(minutes=34))
    assert (await http.get(f"{API}/v3/login/session", headers=org.headers)).status_code == 200
    emu.clock.advance(timedelta(minutes=34))  # 68 minutes after login, 34 after the last call
    assert (await http.get(f"{API}/v3/vendors", headers=org.headers)).status_code == 200
    emu.clock.advance(timedelta(minutes=36))
    expired = await http.get(f"{API}/v3/vendors", headers=org.headers)
    assert (expired.status_code, error_code(expired)) == (401, "BDC_1109")
    assert expired.json()[0]["message"] == "Session is invalid. Please log in."


async def test_logout_and_expire_sessions_end_sessions(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    assert (await http.post(f"{API}/v3/logout", headers=org.headers)).status_code == 200
    assert error_code(await http.get(f"{API}/v3/vendors", headers=org.headers)) == "BDC_1109"
    fresh = await login(http, org.id)
    emu.expire_sessions(org.id)
    assert error_code(await http.get(f"{API}/v3/vendors", headers=fresh)) == "BDC_1109"


async def test_session_is_bound_to_its_dev_key(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.add_dev_key("other-key")
    response = await http.get(f"{API}/v3/vendors", headers={**org.headers, "devKey": "other-key"})
    assert error_code(response) == "BDC_1109"


async def test_session_details(http: httpx.AsyncClient, org: Org) -> None:
    details = (await http.get(f"{API}/v3/login/session", headers=org.headers)).json()
    assert details["organizationId"] == org.id
    assert set(details) == {"organizationId", "userId", "mfaStatus", "mfaBypass"}


async def test_sessions_only_see_their_organization(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    other_id, _, other_vendor = seed_org(emu, "Globex")
    other_headers = await login(http, other_id)
    names = [v["name"] for v in (await http.get(f"{API}/v3/vendors", headers=other_headers)).json()["results"]]
    assert names == ["Globex Supplier"]
    response = await http.get(f"{API}/v3/vendors/{org.vendor_id}", headers=other_headers)
    assert (response.status_code, error_code(response)) == (404, "BDC_1120")
    cross = await http.get(f"{API}/v3/vendors/{other_vendor}", headers=org.headers)
    assert cross.status_code == 404


async def test_login_to_foreign_organization_is_rejected(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    other = emu.add_organization("Initech")
    body = {"username": USERNAME, "password": PASSWORD, "organizationId": other, "devKey": DEV_KEY}
    assert error_code(await http.post(f"{API}/v3/login", json=body)) == "BDC_1101"


async def test_secrets_stay_out_of_reprs_and_logs(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    emu.set_spend_api_token(org.id, "spend-secret-token")
    state = repr(emu.outbox)  # its repr includes the whole in-memory state, as a debugger would show it
    for secret in (PASSWORD, DEV_KEY, org.headers["sessionId"], "spend-secret-token"):
        assert secret not in state
        assert secret not in repr(emu.request_log)
