"""No secret reaches a URL, an exception string, a repr or a log record."""

from __future__ import annotations

import logging

import httpx
import pytest
from pydantic import SecretStr

from clients.zoho import ZohoTokenSet
from common.errors import SyncError
from tests.clients.zoho.conftest import MakeAccounts, MakeBooks
from tests.clients.zoho.fakes import (
    ACCESS_TOKEN,
    AUTH_CODE,
    ORG_ID,
    REFRESH_TOKEN,
    SECRETS,
    Reply,
    Script,
    failure,
    ok,
    token_reply,
)


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def echo_secrets(request: httpx.Request) -> httpx.Response:
    """A hostile answer that echoes the request's header and body back in its message."""
    message = f"{request.headers.get('authorization')} {request.content.decode()} {request.url}"
    return httpx.Response(400, json={"code": 2, "message": message, "error": message})


BOOKS_FAILURES = [
    failure(401, 57, "You are not authorized to perform this operation"),
    failure(429, 44, "too many requests"),
    httpx.Response(500, text=f"<html>{ACCESS_TOKEN}</html>"),
    httpx.ConnectError(f"failed to reach host with {ACCESS_TOKEN}"),
    echo_secrets,
]


@pytest.mark.parametrize("reply", BOOKS_FAILURES, ids=["57", "44", "html", "transport", "echo"])
async def test_books_errors_and_logs_hold_no_token(
    make_books: MakeBooks, caplog: pytest.LogCaptureFixture, reply: Reply
) -> None:
    caplog.set_level(logging.DEBUG)
    script = Script(reply, reply)
    with pytest.raises(SyncError) as caught:
        await make_books(script).get_bill(ORG_ID, "1")
    assert leaked(str(caught.value)) == []
    assert leaked(repr(caught.value)) == []
    assert caught.value.__cause__ is None
    assert leaked("\n".join(r.getMessage() for r in caplog.records)) == []


async def test_books_logs_are_written_and_clean(make_books: MakeBooks, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="clients.zoho")
    await make_books(Script(ok(bill={"bill_id": "1", "vendor_id": "2"}))).get_bill(ORG_ID, "1")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("clients.zoho")]
    assert messages == ["zoho books GET /bills/{bill_id} -> HTTP 200 code 0"]


async def test_accounts_errors_hold_no_secret(make_accounts: MakeAccounts, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_accounts(Script(echo_secrets, echo_secrets, echo_secrets))
    with pytest.raises(SyncError) as refreshing:
        await client.refresh(SecretStr(REFRESH_TOKEN))
    with pytest.raises(SyncError) as exchanging:
        await client.exchange_code(AUTH_CODE, "https://cb.example")
    with pytest.raises(SyncError) as revoking:
        await client.revoke(SecretStr(REFRESH_TOKEN))
    for caught in (refreshing, exchanging, revoking):
        assert leaked(str(caught.value)) == []
        assert leaked(str(caught.value.code)) == []
    assert leaked("\n".join(r.getMessage() for r in caplog.records)) == []


async def test_no_secret_ever_appears_in_a_url(make_accounts: MakeAccounts) -> None:
    grant = {"access_token": ACCESS_TOKEN, "api_domain": "https://www.zohoapis.com", "token_type": "Bearer"}
    script = Script(token_reply(**grant), token_reply(**grant), token_reply(status="success"))
    client = make_accounts(script)
    await client.exchange_code(AUTH_CODE, "https://cb.example")
    await client.refresh(SecretStr(REFRESH_TOKEN))
    await client.revoke(SecretStr(REFRESH_TOKEN))
    assert [leaked(str(r.url)) for r in script.requests] == [[], [], []]


def test_token_set_repr_and_dump_mask_tokens() -> None:
    tokens = ZohoTokenSet(
        access_token=SecretStr(ACCESS_TOKEN),
        refresh_token=SecretStr(REFRESH_TOKEN),
        api_domain="https://www.zohoapis.com",
        token_type="Bearer",
        expires_in=3600,
    )
    assert leaked(repr(tokens)) == []
    assert leaked(str(tokens)) == []
    assert leaked(tokens.model_dump_json()) == []
