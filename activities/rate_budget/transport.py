"""`BudgetTransport`: an httpx transport that holds a budget slot for each request, so clients stay unaware.

It wraps the worker's shared `httpx.AsyncClient` (one connection pool per process): a per-organization
client built on this transport sends each request through the shared client while holding the slot, reads
the body, releases the slot, and reports a rate-limit answer that still got through back to the budget.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from activities.rate_budget.budget import RateBudget
from activities.rate_budget.limits import BudgetRule
from activities.rate_budget.penalties import PenaltyRule

RuleFor = Callable[[httpx.Request], BudgetRule]


class BudgetTransport(httpx.AsyncBaseTransport):
    """Sends through `http` under `budget`, with the rule `rule_for(request)` and the vendor's `penalty`."""

    def __init__(self, http: httpx.AsyncClient, budget: RateBudget, rule_for: RuleFor, penalty: PenaltyRule) -> None:
        self._http = http
        self._budget = budget
        self._rule_for = rule_for
        self._penalty = penalty

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The shared client's response, fully read while the slot is held (the pool is the shared client's)."""
        async with self._budget.slot(self._rule_for(request)):
            sent = await self._http.send(request, stream=True)
            try:
                raw = await _raw_body(sent)
            finally:
                await sent.aclose()
        response = httpx.Response(
            sent.status_code, headers=sent.headers, content=raw, request=request, extensions=sent.extensions
        )
        if not response.is_success:
            pause = self._penalty(response, await response.aread(), self._budget.clock.now())
            if pause is not None:
                await self._budget.pause(list(pause.keys), pause.seconds)
        return response


async def _raw_body(response: httpx.Response) -> bytes:
    """The body as sent (still content-encoded, so the caller's client decodes it once), read from the stream
    itself: a transport may hand over a response whose bytes are already loaded."""
    stream = response.stream
    if not isinstance(stream, httpx.AsyncByteStream):
        raise TypeError("an async client returned a synchronous stream")
    return b"".join([chunk async for chunk in stream])


def budgeted_client(
    http: httpx.AsyncClient, budget: RateBudget, rule_for: RuleFor, penalty: PenaltyRule
) -> httpx.AsyncClient:
    """A client whose every request goes through `http` under `budget`, with `http`'s timeouts (it owns no
    connections of its own, so it needs no closing)."""
    transport = BudgetTransport(http, budget, rule_for, penalty)
    return httpx.AsyncClient(transport=transport, timeout=http.timeout, follow_redirects=False)
