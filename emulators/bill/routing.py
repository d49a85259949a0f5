"""The route table's vocabulary: which base a route lives on, how it authenticates, and what a handler gets."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from emulators.bill.listing import ListSpec, page
from emulators.bill.state import OrgContext, Record, Session

API_PREFIX = "/connect"
EVENTS_PREFIX = "/connect-events"


class Auth(Enum):
    """How a route authenticates."""

    NONE = "none"  # login: credentials travel in the body
    SESSION = "session"  # devKey + sessionId headers (AP/AR and the webhook API)
    SPEND = "spend"  # apiToken header (Spend & Expense)


@dataclass(frozen=True)
class Reply:
    """A successful answer: status and JSON body (None = empty body)."""

    status: int
    body: Any = None


@dataclass
class Call:
    """One request as a handler sees it; `ctx` exists once the caller is authenticated."""

    params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any
    org_ctx: OrgContext | None = None
    api_session: Session | None = None

    @property
    def ctx(self) -> OrgContext:
        """The caller's organization context (authenticated routes only)."""
        if self.org_ctx is None:
            raise RuntimeError("unauthenticated route has no organization context")
        return self.org_ctx

    @property
    def session(self) -> Session:
        """The caller's AP/AR session (session routes only)."""
        if self.api_session is None:
            raise RuntimeError("route is not authenticated by a session")
        return self.api_session


Handler = Callable[[Call], Reply]


@dataclass
class Route:
    """``METHOD prefix+template`` → handler. Templates use ``{name}`` for one path segment."""

    method: str
    prefix: str
    template: str
    auth: Auth
    handler: Handler
    pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.prefix + self.template)
        self.pattern = re.compile(f"^{regex}$")

    @property
    def writes(self) -> bool:
        """True for calls that may change state (faults after commit apply to them)."""
        return self.method != "GET"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """Path parameters when this route serves the request, else None."""
        if method != self.method:
            return None
        found = self.pattern.match(path)
        return found.groupdict() if found else None


def resolve(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The first route serving ``method path``, with its path parameters."""
    for route in routes:
        params = route.match(method, path)
        if params is not None:
            return route, params
    return None


def listed(records: Callable[[OrgContext], Iterable[Record]], spec: ListSpec) -> Handler:
    """``GET`` a list page of the caller's records."""
    return lambda c: Reply(200, page(records(c.ctx), c.query, spec))


def created(create: Callable[[OrgContext, Any], Any], status: int = 201) -> Handler:
    """``POST`` a body that creates something."""
    return lambda c: Reply(status, create(c.ctx, c.body))


def fetched(get: Callable[[OrgContext, str], Any]) -> Handler:
    """``GET`` one object by the ``{id}`` path parameter."""
    return lambda c: Reply(200, get(c.ctx, c.params["id"]))


def changed(change: Callable[[OrgContext, str, Any], Any]) -> Handler:
    """``PUT``/``PATCH`` one object by ``{id}`` with the body."""
    return lambda c: Reply(200, change(c.ctx, c.params["id"], c.body))


def archiving(set_archived: Callable[[OrgContext, str, bool], Any], archived: bool) -> Handler:
    """``POST {id}/archive`` or ``{id}/restore``."""
    return lambda c: Reply(200, set_archived(c.ctx, c.params["id"], archived))
