"""Code 57 / HTTP 401: refresh the access token once and retry; a second rejection is `NotAuthorized`."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from common.errors import AuthRejected, NotAuthorized
from tests.clients.zoho.conftest import MakeBooks
from tests.clients.zoho.fakes import ACCESS_TOKEN, ORG_ID, REFRESHED_TOKEN, FakeTokens, Script, failure, ok

NOT_AUTHORIZED = "You are not authorized to perform this operation"


@pytest.mark.parametrize(
    "rejection",
    [failure(401, 57, NOT_AUTHORIZED), failure(400, 57, NOT_AUTHORIZED), httpx.Response(401, json={"message": "x"})],
    ids=["57-401", "57-400", "401-no-code"],
)
async def test_rejected_token_is_refreshed_once_and_the_call_retried(
    make_books: MakeBooks, tokens: FakeTokens, rejection: httpx.Response
) -> None:
    script = Script(rejection, ok(bill={"bill_id": "7", "vendor_id": "3"}))
    client = make_books(script)

    bill = await client.get_bill(ORG_ID, "7")

    assert bill.bill_id == "7"
    assert tokens.calls == [False, True]
    sent = [r.headers["authorization"] for r in script.requests]
    assert sent == [f"Zoho-oauthtoken {ACCESS_TOKEN}", f"Zoho-oauthtoken {REFRESHED_TOKEN}"]
    assert script.requests[0].url == script.requests[1].url


async def test_second_rejection_is_not_authorized(make_books: MakeBooks, tokens: FakeTokens) -> None:
    script = Script(failure(401, 57, NOT_AUTHORIZED), failure(401, 57, NOT_AUTHORIZED))
    client = make_books(script)

    with pytest.raises(NotAuthorized) as caught:
        await client.get_bill(ORG_ID, "7")

    assert caught.value.code == "57"
    assert not caught.value.retryable
    assert tokens.calls == [False, True]
    assert script.exhausted


async def test_failed_refresh_surfaces_the_providers_error(make_books: MakeBooks) -> None:
    class RevokedRefreshToken:
        async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
            if force_refresh:
                raise AuthRejected("token request failed: invalid_code", code="invalid_code")
            return SecretStr(ACCESS_TOKEN)

    script = Script(failure(401, 57, NOT_AUTHORIZED))
    client = make_books(script, RevokedRefreshToken())
    with pytest.raises(AuthRejected):
        await client.get_bill(ORG_ID, "7")
    assert len(script.requests) == 1
