"""Zoho stand-ins for `httpx.MockTransport`: queued responses in Zoho's real shapes, every request recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from pydantic import SecretStr

API_DOMAIN = "https://www.zohoapis.test"
ACCOUNTS_URL = "https://accounts.zoho.test"
ORG_ID = "10234695"
CLIENT_ID = "1000.CLIENTID123"
CLIENT_SECRET = "client-secret-0f9e8d7c"
ACCESS_TOKEN = "1000.access-tok-1a2b3c"
REFRESHED_TOKEN = "1000.access-tok-9z8y7x"
REFRESH_TOKEN = "1000.refresh-tok-4d5e6f"
AUTH_CODE = "1000.auth-code-77aa88bb"
SECRETS = (CLIENT_SECRET, ACCESS_TOKEN, REFRESHED_TOKEN, REFRESH_TOKEN, AUTH_CODE)

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeTokens:
    """An `AccessTokenProvider` that records each call's ``force_refresh``."""

    def __init__(self) -> None:
        self.calls: list[bool] = []
        self._current = ACCESS_TOKEN

    async def __call__(self, *, force_refresh: bool = False) -> SecretStr:
        self.calls.append(force_refresh)
        if force_refresh:
            self._current = REFRESHED_TOKEN
        return SecretStr(self._current)


class Script:
    """A MockTransport handler that plays `replies` in order and records the requests."""

    def __init__(self, *replies: Reply) -> None:
        self._replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert self._replies, f"unexpected request {request.method} {request.url.path}"
        reply = self._replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    @property
    def exhausted(self) -> bool:
        return not self._replies


def ok(**payload: Any) -> httpx.Response:
    """A Books success envelope (HTTP 200)."""
    return httpx.Response(200, json={"code": 0, "message": "success", **payload})


def failure(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """A Books failure envelope."""
    return httpx.Response(status, json={"code": code, "message": message}, headers=headers)


def page_of(key: str, items: list[dict[str, Any]], page: int, *, more: bool, per_page: int = 200) -> httpx.Response:
    """One list page with Zoho's ``page_context``."""
    context: dict[str, Any] = {
        "page": page,
        "per_page": per_page,
        "has_more_page": more,
        "applied_filter": "Status.All",
    }
    payload: dict[str, Any] = {key: items, "page_context": context}
    return ok(**payload)


def token_reply(**body: Any) -> httpx.Response:
    """A token-endpoint answer: Zoho sends errors with HTTP 200 too."""
    return httpx.Response(200, json=body)


def bill(bill_id: str, **fields: Any) -> dict[str, Any]:
    """A bill as Zoho lists it."""
    return {"bill_id": bill_id, "vendor_id": "460000000038029", "bill_number": f"B-{bill_id}", **fields}


def contact(contact_id: str, last_modified_time: str) -> dict[str, Any]:
    """A vendor as Zoho lists it."""
    return {
        "contact_id": contact_id,
        "contact_name": f"Vendor {contact_id}",
        "contact_type": "vendor",
        "last_modified_time": last_modified_time,
    }
