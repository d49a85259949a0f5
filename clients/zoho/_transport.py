"""One Books API call: auth header, ``organization_id``, error classification, one retry after a refresh."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx

from clients.http import decode_json, redact
from clients.zoho._errors import BOOKS, BOOKS_STATUSES, books_error
from clients.zoho.tokens import AccessTokenProvider
from common.errors import NotAuthorized, SyncError, Unavailable

logger = logging.getLogger(__name__)

QueryValue = str | int | bool | None
_MAX_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class ResponseInfo:
    """What a caller may count per Books response (rate budgets, metrics); no ids, no secrets.

    Reported for every answered request, including the first try of a refresh-and-retry; requests that got no
    answer (transport errors) are not reported. The hook runs inline and must not raise.
    """

    method: str
    path: str
    """The path template, e.g. ``/bills/{bill_id}``."""
    status: int
    zoho_code: int | None
    elapsed: timedelta


ResponseHook = Callable[[ResponseInfo], None]


class BooksTransport:
    """Sends Books requests and turns every failure into a `common.errors.SyncError`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_domain: str,
        token: AccessTokenProvider,
        on_response: ResponseHook | None = None,
    ) -> None:
        self._http = http
        self._base = f"{api_domain.rstrip('/')}/books/v3"
        self._token = token
        self._on_response = on_response

    async def call(
        self,
        method: str,
        path: str,
        *,
        org_id: str | None,
        ids: Mapping[str, str] | None = None,
        query: Mapping[str, QueryValue] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The JSON body of a successful call; on code 57 / HTTP 401 refreshes the token and retries once."""
        url = self._base + path.format_map({k: quote(v, safe="") for k, v in (ids or {}).items()})
        params = {k: _query_text(v) for k, v in (query or {}).items() if v is not None}
        if org_id is not None:
            params["organization_id"] = org_id
        result = await self._attempt(method, path, url, params, body, force_refresh=False)
        if isinstance(result, NotAuthorized):
            result = await self._attempt(method, path, url, params, body, force_refresh=True)
        if isinstance(result, SyncError):
            raise result
        return result

    async def _attempt(
        self,
        method: str,
        path: str,
        url: str,
        params: dict[str, str],
        body: Mapping[str, Any] | None,
        *,
        force_refresh: bool,
    ) -> dict[str, Any] | SyncError:
        token = await self._token(force_refresh=force_refresh)
        headers = {"Authorization": f"Zoho-oauthtoken {token.get_secret_value()}"}
        started = time.monotonic()
        try:
            response = await self._http.request(method, url, params=params, json=body, headers=headers)
        except httpx.TransportError as exc:
            raise Unavailable(f"transport error: {type(exc).__name__}", service=BOOKS) from None
        elapsed = timedelta(seconds=time.monotonic() - started)
        code, result = _outcome(response, token.get_secret_value())
        logger.debug("zoho books %s %s -> HTTP %s code %s", method, path, response.status_code, code)
        if self._on_response is not None:
            self._on_response(ResponseInfo(method, path, response.status_code, code, elapsed))
        return result


def _outcome(response: httpx.Response, token: str) -> tuple[int | None, dict[str, Any] | SyncError]:
    """Zoho's body ``code`` and either the success body or the classified error (`token` redacted from it)."""
    try:
        body = decode_json(response, service=BOOKS)
    except Unavailable as unreadable:
        known_status = response.status_code in BOOKS_STATUSES
        return None, books_error(response, None, "") if known_status else unreadable
    if not isinstance(body, dict):
        return None, Unavailable("response body is not a JSON object", service=BOOKS, status=response.status_code)
    code = _zoho_code(body.get("code"))
    if response.is_success and code in (0, None):
        return code, body
    message = body.get("message")
    text = redact(message, [token])[:_MAX_MESSAGE] if isinstance(message, str) else ""
    return code, books_error(response, code, text)


def _zoho_code(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def _query_text(value: str | int | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
