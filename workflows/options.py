"""Named activity options: every `execute_activity*` call in a workflow passes one of these.

Retry policies only bound *retryable* failures: permanent errors are raised by activities as non-retryable
`ApplicationError`s (see `activities.errors`), and `RateLimited` carries its own `next_retry_delay`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

from temporalio.common import RetryPolicy


class ActivityOptions(TypedDict):
    """Keyword arguments of `workflow.execute_activity_method` that every call sets."""

    start_to_close_timeout: timedelta
    schedule_to_close_timeout: timedelta
    retry_policy: RetryPolicy


API_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=5),
    maximum_attempts=12,
)
"""Remote API calls: exponential backoff (BILL recommends 2^n s), capped at 5 minutes between attempts."""

LEDGER_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=20,
)
"""The connector's own database: short, frequent retries (a restart or failover is brief)."""

ZOHO_READ = ActivityOptions(
    start_to_close_timeout=timedelta(seconds=60),
    schedule_to_close_timeout=timedelta(minutes=30),
    retry_policy=API_RETRY,
)
"""Read one Zoho record (plus a token refresh when due)."""

BILL_LOOKUP = ActivityOptions(
    start_to_close_timeout=timedelta(minutes=2),
    schedule_to_close_timeout=timedelta(minutes=30),
    retry_policy=API_RETRY,
)
"""Find-or-create reference data in BILL (vendors, chart of accounts); may page through lists."""

BILL_CREATE = ActivityOptions(
    start_to_close_timeout=timedelta(minutes=2),
    schedule_to_close_timeout=timedelta(hours=1),
    retry_policy=API_RETRY,
)
"""Create the BILL bill; safe to retry because a re-run looks the bill up before creating it."""

LEDGER_WRITE = ActivityOptions(
    start_to_close_timeout=timedelta(seconds=30),
    schedule_to_close_timeout=timedelta(minutes=10),
    retry_policy=LEDGER_RETRY,
)
"""Record a terminal sync state and its audit event."""
