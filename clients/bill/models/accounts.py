"""BILL chart of accounts (`/v3/classifications/chart-of-accounts`)."""

from __future__ import annotations

from datetime import datetime

from clients.bill._base import BillModel


class BillAccountKind(BillModel):
    """`account`: the account type (e.g. EXPENSE, FIXED_ASSET) and number."""

    type: str | None = None
    number: str | None = None


class BillAccountCreate(BillModel):
    """Body of `POST /v3/classifications/chart-of-accounts` (and one element of `/bulk`)."""

    name: str
    description: str | None = None
    parent_id: str | None = None
    account: BillAccountKind | None = None


class BillAccountUpdate(BillModel):
    """Body of `PATCH /v3/classifications/chart-of-accounts/{id}`: only the fields set are sent."""

    name: str | None = None
    description: str | None = None
    parent_id: str | None = None
    account: BillAccountKind | None = None


class BillAccount(BillModel):
    """A chart-of-accounts entry as BILL returns it."""

    id: str
    name: str | None = None
    description: str | None = None
    parent_id: str | None = None
    account: BillAccountKind | None = None
    archived: bool = False
    created_time: datetime | None = None
    updated_time: datetime | None = None


class BillAccountBulkResult(BillModel):
    """Response of `POST /v3/classifications/chart-of-accounts/bulk`."""

    chart_of_accounts: list[BillAccount]
