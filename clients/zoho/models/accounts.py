"""Chart of accounts (``/chartofaccounts``), as in ``chart-of-accounts.yml``."""

from __future__ import annotations

from clients.zoho._types import ZohoDateTime
from clients.zoho.models._base import ZohoModel, ZohoRequest


class ZohoAccount(ZohoModel):
    """A ledger account, as listed and as read one by one.

    ``description`` and ``currency_code`` come only with the single-account read; the list leaves them blank.
    """

    account_id: str
    account_name: str
    account_code: str = ""
    account_type: str = ""
    is_active: bool = True
    description: str = ""
    currency_id: str = ""
    currency_code: str = ""
    parent_account_id: str = ""
    is_system_account: bool = False
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoAccountCreate(ZohoRequest):
    """Body of ``POST /chartofaccounts``; the spec marks nothing required, Zoho needs name and type."""

    account_name: str
    account_type: str
    account_code: str | None = None
    currency_id: str | None = None
    description: str | None = None
    parent_account_id: str | None = None
