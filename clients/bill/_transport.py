"""One BILL HTTP exchange: build the URL, send, time it, report it, classify failures, decode JSON."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from clients.bill._errors import classify
from clients.http import decode_json
from common.errors import Unavailable

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class BillCall:
    """What `on_response` receives for every call: no ids, no secrets, the path as a template."""

    method: str
    path: str
    status: int | None
    code: str | None
    elapsed: float


OnResponse = Callable[[BillCall], None]


class BillTransport:
    """Sends requests to one BILL base URL; raises `common.errors.SyncError` subclasses only.

    Error messages are scrubbed of `secrets` and of every header value the caller sent (devKey,
    sessionId, apiToken), in case BILL ever echoes them. A shared `in_flight` semaphore caps the
    requests this process has open at once (BILL: 3 per devKey per organization, else BDC_1322).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        service: str,
        secrets: Sequence[SecretStr],
        now: Callable[[], datetime],
        on_response: OnResponse | None,
        in_flight: asyncio.Semaphore | None = None,
    ) -> None:
        self._http = http
        self._in_flight: contextlib.AbstractAsyncContextManager[Any] = in_flight or contextlib.nullcontext()
        self._base_url = base_url.rstrip("/")
        self._service = service
        self._secrets = secrets
        self._now = now
        self._on_response = on_response

    async def send(
        self,
        method: str,
        template: str,
        *,
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        headers: Mapping[str, str],
    ) -> Any:
        """Decoded JSON of a 2xx response (None when empty); a classified error otherwise."""
        url = self._base_url + _expand(template, path_params or {})
        async with self._in_flight:
            started = time.monotonic()
            try:
                response = await self._http.request(
                    method, url, params=params, json=body, headers={"Accept": "application/json", **headers}
                )
            except httpx.RequestError as exc:
                self._report(method, template, None, None, started)
                message = f"{method} {template} failed: {type(exc).__name__}"
                raise Unavailable(message, service=self._service) from None
        if not response.is_success:
            secrets = [*(s.get_secret_value() for s in self._secrets), *headers.values()]
            error = classify(response, service=self._service, now=self._now, secrets=secrets)
            self._report(method, template, response.status_code, error.code, started)
            raise error
        self._report(method, template, response.status_code, None, started)
        if not response.content.strip():
            return None
        return decode_json(response, service=self._service)

    def parse(self, model: type[M], data: Any, *, what: str) -> M:
        """`data` as `model`; a shape mismatch is `Unavailable` naming only field paths, never values."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            locations = sorted({".".join(str(part) for part in err["loc"]) or "body" for err in exc.errors()})
            message = f"unexpected response shape for {what}: {', '.join(locations[:5])}"
            raise Unavailable(message, service=self._service) from None

    def _report(self, method: str, template: str, status: int | None, code: str | None, started: float) -> None:
        if self._on_response is not None:
            self._on_response(BillCall(method, template, status, code, time.monotonic() - started))


def _expand(template: str, path_params: Mapping[str, str]) -> str:
    """`template` with each `{name}` replaced by its percent-encoded value (ids cannot add path segments)."""
    for name, value in path_params.items():
        if not value:
            raise ValueError(f"{name} must not be empty")
    return template.format_map({name: quote(value, safe="") for name, value in path_params.items()})
