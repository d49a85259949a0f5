"""How much of each organization's rate budget is in use right now (read from the shared budget tables).

Zoho: the organization's one-minute window. BILL: the devKey's one-hour window, shared by every organization
on that devKey (its key is a digest of the devKey, so reading it needs `MLC_ENCRYPTION_KEY`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, inspect

from activities.rate_budget import BudgetClock, BudgetStore, SystemClock, VendorLimits, bill_rule, dev_key_digest
from activities.rate_budget import zoho_rule as zoho_budget_rule
from activities.rate_budget.schema import budget_admission
from persistence.errors import CredentialUnreadable
from persistence.repositories import CredentialStore
from persistence.vocabulary import CredentialKind, OwnerKind

UNKNOWN = "-"


@dataclass(frozen=True)
class BudgetUse:
    """Reads window use for the connections listing (never acquires or changes anything)."""

    store: BudgetStore
    credentials: CredentialStore | None = None
    limits: VendorLimits = field(default_factory=VendorLimits)
    clock: BudgetClock = field(default_factory=SystemClock)

    @classmethod
    def over(cls, engine: Engine, credentials: CredentialStore | None) -> BudgetUse | None:
        """Budget use over `engine`, or None when no worker has created the budget tables yet."""
        if not inspect(engine).has_table(budget_admission.name):
            return None
        return cls(BudgetStore(engine), credentials)

    def zoho(self, zoho_org_id: str) -> str:
        """`used/limit per min` of the Zoho organization."""
        rate = zoho_budget_rule(zoho_org_id, self.limits).rates[0]
        return f"{self.store.in_window(rate, self.clock.now())}/{rate.limit} per min"

    def bill(self, bill_org_id: str) -> str:
        """`used/limit per h` of the BILL organization's devKey, or `-` when the devKey cannot be read."""
        if self.credentials is None:
            return UNKNOWN
        try:
            dev_key = self.credentials.get(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_DEV_KEY)
        except CredentialUnreadable:
            return UNKNOWN
        if dev_key is None:
            return UNKNOWN
        rule = bill_rule(dev_key_digest(dev_key.get_secret_value()), bill_org_id, self.limits, login=False)
        rate = rule.rates[0]
        return f"{self.store.in_window(rate, self.clock.now())}/{rate.limit} per h"
