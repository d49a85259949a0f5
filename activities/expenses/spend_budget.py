"""Spend & Expense requests under the shared rate budget (`activities.rate_budget`), like Books and BILL AP.

BILL documents 60 Spend & Expense calls per minute (API-FACTS §2.9, doc B11) and says nothing about sharing
the devKey's 20,000/hour: S&E authenticates with the organization's `apiToken`, not a devKey and session. The
assumption made here: S&E has its **own** budget per BILL organization (`bill-spend:<org>:minute`, one stored
token per organization), separate from the devKey's hourly window. A 429 that gets through anyway pauses that
minute window for Retry-After (or a minute).
"""

from __future__ import annotations

import httpx

from activities.rate_budget import BudgetRule, RateBudget, RateLimit, budgeted_client
from activities.rate_budget.penalties import Pause, PenaltyRule
from clients.http import parse_retry_after
from common.telemetry.metrics import counting_rate_limits

SPEND_PER_MINUTE = 60
SPEND_MARGIN_SECONDS = 5.0


def spend_rule(bill_org_id: str) -> BudgetRule:
    """A Spend & Expense call of one BILL organization: its own minute window."""
    return BudgetRule(
        rates=(RateLimit(f"bill-spend:{bill_org_id}:minute", SPEND_PER_MINUTE, 60.0, SPEND_MARGIN_SECONDS),)
    )


def spend_penalty(minute_key: str) -> PenaltyRule:
    """A 429 pauses the organization's S&E minute window."""

    def penalty(response: httpx.Response, _body: bytes, _now: float) -> Pause | None:
        if response.status_code != httpx.codes.TOO_MANY_REQUESTS:
            return None
        retry_after = parse_retry_after(response.headers)
        return Pause((minute_key,), retry_after.total_seconds() if retry_after else 60.0)

    return penalty


def spend_budgeted_http(http: httpx.AsyncClient, budget: RateBudget, bill_org_id: str) -> httpx.AsyncClient:
    """Requests of one organization's S&E under its budget (through the shared `http`'s pool)."""
    rule = spend_rule(bill_org_id)
    penalty = counting_rate_limits(spend_penalty(rule.rates[0].key), service="bill-spend", org=bill_org_id)
    return budgeted_client(http, budget, lambda _request: rule, penalty)
