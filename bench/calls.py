"""API calls counted by the emulators themselves (the oracle), as snapshots that can be subtracted."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields

from starlette.types import ASGIApp, Receive, Scope, Send

from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator

LIMITED_STATUS = 429


@dataclass(frozen=True)
class CallCount:
    """Requests served by the emulators up to one moment."""

    zoho_books: int
    """Zoho Books calls admitted (those count against the org's budgets)."""
    zoho_tokens: int
    """Zoho Accounts token requests."""
    zoho_limited: int
    """Zoho calls rejected by a rate limit (429)."""
    bill_calls: int
    """BILL calls served other than 429s (logins included)."""
    bill_logins: int
    """BILL session logins."""
    bill_limited: int
    """BILL calls rejected by a rate limit (429)."""

    def __sub__(self, earlier: CallCount) -> CallCount:
        return CallCount(**{f.name: getattr(self, f.name) - getattr(earlier, f.name) for f in fields(self)})

    @property
    def zoho_total(self) -> int:
        """Every Zoho request that reached the emulator (Books, tokens and rejections)."""
        return self.zoho_books + self.zoho_tokens + self.zoho_limited

    @property
    def bill_total(self) -> int:
        """Every BILL request that reached the emulator (including rejections)."""
        return self.bill_calls + self.bill_limited


def count_calls(zoho: ZohoEmulator, bill: BillEmulator) -> CallCount:
    """What both emulators have served so far."""
    log = list(bill.request_log)
    limited = sum(1 for r in log if r.status == LIMITED_STATUS)
    return CallCount(
        zoho_books=sum(zoho.stats.api_calls.values()),
        zoho_tokens=sum(zoho.stats.token_requests.values()),
        zoho_limited=sum(zoho.stats.limited.values()),
        bill_calls=len(log) - limited,
        bill_logins=sum(1 for r in log if r.method == "POST" and r.path.endswith("/v3/login")),
        bill_limited=limited,
    )


ID_SEGMENT = re.compile(r"/(?!v\d+(?:/|$))[^/]*\d[^/]*")
"""A path segment holding an id (any digit), except the API version."""


def endpoint(method: str, path: str) -> str:
    """`METHOD /path/{id}`: a request's method and path with id segments replaced."""
    return f"{method} {ID_SEGMENT.sub('/{id}', path)}"


def bill_endpoints(bill: BillEmulator, since: int) -> Counter[str]:
    """BILL requests served after the first `since` log entries, by endpoint."""
    return Counter(endpoint(r.method, r.path) for r in bill.request_log[since:])


@dataclass
class RequestTally:
    """ASGI wrapper that tallies the HTTP requests an app receives by endpoint (the Zoho emulator keeps
    counts per organization but not per endpoint; this explains the figures, the emulator counts them)."""

    app: ASGIApp
    seen: Counter[str] = field(default_factory=Counter)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.seen[endpoint(scope["method"], scope["path"])] += 1
        await self.app(scope, receive, send)
