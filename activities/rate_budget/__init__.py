"""Per-organization rate budgets shared by every workflow and worker process through the database.

See docs/rate-budgets.md for the choice and its reasons. Entry points: `RateBudget` (admission),
`budgeted_client` (an httpx client whose requests hold a slot), `zoho_rule` / `bill_rule` (what a request
counts against) and `VendorLimits` (the numbers).
"""

from activities.rate_budget.budget import RateBudget
from activities.rate_budget.clock import BudgetClock, SystemClock
from activities.rate_budget.limits import (
    BudgetRule,
    ConcurrencyLimit,
    RateLimit,
    VendorLimits,
    bill_rule,
    dev_key_digest,
    zoho_rule,
)
from activities.rate_budget.penalties import bill_penalty, zoho_penalty
from activities.rate_budget.store import Admitted, BudgetStore, Deferred, WaitReason
from activities.rate_budget.transport import BudgetTransport, budgeted_client

__all__ = [
    "Admitted",
    "BudgetClock",
    "BudgetRule",
    "BudgetStore",
    "BudgetTransport",
    "ConcurrencyLimit",
    "Deferred",
    "RateBudget",
    "RateLimit",
    "SystemClock",
    "VendorLimits",
    "WaitReason",
    "bill_penalty",
    "bill_rule",
    "budgeted_client",
    "dev_key_digest",
    "zoho_penalty",
    "zoho_rule",
]
