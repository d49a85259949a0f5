"""`BillSpendClient`: BILL Spend & Expense (`/v3/spend/...`), authenticated by header `apiToken` only.

No login and no session; BILL allows 60 calls per minute. Lists page with a `nextPage` query parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from pydantic import SecretStr

from clients.bill._base import BillPage
from clients.bill._query import BillFilter, BillSort, list_params
from clients.bill._transport import BillTransport, OnResponse
from clients.bill.models.spend import (
    SpendBudget,
    SpendReimbursement,
    SpendReimbursementCreate,
    SpendTransaction,
    SpendUser,
)

SERVICE = "BILL Spend"
TRANSACTIONS_PAGE_LIMIT = 50
P = TypeVar("P", bound=BillPage[Any])


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BillSpendClient:
    """Typed async client for BILL Spend & Expense."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        spend_base: str,
        api_token: SecretStr,
        on_response: OnResponse | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._api_token = api_token
        self._transport = BillTransport(
            http, base_url=spend_base, service=SERVICE, secrets=(api_token,), now=now, on_response=on_response
        )

    async def current_user(self) -> SpendUser:
        """The user who owns the API token."""
        data = await self._get("/v3/spend/users/current")
        return self._transport.parse(SpendUser, data, what="GET /v3/spend/users/current")

    async def list_budgets(
        self,
        *,
        filters: Sequence[BillFilter] = (),
        sort: BillSort | None = None,
        max: int = 100,
        page: str | None = None,
    ) -> BillPage[SpendBudget]:
        """One page of budgets."""
        return await self._list(BillPage[SpendBudget], "/v3/spend/budgets", filters, sort, max, page)

    async def list_reimbursements(
        self,
        *,
        filters: Sequence[BillFilter] = (),
        sort: BillSort | None = None,
        max: int = 100,
        page: str | None = None,
    ) -> BillPage[SpendReimbursement]:
        """One page of reimbursements."""
        return await self._list(BillPage[SpendReimbursement], "/v3/spend/reimbursements", filters, sort, max, page)

    async def create_reimbursement(self, r: SpendReimbursementCreate) -> SpendReimbursement:
        """Submit a reimbursement request. Not idempotent."""
        data = await self._transport.send("POST", "/v3/spend/reimbursements", body=r.to_wire(), headers=self._auth())
        return self._transport.parse(SpendReimbursement, data, what="POST /v3/spend/reimbursements")

    async def get_reimbursement(self, reimbursement_id: str) -> SpendReimbursement:
        """One reimbursement by id."""
        template = "/v3/spend/reimbursements/{reimbursementId}"
        data = await self._get(template, path_params={"reimbursementId": reimbursement_id})
        return self._transport.parse(SpendReimbursement, data, what=f"GET {template}")

    async def list_transactions(
        self,
        *,
        filters: Sequence[BillFilter] = (),
        sort: BillSort | None = None,
        max: int = TRANSACTIONS_PAGE_LIMIT,
        page: str | None = None,
    ) -> BillPage[SpendTransaction]:
        """One page of card transactions (parents only; at most 50 per page)."""
        return await self._list(
            BillPage[SpendTransaction],
            "/v3/spend/transactions",
            filters,
            sort,
            max,
            page,
            max_page_size=TRANSACTIONS_PAGE_LIMIT,
        )

    async def _list(
        self,
        page_type: type[P],
        path: str,
        filters: Sequence[BillFilter],
        sort: BillSort | None,
        max: int,
        page: str | None,
        *,
        max_page_size: int = 100,
    ) -> P:
        params = list_params(
            filters=filters, sort=sort, max=max, page=page, page_param="nextPage", max_page_size=max_page_size
        )
        data = await self._get(path, params=params)
        return self._transport.parse(page_type, data, what=f"GET {path}")

    async def _get(
        self, template: str, *, path_params: dict[str, str] | None = None, params: dict[str, str] | None = None
    ) -> Any:
        return await self._transport.send("GET", template, path_params=path_params, params=params, headers=self._auth())

    def _auth(self) -> dict[str, str]:
        return {"apiToken": self._api_token.get_secret_value()}
