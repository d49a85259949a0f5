"""The ASGI side: resolve the route, inject faults, authenticate, enforce limits, run the handler, log.

Order per request: unknown path → BDC_1121; armed fault → its failure; authentication (session or apiToken);
concurrency slot and hourly budget; optional artificial latency (inside the slot, so concurrency limits can
be hit); handler; for writes, a DROP_AFTER_COMMIT fault turns the committed success into HTTP 500.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute

from emulators.bill import sessions
from emulators.bill.errors import (
    INVALID_API_TOKEN,
    NOT_SUPPORTED,
    SERVER_ERROR,
    BillApiError,
    error_body,
    invalid,
)
from emulators.bill.fault_replies import fault_response
from emulators.bill.routing import Auth, Call, Reply, Route, resolve
from emulators.bill.services import Services
from emulators.bill.state import Organization, OrgContext
from emulators.faults import FaultPlan

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class LoggedRequest(NamedTuple):
    """One served request, for counting calls in tests and benchmarks."""

    method: str
    path: str
    status: int
    org_id: str | None
    code: str | None


@dataclass
class Dispatcher:
    """Turns HTTP requests into handler calls with BILL's auth, limits, faults and error shape."""

    services: Services
    routes: list[Route]
    faults: FaultPlan
    notify: Callable[[Organization, str, dict[str, Any]], None]
    latency: Callable[[], float]
    log: list[LoggedRequest]

    def app(self) -> Starlette:
        """A Starlette app that sends every path to this dispatcher."""
        return Starlette(routes=[StarletteRoute("/{path:path}", self.handle, methods=METHODS)])

    async def handle(self, request: Request) -> Response:
        method, path = request.method, request.url.path
        org_id: str | None = None
        try:
            found = resolve(self.routes, method, path)
            if found is None:
                raise BillApiError(404, NOT_SUPPORTED, "API not supported.")
            route, params = found
            fault = self.faults.take(method, path)
            if fault is not None:
                response, code = fault_response(fault, self.services, request.headers)
                self._log(method, path, response.status_code, None, code)
                return response
            call = Call(params, request.query_params, request.headers, body=None)
            org = self._authenticate(route, call)
            org_id = org.id if org else None
            call.body = await self._json(request)
            async with self._limited(route, call, org):
                reply = route.handler(call)
            if org_id is None and isinstance(reply.body, dict):
                org_id = reply.body.get("organizationId")  # a login names the organization it opened
            if route.writes and (after := self.faults.take_after_commit(method, path)) is not None:
                raise BillApiError(after.status or 500, SERVER_ERROR, "Internal server error.", category="SERVER")
            return self._reply(method, path, reply, org_id)
        except BillApiError as error:
            self._log(method, path, error.status, org_id, error.code)
            return self._error(error)

    def _authenticate(self, route: Route, call: Call) -> Organization | None:
        state, now = self.services.state, self.services.now()
        if route.auth is Auth.NONE:
            return None
        if route.auth is Auth.SESSION:
            call.api_session = sessions.authenticate(state, call.headers, now)
            org = state.organizations[call.api_session.organization_id]
        else:
            token = call.headers.get("apitoken")
            found = state.organization_by_spend_token(token) if token else None
            if found is None:
                raise BillApiError(401, INVALID_API_TOKEN, "apiToken is missing or invalid.")
            org = found
        call.org_ctx = OrgContext(org, now, state.ids, self.notify)
        return org

    @asynccontextmanager
    async def _limited(self, route: Route, call: Call, org: Organization | None) -> AsyncIterator[None]:
        limiter, now = self.services.limiter, self.services.now()
        if route.auth is Auth.SPEND and org is not None:
            limiter.count_spend(org.id, now)
        with self._slot(call, org):
            if call.api_session is not None:
                limiter.count_request(call.api_session.dev_key, now)
            if (delay := self.latency()) > 0:
                await asyncio.sleep(delay)
            yield

    def _slot(self, call: Call, org: Organization | None) -> AbstractContextManager[None]:
        """A concurrency slot for session calls (per devKey and organization); none for login and Spend."""
        if call.api_session is not None and org is not None:
            return self.services.limiter.in_flight(call.api_session.dev_key, org.id)
        return nullcontext()

    @staticmethod
    async def _json(request: Request) -> Any:
        raw = await request.body()
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise invalid("Request body is not valid JSON.") from None

    def _reply(self, method: str, path: str, reply: Reply, org_id: str | None) -> Response:
        self._log(method, path, reply.status, org_id, None)
        if reply.body is None:
            return Response(status_code=reply.status)
        return Response(json.dumps(reply.body), status_code=reply.status, media_type="application/json")

    def _error(self, error: BillApiError) -> Response:
        body = json.dumps(error_body(error, self.services.now()))
        return Response(body, status_code=error.status, media_type="application/json")

    def _log(self, method: str, path: str, status: int, org_id: str | None, code: str | None) -> None:
        self.log.append(LoggedRequest(method, path, status, org_id, code))
