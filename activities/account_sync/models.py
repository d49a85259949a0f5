"""DTOs of the chart-of-accounts sync (ids, names, numbers and counts only: they land in workflow history)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

AccountLinkRule = Literal["mapping", "number", "name"]
"""How a Zoho account was paired with a BILL account: an existing mapping, the account number, name + type."""


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AccountSyncInput(_Dto):
    """Start of `AccountSyncWorkflow`: one connection; `dry_run` returns the plan and writes nothing."""

    connection_id: str
    dry_run: bool = False


class LedgerAccount(_Dto):
    """One chart-of-accounts entry of either side, in BILL's type vocabulary (`EXPENSE`, `BANK`, ...)."""

    id: str
    name: str
    type: str
    number: str | None = None


class AccountLink(_Dto):
    """Record the pair (and the Zoho side's content hash) in the mapping table: a database write only."""

    zoho_account_id: str
    bill_account_id: str
    content_hash: str
    rule: AccountLinkRule


class AccountUpdate(_Dto):
    """A mapped pair whose Zoho side changed: BILL takes Zoho's name and number (Zoho owns the chart)."""

    zoho: LedgerAccount
    bill_account_id: str
    content_hash: str


class AccountPlan(_Dto):
    """What a sync would change; `unchanged` pairs are counted, not listed."""

    link: tuple[AccountLink, ...] = ()
    create_in_bill: tuple[LedgerAccount, ...] = ()
    """Zoho accounts without a BILL counterpart (ids are Zoho ids)."""
    create_in_zoho: tuple[LedgerAccount, ...] = ()
    """BILL accounts without a Zoho counterpart (ids are BILL ids)."""
    update_in_bill: tuple[AccountUpdate, ...] = ()
    unchanged: int = 0
    not_synced: tuple[str, ...] = ()
    """Accounts left alone, each with the reason (ambiguous match, type without a counterpart, name taken)."""

    @property
    def writes(self) -> int:
        """How many writes (API or database) applying this plan takes."""
        return len(self.link) + len(self.create_in_bill) + len(self.create_in_zoho) + len(self.update_in_bill)


class AccountSyncResult(_Dto):
    """End of `AccountSyncWorkflow`: the plan, and (unless a dry run) what was applied."""

    dry_run: bool
    plan: AccountPlan
    linked: int = 0
    created_in_bill: int = 0
    created_in_zoho: int = 0
    updated_in_bill: int = 0
    failed: tuple[str, ...] = ()
    """Accounts BILL or Zoho refused, each with the reason (the rest of the plan was still applied)."""
