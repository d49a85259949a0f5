"""The connector's own metrics (OTel metrics API), one function per event, called where the event happens.

| Instrument | Kind | Attributes |
|---|---|---|
| `mlc.records` | counter | `connection_id`, `entity`, `status` (synced, failed, skipped, ...), `outcome` |
| `mlc.http.rate_limited` | counter | `service`, `org` — a vendor's rate-limit answer that got through |
| `mlc.tokens.refreshed` | counter | `service`, `owner` — an access token minted (Zoho) or session opened (BILL) |
| `mlc.rate_budget.admitted` | counter | `budget` (the budget key: owner and window, never a secret) |
| `mlc.rate_budget.wait` | histogram (s) | `budget` — time a request waited for its slot |
| `mlc.rate_budget.deferred` | counter | `budget`, `reason` — waits handed back to Temporal as a retry |

All are no-ops while metrics are off. Counts are at-least-once: a retried activity may count again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import httpx

from common.telemetry.providers import current

RECORDS = "mlc.records"
RATE_LIMITED = "mlc.http.rate_limited"
TOKENS_REFRESHED = "mlc.tokens.refreshed"
BUDGET_ADMITTED = "mlc.rate_budget.admitted"
BUDGET_WAIT = "mlc.rate_budget.wait"
BUDGET_DEFERRED = "mlc.rate_budget.deferred"

_Pause = TypeVar("_Pause")


def record_outcome(connection_id: str, entity: str, status: str, outcome: str = "") -> None:
    """A record reached `status` (`outcome` says how, e.g. created / adopted / updated)."""
    counter = current().meter.create_counter(RECORDS, unit="{record}", description="Records by final status")
    counter.add(1, {"connection_id": connection_id, "entity": entity, "status": status, "outcome": outcome})


def rate_limited(service: str, org: str) -> None:
    """A vendor answered with a rate-limit error."""
    counter = current().meter.create_counter(RATE_LIMITED, unit="{response}", description="Rate-limit answers")
    counter.add(1, {"service": service, "org": org})


def token_refreshed(service: str, owner: str = "") -> None:
    """A new access token or session was obtained."""
    counter = current().meter.create_counter(TOKENS_REFRESHED, unit="{token}", description="Tokens minted")
    counter.add(1, {"service": service, "owner": owner})


def budget_admitted(keys: Iterable[str], waited_seconds: float) -> None:
    """A request got its rate-budget slot after waiting `waited_seconds`."""
    meter = current().meter
    admitted = meter.create_counter(BUDGET_ADMITTED, unit="{request}", description="Rate-budget admissions")
    wait = meter.create_histogram(BUDGET_WAIT, unit="s", description="Wait for a rate-budget slot")
    for key in keys:
        admitted.add(1, {"budget": key})
        wait.record(waited_seconds, {"budget": key})


def budget_deferred(key: str, reason: str) -> None:
    """A wait too long to sleep was handed back to Temporal as a retry."""
    counter = current().meter.create_counter(BUDGET_DEFERRED, unit="{request}", description="Rate-budget deferrals")
    counter.add(1, {"budget": key, "reason": reason})


def counting_rate_limits(
    penalty: Callable[[httpx.Response, bytes, float], _Pause | None], *, service: str, org: str
) -> Callable[[httpx.Response, bytes, float], _Pause | None]:
    """`penalty` (a rate budget's reading of a vendor answer), also counting each answer that calls for a pause
    or is a 429 as `rate_limited(service, org)`."""

    def counted(response: httpx.Response, body: bytes, now: float) -> _Pause | None:
        pause = penalty(response, body, now)
        if pause is not None or response.status_code == httpx.codes.TOO_MANY_REQUESTS:
            rate_limited(service, org)
        return pause

    return counted
