"""Fixtures for the Zoho client tests: clients wired to a `Script` through `httpx.MockTransport`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Protocol

import httpx
import pytest
from pydantic import SecretStr

from clients.http import build_async_client
from clients.zoho import AccessTokenProvider, ResponseInfo, ZohoAccountsClient, ZohoBooksClient
from tests.clients.zoho.fakes import ACCOUNTS_URL, API_DOMAIN, CLIENT_ID, CLIENT_SECRET, FakeTokens, Script


class MakeBooks(Protocol):
    """Builds a Books client that talks to `script` (tokens from the `tokens` fixture unless given)."""

    def __call__(self, script: Script, provider: AccessTokenProvider | None = None) -> ZohoBooksClient: ...


MakeAccounts = Callable[[Script], ZohoAccountsClient]


@pytest.fixture
def tokens() -> FakeTokens:
    return FakeTokens()


@pytest.fixture
def responses() -> list[ResponseInfo]:
    """What the `on_response` hook saw."""
    return []


@pytest.fixture
async def http_clients() -> AsyncIterator[list[httpx.AsyncClient]]:
    created: list[httpx.AsyncClient] = []
    yield created
    for client in created:
        await client.aclose()


@pytest.fixture
def make_books(tokens: FakeTokens, responses: list[ResponseInfo], http_clients: list[httpx.AsyncClient]) -> MakeBooks:
    def make(script: Script, provider: AccessTokenProvider | None = None) -> ZohoBooksClient:
        http = build_async_client(transport=httpx.MockTransport(script))
        http_clients.append(http)
        return ZohoBooksClient(http, API_DOMAIN, provider or tokens, on_response=responses.append)

    return make


@pytest.fixture
def make_accounts(http_clients: list[httpx.AsyncClient]) -> MakeAccounts:
    def make(script: Script) -> ZohoAccountsClient:
        http = build_async_client(transport=httpx.MockTransport(script))
        http_clients.append(http)
        return ZohoAccountsClient(http, ACCOUNTS_URL, CLIENT_ID, SecretStr(CLIENT_SECRET))

    return make
