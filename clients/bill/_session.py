"""BILL credentials and the session they buy: login once, share it, renew it at most once per expiry."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from pydantic import BaseModel, ConfigDict, SecretStr

from clients.bill._base import BillModel


class BillCredentials(BaseModel):
    """What `POST /v3/login` needs; secrets stay `SecretStr` (masked in repr, logs and dumps)."""

    model_config = ConfigDict(frozen=True)

    dev_key: SecretStr
    username: str
    password: SecretStr
    organization_id: str

    def login_body(self) -> dict[str, str]:
        """The login request body, in BILL's field names."""
        return {
            "username": self.username,
            "password": self.password.get_secret_value(),
            "organizationId": self.organization_id,
            "devKey": self.dev_key.get_secret_value(),
        }


class BillSessionInfo(BillModel):
    """The login response without its `sessionId`."""

    organization_id: str
    user_id: str
    trusted: bool = False


class BillSessionDetails(BillModel):
    """`GET /v3/login/session`: a cheap probe that the session is alive."""

    organization_id: str
    user_id: str
    mfa_status: str | None = None
    mfa_bypass: bool | None = None


class LoginResponse(BillSessionInfo):
    """The full login response; only `BillClient` ever sees it."""

    session_id: SecretStr


class BillSession:
    """An open BILL session; the sessionId is private and never shown by `repr`."""

    __slots__ = ("_session_id", "info")

    def __init__(self, session_id: SecretStr, info: BillSessionInfo) -> None:
        self._session_id = session_id
        self.info = info

    def auth_headers(self, dev_key: SecretStr) -> dict[str, str]:
        """The `devKey` + `sessionId` headers every AP/AR and webhooks call carries."""
        return {"devKey": dev_key.get_secret_value(), "sessionId": self._session_id.get_secret_value()}

    def __repr__(self) -> str:
        return f"BillSession(organization_id={self.info.organization_id!r}, user_id={self.info.user_id!r})"


class SessionKeeper:
    """Holds the current session; concurrent callers that need a login all await the same one.

    Single-flight: the first caller starts the login as a task and every other caller awaits that
    task, so N concurrent first calls cost one login, and a failed login fails all of them once
    (no login storm against BILL's 200 logins/hour/devKey).
    """

    def __init__(self, login: Callable[[], Awaitable[BillSession]]) -> None:
        self._login = login
        self._session: BillSession | None = None
        self._inflight: asyncio.Task[BillSession] | None = None

    @property
    def current(self) -> BillSession | None:
        """The open session, if any."""
        return self._session

    async def get(self) -> BillSession:
        """The open session, logging in first when there is none."""
        if self._session is not None:
            return self._session
        return await self._join_login()

    async def renew(self, stale: BillSession | None) -> BillSession:
        """A session newer than `stale`: reuse one another caller already renewed, else log in."""
        if self._session is not None and self._session is not stale:
            return self._session
        self._session = None
        return await self._join_login()

    def forget(self) -> None:
        """Drop the session (after logout)."""
        self._session = None

    async def _join_login(self) -> BillSession:
        if self._inflight is None:
            self._inflight = asyncio.get_running_loop().create_task(self._run_login())
            self._inflight.add_done_callback(_retrieve_exception)
        return await asyncio.shield(self._inflight)

    async def _run_login(self) -> BillSession:
        try:
            self._session = await self._login()
            return self._session
        finally:
            self._inflight = None


def _retrieve_exception(task: asyncio.Task[BillSession]) -> None:
    """Mark a failed login as seen even if every waiter was cancelled (no 'never retrieved' noise)."""
    if not task.cancelled():
        task.exception()
