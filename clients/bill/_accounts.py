"""Chart-of-accounts operations of `BillClient` (`/v3/classifications/chart-of-accounts`)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence

from clients.bill._base import BillPage
from clients.bill._core import SERVICE, BillApiCore
from clients.bill._paging import iterate_pages
from clients.bill._query import BillFilter, list_params
from clients.bill.models.accounts import BillAccount, BillAccountBulkResult, BillAccountCreate, BillAccountUpdate

ACCOUNTS_PATH = "/v3/classifications/chart-of-accounts"
ACCOUNTS_BULK_LIMIT = 50


class AccountsApi(BillApiCore):
    """List, create (single and bulk) and update chart-of-accounts entries."""

    async def list_accounts(
        self, *, filters: Sequence[BillFilter] = (), max: int = 100, page: str | None = None
    ) -> BillPage[BillAccount]:
        """One page of chart-of-accounts entries."""
        params = list_params(filters=filters, sort=None, max=max, page=page)
        data = await self._call("GET", ACCOUNTS_PATH, params=params)
        return self._parse(BillPage[BillAccount], data, f"GET {ACCOUNTS_PATH}")

    def iter_accounts(self, *, filters: Sequence[BillFilter] = ()) -> AsyncGenerator[BillAccount, None]:
        """Every chart-of-accounts entry matching `filters`."""
        return iterate_pages(lambda page: self.list_accounts(filters=filters, page=page), service=SERVICE)

    async def create_account(self, account: BillAccountCreate) -> BillAccount:
        """Create one account. Not idempotent: look the name up before retrying after a timeout."""
        data = await self._call("POST", ACCOUNTS_PATH, body=account.to_wire())
        return self._parse(BillAccount, data, f"POST {ACCOUNTS_PATH}")

    async def create_accounts_bulk(self, accounts: Sequence[BillAccountCreate]) -> list[BillAccount]:
        """Create 1 to 50 accounts in one call, all-or-nothing."""
        if not 1 <= len(accounts) <= ACCOUNTS_BULK_LIMIT:
            raise ValueError(f"bulk account create takes 1 to {ACCOUNTS_BULK_LIMIT} accounts, got {len(accounts)}")
        data = await self._call("POST", f"{ACCOUNTS_PATH}/bulk", body=[a.to_wire() for a in accounts])
        return self._parse(BillAccountBulkResult, data, f"POST {ACCOUNTS_PATH}/bulk").chart_of_accounts

    async def update_account(self, account_id: str, patch: BillAccountUpdate) -> BillAccount:
        """Change the fields set in `patch`."""
        template = f"{ACCOUNTS_PATH}/{{id}}"
        data = await self._call("PATCH", template, path_params={"id": account_id}, body=patch.to_wire())
        return self._parse(BillAccount, data, f"PATCH {template}")
