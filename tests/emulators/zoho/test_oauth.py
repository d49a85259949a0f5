"""Zoho Accounts behaviour: code grant, refresh, HTTP-200 errors, expiry, token caps and throttling."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from emulators.zoho import ZohoEmulator
from tests.emulators.zoho.conftest import BASE, CLIENT_ID, World, access_token, token_request

REDIRECT = "https://app.test/callback"


async def authorize(client: httpx.AsyncClient, dc: str, login_hint: str, **extra: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": "ZohoBooks.bills.READ,ZohoBooks.settings.READ",
        "access_type": "offline",
        "state": "xyz",
        "login_hint": login_hint,
        **extra,
    }
    return await client.get(f"/{dc}/accounts/oauth/v2/auth", params=params)


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


async def test_code_grant_then_refresh(client: httpx.AsyncClient, world: World) -> None:
    params = redirect_params(await authorize(client, "us", "owner@acme.test"))
    assert params["location"] == "us"
    assert params["accounts-server"] == f"{BASE}/us/accounts"
    assert params["state"] == "xyz"

    granted = await token_request(
        client, "us", grant_type="authorization_code", code=params["code"], redirect_uri=REDIRECT
    )
    body = granted.json()
    assert granted.status_code == 200
    assert body["api_domain"] == f"{BASE}/us/api"
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"]
    assert body["refresh_token"]

    refreshed = (
        await token_request(client, "us", grant_type="refresh_token", refresh_token=body["refresh_token"])
    ).json()
    assert set(refreshed) == {"access_token", "api_domain", "token_type", "expires_in"}
    orgs = await client.get(
        "/us/api/books/v3/organizations", headers={"Authorization": f"Zoho-oauthtoken {refreshed['access_token']}"}
    )
    assert [org["organization_id"] for org in orgs.json()["organizations"]] == [world.org_id]


async def test_login_is_handed_to_the_users_data_centre(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    emu.add_user("anna@eu.test", "eu")
    params = redirect_params(await authorize(client, "us", "anna@eu.test"))
    assert params["location"] == "eu"
    assert params["accounts-server"] == f"{BASE}/eu/accounts"
    at_us = await token_request(
        client, "us", grant_type="authorization_code", code=params["code"], redirect_uri=REDIRECT
    )
    assert at_us.json() == {"error": "invalid_code"}
    at_eu = await token_request(
        client, "eu", grant_type="authorization_code", code=params["code"], redirect_uri=REDIRECT
    )
    assert at_eu.json()["api_domain"] == f"{BASE}/eu/api"


async def test_china_is_separate(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    emu.add_user("li@cn.test", "cn")
    assert redirect_params(await authorize(client, "us", "li@cn.test"))["error"] == "access_denied"
    assert redirect_params(await authorize(client, "cn", "li@cn.test"))["location"] == "cn"


async def test_online_access_gives_no_refresh_token(client: httpx.AsyncClient, world: World) -> None:
    params = redirect_params(await authorize(client, "us", "owner@acme.test", access_type="online"))
    body = (
        await token_request(client, "us", grant_type="authorization_code", code=params["code"], redirect_uri=REDIRECT)
    ).json()
    assert "access_token" in body
    assert "refresh_token" not in body


async def test_unknown_user_and_bad_client_are_refused(client: httpx.AsyncClient, world: World) -> None:
    assert redirect_params(await authorize(client, "us", "nobody@x.test"))["error"] == "access_denied"
    assert (await authorize(client, "us", "owner@acme.test", client_id="1000.OTHER")).status_code == 400


async def test_token_errors_are_http_200(client: httpx.AsyncClient, world: World) -> None:
    code = world.emu.issue_authorization_code(world.user_id, REDIRECT, ["ZohoBooks.bills.READ"])
    wrong_secret = await client.post(
        "/us/accounts/oauth/v2/token",
        data={"client_id": CLIENT_ID, "client_secret": "nope", "grant_type": "refresh_token"},
    )
    wrong_redirect = await token_request(
        client, "us", grant_type="authorization_code", code=code, redirect_uri="https://evil.test/cb"
    )
    unknown_grant = await token_request(client, "us", grant_type="password")
    assert [r.status_code for r in (wrong_secret, wrong_redirect, unknown_grant)] == [200, 200, 200]
    assert wrong_secret.json() == {"error": "invalid_client"}
    assert wrong_redirect.json() == {"error": "invalid_redirect_uri"}
    assert unknown_grant.json() == {"error": "unsupported_grant_type"}


async def test_codes_are_single_use(client: httpx.AsyncClient, world: World) -> None:
    code = world.emu.issue_authorization_code(world.user_id, REDIRECT, ["ZohoBooks.bills.READ"])
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    assert "access_token" in (await token_request(client, "us", **form)).json()
    assert (await token_request(client, "us", **form)).json() == {"error": "invalid_code"}


async def test_codes_expire_after_120_seconds(client: httpx.AsyncClient, world: World) -> None:
    fresh = world.emu.issue_authorization_code(world.user_id, REDIRECT, ["ZohoBooks.bills.READ"])
    stale = world.emu.issue_authorization_code(world.user_id, REDIRECT, ["ZohoBooks.bills.READ"])
    world.emu.clock.advance(119)
    ok = await token_request(client, "us", grant_type="authorization_code", code=fresh, redirect_uri=REDIRECT)
    assert "access_token" in ok.json()
    world.emu.clock.advance(1)
    late = await token_request(client, "us", grant_type="authorization_code", code=stale, redirect_uri=REDIRECT)
    assert late.json() == {"error": "invalid_code"}


async def test_access_tokens_expire_after_an_hour(client: httpx.AsyncClient, world: World) -> None:
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, world.refresh_token)}"}
    world.emu.clock.advance(3599)
    assert (await client.get("/us/api/books/v3/organizations", headers=headers)).status_code == 200
    world.emu.clock.advance(1)
    expired = await client.get("/us/api/books/v3/organizations", headers=headers)
    assert expired.status_code == 401
    assert expired.json() == {"code": 57, "message": "You are not authorized to perform this operation"}


async def test_twenty_first_refresh_token_evicts_the_oldest(client: httpx.AsyncClient, world: World) -> None:
    tokens = [world.refresh_token] + [world.emu.issue_refresh_token(world.user_id) for _ in range(19)]
    assert (
        "access_token"
        in (await token_request(client, "us", grant_type="refresh_token", refresh_token=tokens[0])).json()
    )
    world.emu.issue_refresh_token(world.user_id)
    evicted = await token_request(client, "us", grant_type="refresh_token", refresh_token=tokens[0])
    assert evicted.json() == {"error": "invalid_code"}
    still = await token_request(client, "us", grant_type="refresh_token", refresh_token=tokens[1])
    assert "access_token" in still.json()


async def test_eleventh_token_request_in_ten_minutes_is_throttled(client: httpx.AsyncClient, world: World) -> None:
    form = {"grant_type": "refresh_token", "refresh_token": world.refresh_token}
    for _ in range(10):
        assert "access_token" in (await token_request(client, "us", **form)).json()
        world.emu.clock.advance(30)
    throttled = await token_request(client, "us", **form)
    assert throttled.status_code == 200
    assert throttled.json() == {
        "error": "Access Denied",
        "error_description": "You have made too many requests continuously. Please try again after some time.",
    }
    assert world.emu.stats.token_requests_for(world.refresh_token) == 11
    world.emu.clock.advance(301)  # the first grant (10 min ago) leaves the window
    assert "access_token" in (await token_request(client, "us", **form)).json()


async def test_refresh_token_only_works_in_its_users_data_centre(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    user_id = emu.add_user("eva@eu.test", "eu")
    token = emu.issue_refresh_token(user_id)
    assert (await token_request(client, "us", grant_type="refresh_token", refresh_token=token)).json() == {
        "error": "invalid_code"
    }
    assert "access_token" in (await token_request(client, "eu", grant_type="refresh_token", refresh_token=token)).json()


async def test_revoked_refresh_token_and_its_access_tokens_die(client: httpx.AsyncClient, world: World) -> None:
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, world.refresh_token)}"}
    revoke = await client.post("/us/accounts/oauth/v2/token/revoke", params={"token": world.refresh_token})
    assert revoke.json() == {"status": "success"}
    assert (await client.get("/us/api/books/v3/organizations", headers=headers)).status_code == 401
    again = await token_request(client, "us", grant_type="refresh_token", refresh_token=world.refresh_token)
    assert again.json() == {"error": "invalid_code"}


async def test_missing_scope_is_not_authorized(client: httpx.AsyncClient, world: World) -> None:
    narrow = world.emu.issue_refresh_token(world.user_id, ["ZohoBooks.bills.READ"])
    headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client, narrow)}"}
    params = {"organization_id": world.org_id}
    assert (await client.get("/us/api/books/v3/bills", headers=headers, params=params)).status_code == 200
    denied = await client.post("/us/api/books/v3/bills", headers=headers, params=params, json={})
    assert denied.status_code == 401
    assert denied.json()["code"] == 57


async def test_sixteenth_access_token_invalidates_the_oldest(client: httpx.AsyncClient, world: World) -> None:
    tokens = []
    for index in range(16):
        if index == 10:
            world.emu.clock.advance(601)  # stay under the 10-per-10-minutes throttle
        tokens.append(await access_token(client, world.refresh_token))

    async def works(token: str) -> bool:
        response = await client.get(
            "/us/api/books/v3/organizations", headers={"Authorization": f"Zoho-oauthtoken {token}"}
        )
        return response.status_code == 200

    assert [await works(token) for token in tokens] == [False] + [True] * 15


def test_reprs_carry_no_secrets(world: World) -> None:
    world.emu.register_webhook(world.org_id, url="https://hooks.test/x", secret="topsecretvalue123")
    world.emu.add_bill(
        world.org_id,
        vendor_id=world.vendor_id,
        bill_number="R-1",
        date="2026-11-01",
        due_date="2026-12-01",
        line_items=[],
    )
    assert world.emu.outbox
    assert "topsecretvalue123" not in repr(world.emu.outbox)
    assert world.refresh_token not in repr(world.emu.stats)
