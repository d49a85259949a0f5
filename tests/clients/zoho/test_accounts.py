"""Zoho Accounts OAuth: consent URL, exchange, refresh, revoke, and token errors that arrive as HTTP 200."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from common.errors import AuthRejected, PayloadRejected, RateLimited, SyncError, Unavailable
from tests.clients.zoho.conftest import MakeAccounts
from tests.clients.zoho.fakes import (
    ACCESS_TOKEN,
    ACCOUNTS_URL,
    AUTH_CODE,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    Script,
    token_reply,
)

GRANTED = {
    "access_token": ACCESS_TOKEN,
    "refresh_token": REFRESH_TOKEN,
    "api_domain": "https://www.zohoapis.eu",
    "token_type": "Bearer",
    "expires_in": 3600,
}
REDIRECT = "https://connector.example/oauth/zoho/callback"


def form(request: httpx.Request) -> dict[str, str]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def test_authorization_url_asks_for_offline_consent(make_accounts: MakeAccounts) -> None:
    url = make_accounts(Script()).authorization_url(
        redirect_uri=REDIRECT, scopes=["ZohoBooks.bills.READ", "ZohoBooks.contacts.CREATE"], state="st-42"
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{ACCOUNTS_URL}/oauth/v2/auth"
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "scope": ["ZohoBooks.bills.READ,ZohoBooks.contacts.CREATE"],
        "redirect_uri": [REDIRECT],
        "state": ["st-42"],
        "access_type": ["offline"],
        "prompt": ["consent"],
    }
    assert CLIENT_SECRET not in url


def test_authorization_url_without_forced_consent(make_accounts: MakeAccounts) -> None:
    url = make_accounts(Script()).authorization_url(
        redirect_uri=REDIRECT, scopes=["ZohoBooks.bills.READ"], state="s", access_type="online", prompt_consent=False
    )
    query = parse_qs(urlsplit(url).query)
    assert "prompt" not in query
    assert query["access_type"] == ["online"]


async def test_exchange_code_posts_a_form_and_returns_the_token_set(make_accounts: MakeAccounts) -> None:
    script = Script(token_reply(**GRANTED))
    tokens = await make_accounts(script).exchange_code(AUTH_CODE, REDIRECT)

    assert tokens.access_token.get_secret_value() == ACCESS_TOKEN
    assert tokens.refresh_token is not None
    assert tokens.refresh_token.get_secret_value() == REFRESH_TOKEN
    assert (tokens.api_domain, tokens.token_type, tokens.expires_in) == ("https://www.zohoapis.eu", "Bearer", 3600)
    (request,) = script.requests
    assert request.method == "POST"
    assert str(request.url) == f"{ACCOUNTS_URL}/oauth/v2/token"
    assert form(request) == {
        "grant_type": "authorization_code",
        "code": AUTH_CODE,
        "redirect_uri": REDIRECT,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }


async def test_refresh_sends_secrets_in_the_body_only(make_accounts: MakeAccounts) -> None:
    refreshed = {k: v for k, v in GRANTED.items() if k != "refresh_token"}
    script = Script(token_reply(**refreshed))
    tokens = await make_accounts(script).refresh(SecretStr(REFRESH_TOKEN))

    assert tokens.refresh_token is None
    (request,) = script.requests
    assert request.url.query == b""
    assert form(request) == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }


async def test_revoke_posts_the_refresh_token_in_the_body(make_accounts: MakeAccounts) -> None:
    script = Script(token_reply(status="success"))
    await make_accounts(script).revoke(SecretStr(REFRESH_TOKEN))
    (request,) = script.requests
    assert str(request.url) == f"{ACCOUNTS_URL}/oauth/v2/token/revoke"
    assert form(request) == {"token": REFRESH_TOKEN}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": "invalid_code"}, AuthRejected),
        ({"error": "invalid_client"}, AuthRejected),
        ({"error": "invalid_client_secret"}, AuthRejected),
        ({"error": "invalid_redirect_uri"}, PayloadRejected),
        ({"error": "something_new"}, AuthRejected),
        (
            {
                "error": "Access Denied",
                "error_description": "You have made too many requests continuously. Please try again after some time.",
            },
            RateLimited,
        ),
    ],
    ids=["invalid_code", "invalid_client", "invalid_client_secret", "invalid_redirect_uri", "unknown", "throttle"],
)
async def test_token_errors_on_http_200_are_classified(
    make_accounts: MakeAccounts, body: dict[str, str], expected: type[SyncError]
) -> None:
    with pytest.raises(expected) as caught:
        await make_accounts(Script(token_reply(**body))).refresh(SecretStr(REFRESH_TOKEN))
    assert type(caught.value) is expected
    assert caught.value.code == body["error"]
    assert caught.value.status == 200


async def test_throttle_waits_the_whole_window(make_accounts: MakeAccounts) -> None:
    with pytest.raises(RateLimited) as caught:
        await make_accounts(Script(token_reply(error="Access Denied"))).refresh(SecretStr(REFRESH_TOKEN))
    assert caught.value.retry_after == timedelta(minutes=10)


async def test_revoke_reports_errors_too(make_accounts: MakeAccounts) -> None:
    with pytest.raises(AuthRejected):
        await make_accounts(Script(token_reply(error="invalid_code"))).revoke(SecretStr(REFRESH_TOKEN))


@pytest.mark.parametrize("missing", ["access_token", "api_domain"])
async def test_success_without_essential_fields_is_an_error(make_accounts: MakeAccounts, missing: str) -> None:
    body = {k: v for k, v in GRANTED.items() if k != missing}
    with pytest.raises(Unavailable, match=missing) as caught:
        await make_accounts(Script(token_reply(**body))).exchange_code(AUTH_CODE, REDIRECT)
    assert REFRESH_TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (httpx.Response(429, text="slow down", headers={"Retry-After": "30"}), RateLimited),
        (httpx.Response(503, text="<html>down</html>"), Unavailable),
        (httpx.Response(200, text="<html>login page</html>", headers={"content-type": "text/html"}), Unavailable),
        (httpx.Response(400, json={"status": "failure"}), AuthRejected),
        (httpx.ConnectTimeout("timed out"), Unavailable),
    ],
    ids=["429", "503", "html-200", "400-without-error", "transport"],
)
async def test_transport_and_status_failures(
    make_accounts: MakeAccounts, reply: httpx.Response | Exception, expected: type[SyncError]
) -> None:
    with pytest.raises(expected) as caught:
        await make_accounts(Script(reply)).refresh(SecretStr(REFRESH_TOKEN))
    assert caught.value.__cause__ is None


async def test_retry_after_is_honoured_on_429(make_accounts: MakeAccounts) -> None:
    reply = httpx.Response(429, text="slow down", headers={"Retry-After": "30"})
    with pytest.raises(RateLimited) as caught:
        await make_accounts(Script(reply)).refresh(SecretStr(REFRESH_TOKEN))
    assert caught.value.retry_after == timedelta(seconds=30)
