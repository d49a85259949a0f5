"""The session-bearing core of `BillClient`: login, single-flight renewal, authenticated calls."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel

from clients.bill._session import (
    BillCredentials,
    BillSession,
    BillSessionDetails,
    BillSessionInfo,
    LoginResponse,
    SessionKeeper,
)
from clients.bill._transport import BillTransport, OnResponse
from common.errors import SessionExpired
from common.telemetry.metrics import token_refreshed

SERVICE = "BILL"
MAX_IN_FLIGHT = 3
"""BILL's concurrency cap per devKey per organization; one client serves one organization."""
M = TypeVar("M", bound=BaseModel)
Base = Literal["api", "events"]

logger = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BillApiCore:
    """Login lazily, share one session, re-login once on BDC_1109 and retry the call once."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_base: str,
        events_base: str,
        credentials: BillCredentials,
        on_response: OnResponse | None = None,
        now: Callable[[], datetime] = _utc_now,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self._credentials = credentials
        in_flight = asyncio.Semaphore(max_in_flight)
        self._sessions = SessionKeeper(self._login)
        self._login_count = 0

        def transport(base_url: str) -> BillTransport:
            return BillTransport(
                http,
                base_url=base_url,
                service=SERVICE,
                secrets=(credentials.dev_key, credentials.password),
                now=now,
                on_response=on_response,
                in_flight=in_flight,
            )

        self._transports: dict[Base, BillTransport] = {"api": transport(api_base), "events": transport(events_base)}

    @property
    def login_count(self) -> int:
        """`POST /v3/login` calls made by this client (BILL allows 200 per hour per devKey)."""
        return self._login_count

    async def login(self) -> BillSessionInfo:
        """Open a fresh session now (replacing any current one) and describe it."""
        session = await self._sessions.renew(stale=self._sessions.current)
        return session.info

    async def get_session(self) -> BillSessionDetails:
        """`GET /v3/login/session`: proves the session is alive and resets its 35-minute idle timer."""
        data = await self._call("GET", "/v3/login/session")
        return self._parse(BillSessionDetails, data, "GET /v3/login/session")

    async def logout(self) -> None:
        """`POST /v3/logout` for the current session, if any; an already expired session counts as ended."""
        session = self._sessions.current
        if session is None:
            return
        try:
            await self._transports["api"].send("POST", "/v3/logout", headers=self._headers(session))
        except SessionExpired:
            logger.info("BILL session of organization %s had already expired at logout", self._org_id)
        finally:
            self._sessions.forget()

    async def _call(
        self,
        method: str,
        template: str,
        *,
        base: Base = "api",
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """One authenticated call; on BDC_1109 one renewal and one retry, then `SessionExpired` propagates."""
        transport = self._transports[base]

        async def send(session: BillSession) -> Any:
            merged = {**self._headers(session), **(headers or {})}
            return await transport.send(
                method, template, path_params=path_params, params=params, body=body, headers=merged
            )

        session = await self._sessions.get()
        try:
            return await send(session)
        except SessionExpired:
            logger.info("BILL session expired for organization %s; logging in again", self._org_id)
        return await send(await self._sessions.renew(stale=session))

    def _parse(self, model: type[M], data: Any, what: str) -> M:
        return self._transports["api"].parse(model, data, what=what)

    async def _login(self) -> BillSession:
        self._login_count += 1
        logger.info("BILL login for organization %s (login #%d)", self._org_id, self._login_count)
        transport = self._transports["api"]
        data = await transport.send("POST", "/v3/login", body=self._credentials.login_body(), headers={})
        response = transport.parse(LoginResponse, data, what="POST /v3/login")
        info = BillSessionInfo.model_validate(response.model_dump(exclude={"session_id"}))
        token_refreshed("bill", self._org_id)
        return BillSession(response.session_id, info)

    def _headers(self, session: BillSession) -> dict[str, str]:
        return session.auth_headers(self._credentials.dev_key)

    @property
    def _org_id(self) -> str:
        return self._credentials.organization_id
