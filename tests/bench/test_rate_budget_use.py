"""The rate_budget bench's budget use is measured against what Zoho's own window (the emulator's limiter,
the oracle) admits to a client that sends as much as it may: such a client uses exactly the whole budget."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.rate_budget import most_admitted
from emulators.clock import EmulatorClock
from emulators.zoho.errors import ZohoApiError
from emulators.zoho.limits import MINUTE_LIMIT, OrgLimiter
from emulators.zoho.state import Organization
from emulators.zoho.stats import ZohoStats

START = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


async def greedy_admissions(seconds: float, step: float) -> int:
    """Calls Zoho's limiter admits over `seconds` to a client that sends until refused, every `step` s."""
    clock, stats = EmulatorClock(start=START, frozen=True), ZohoStats()
    limiter = OrgLimiter(clock, stats)
    org = Organization("1", "com", "Org", "ultimate", "USD", "UTC", START)
    elapsed = 0.0
    while elapsed <= seconds:
        try:
            while True:
                async with limiter.admit(org):
                    pass
        except ZohoApiError:
            pass
        clock.advance(step)
        elapsed += step
    return stats.api_calls["1"]


@settings(max_examples=25, deadline=None)
@given(windows=st.integers(min_value=0, max_value=6), extra=st.sampled_from([0.0, 0.5, 30.0, 59.5]))
async def test_a_client_sending_all_the_window_admits_uses_the_whole_budget(windows: int, extra: float) -> None:
    seconds = 60.0 * windows + extra

    admitted = await greedy_admissions(seconds, step=0.5)

    assert admitted == most_admitted(MINUTE_LIMIT, seconds)
    assert admitted > MINUTE_LIMIT * seconds / 60.0, "per minute of run time, more than the limit fits"


def test_most_admitted_counts_the_start_window_and_each_minute_after() -> None:
    assert most_admitted(100, 0.0) == 100
    assert most_admitted(100, 59.9) == 100
    assert most_admitted(100, 60.0) == 200
    assert most_admitted(100, 574.3) == pytest.approx(1000)
