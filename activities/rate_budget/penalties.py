"""Feedback from the vendors: a rate-limit answer that got through anyway pauses the budget it names.

Zoho answers 429 with body code 44 (minute window: pause for Retry-After or a minute), 45 (daily cap: pause
for Retry-After or an hour; the activity fails permanently anyway) or 1070 (concurrency: a short pause).
BILL's status for BDC_1144/BDC_1322 is undocumented, so any error answer is read for the code: BDC_1144
pauses the devKey until the next clock hour, BDC_1322 briefly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from clients.http import parse_retry_after

SHORT_PAUSE_SECONDS = 1.0


@dataclass(frozen=True)
class Pause:
    """Pause these budget keys for this many seconds."""

    keys: tuple[str, ...]
    seconds: float


PenaltyRule = Callable[[httpx.Response, bytes, float], Pause | None]
"""(response, its decoded body, budget time now) → the pause it calls for, if any."""


def zoho_penalty(rate_key: str, slots_key: str) -> PenaltyRule:
    """Pauses for Zoho's 429 codes on one organization's keys."""

    def penalty(response: httpx.Response, body: bytes, _now: float) -> Pause | None:
        if response.status_code != httpx.codes.TOO_MANY_REQUESTS:
            return None
        retry_after = _seconds(parse_retry_after(response.headers))
        code = _field(body, "code")
        if code in (44, "44"):
            return Pause((rate_key,), retry_after or 60.0)
        if code in (45, "45"):
            return Pause((rate_key,), retry_after or 3600.0)
        return Pause((slots_key,), retry_after or SHORT_PAUSE_SECONDS)

    return penalty


def bill_penalty(hour_key: str, slots_key: str) -> PenaltyRule:
    """Pauses for BILL's BDC_1144 (hourly budget) and BDC_1322 (concurrency) on one devKey's keys."""

    def penalty(response: httpx.Response, body: bytes, now: float) -> Pause | None:
        if response.is_success:
            return None
        if b"BDC_1144" in body:
            retry_after = _seconds(parse_retry_after(response.headers))
            return Pause((hour_key,), retry_after or _to_next_hour(now))
        if b"BDC_1322" in body:
            return Pause((slots_key,), SHORT_PAUSE_SECONDS)
        return None

    return penalty


def _to_next_hour(now: float) -> float:
    moment = datetime.fromtimestamp(now, UTC)
    next_hour = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return (next_hour - moment).total_seconds()


def _seconds(delay: timedelta | None) -> float | None:
    return delay.total_seconds() if delay else None


def _field(body: bytes, name: str) -> object:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data.get(name) if isinstance(data, dict) else None
