"""The route table's vocabulary: which base a route lives on, how it authenticates, and what a handler gets."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from emulators.bill.state import OrgContext, Session

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
    session: Session | None = None

    @property
    def ctx(self) -> OrgContext:
        """The caller's organization context (authenticated routes only)."""
        if self.org_ctx is None:
            raise RuntimeError("unauthenticated route has no organization context")
        return self.org_ctx


@dataclass
class Route:
    """``METHOD prefix+template`` → handler. Templates use ``{name}`` for one path segment."""

    method: str
    prefix: str
    template: str
    auth: Auth
    handler: Callable[[Call], Reply]
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
