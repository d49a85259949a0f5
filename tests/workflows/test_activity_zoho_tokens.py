"""`GrantAccessTokens`: one token per grant, refreshed single-flight, reused until shortly before expiry."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import SecretStr

from activities.zoho_tokens import GrantAccessTokens
from clients.zoho import ZohoAccountsClient


class TokenServer:
    """A Zoho token endpoint double that mints `token-1`, `token-2`, ... and counts refreshes."""

    def __init__(self, *, expires_in: int = 3600, delay: float = 0.0) -> None:
        self.refreshes = 0
        self.expires_in = expires_in
        self.delay = delay

    async def handle(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/eu/accounts/oauth/v2/token"
        assert b"refresh_token=rt-secret" in request.content
        await asyncio.sleep(self.delay)
        self.refreshes += 1
        return httpx.Response(
            200,
            json={
                "access_token": f"token-{self.refreshes}",
                "api_domain": "http://zoho.test/eu/api",
                "token_type": "Bearer",
                "expires_in": self.expires_in,
            },
        )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def load_refresh_token() -> SecretStr:
    return SecretStr("rt-secret")


@pytest.fixture
def server() -> TokenServer:
    return TokenServer(delay=0.01)


def tokens_for(server: TokenServer, http: httpx.AsyncClient, clock: FakeClock) -> GrantAccessTokens:
    accounts = ZohoAccountsClient(http, "http://zoho.test/eu/accounts", "1000.DEMO", SecretStr("demo-secret"))
    return GrantAccessTokens(accounts, load_refresh_token, monotonic=clock)


async def test_concurrent_callers_share_one_refresh(server: TokenServer) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as http:
        tokens = tokens_for(server, http, FakeClock())
        results = await asyncio.gather(*(tokens() for _ in range(20)))
    assert {t.get_secret_value() for t in results} == {"token-1"}
    assert server.refreshes == 1


async def test_token_is_reused_until_the_margin_before_expiry(server: TokenServer) -> None:
    clock = FakeClock()
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as http:
        tokens = tokens_for(server, http, clock)
        await tokens()
        clock.now += 3600 - 5 * 60 - 1
        assert (await tokens()).get_secret_value() == "token-1"
        clock.now += 2
        assert (await tokens()).get_secret_value() == "token-2"
    assert server.refreshes == 2


async def test_forced_refresh_replaces_a_rejected_token_once(server: TokenServer) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as http:
        tokens = tokens_for(server, http, FakeClock())
        await tokens()
        # two callers saw token-1 rejected at the same time: only one new token is minted
        renewed = await asyncio.gather(tokens(force_refresh=True), tokens(force_refresh=True))
    assert {t.get_secret_value() for t in renewed} == {"token-2"}
    assert server.refreshes == 2


async def test_short_lived_tokens_are_reused_for_half_their_lifetime() -> None:
    server, clock = TokenServer(expires_in=60), FakeClock()
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as http:
        tokens = tokens_for(server, http, clock)
        await tokens()
        clock.now += 29
        await tokens()
        clock.now += 2
        await tokens()
    assert server.refreshes == 2
