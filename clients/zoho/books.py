"""Typed async client for the Zoho Books v3 endpoints the connector needs (API-FACTS §3.1).

Every method raises `common.errors.SyncError` subclasses only; see `clients.zoho._errors` for the mapping.
Lists always send ``per_page`` (the spec's default is 10, Zoho's docs say 200).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic

import httpx

from clients.zoho import _payload
from clients.zoho._pagination import newest_until, records_of, walk_pages
from clients.zoho._payload import M
from clients.zoho._transport import BooksTransport, QueryValue, ResponseHook
from clients.zoho._types import format_zoho_datetime
from clients.zoho.models import (
    ZohoAccount,
    ZohoAccountCreate,
    ZohoBill,
    ZohoBillCreate,
    ZohoBillSummary,
    ZohoContact,
    ZohoContactCreate,
    ZohoContactSummary,
    ZohoExpense,
    ZohoExpenseCreate,
    ZohoExpenseSummary,
    ZohoOrganization,
    ZohoPage,
    ZohoPurchaseOrder,
    ZohoPurchaseOrderSummary,
)
from clients.zoho.tokens import AccessTokenProvider

MAX_PER_PAGE = 200


@dataclass(frozen=True, slots=True)
class _Listing(Generic[M]):
    """A list endpoint: its path, the body key holding the page's records, and their model."""

    path: str
    key: str
    model: type[M]


_BILLS = _Listing("/bills", "bills", ZohoBillSummary)
_CONTACTS = _Listing("/contacts", "contacts", ZohoContactSummary)
_ACCOUNTS = _Listing("/chartofaccounts", "chartofaccounts", ZohoAccount)
_EXPENSES = _Listing("/expenses", "expenses", ZohoExpenseSummary)
_PURCHASE_ORDERS = _Listing("/purchaseorders", "purchaseorders", ZohoPurchaseOrderSummary)


class ZohoBooksClient:
    """Books API of one data centre (`api_domain` from the token response), for any organization of the user."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_domain: str,
        token: AccessTokenProvider,
        *,
        on_response: ResponseHook | None = None,
    ) -> None:
        self._api = BooksTransport(http, api_domain, token, on_response)

    async def list_organizations(self) -> list[ZohoOrganization]:
        """Organizations the token's user can reach (the only call without ``organization_id``)."""
        body = await self._api.call("GET", "/organizations", org_id=None)
        return _payload.records(body, "organizations", ZohoOrganization)

    # bills

    async def list_bills(
        self,
        org_id: str,
        *,
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        last_modified_time: datetime | None = None,
        vendor_id: str | None = None,
        bill_number: str | None = None,
        filter_by: str | None = None,
    ) -> ZohoPage[ZohoBillSummary]:
        """One page of bills; `last_modified_time` keeps those modified at or after it."""
        query = {"vendor_id": vendor_id, "bill_number": bill_number, "filter_by": filter_by}
        return await self._list(_BILLS, org_id, page, per_page, _since(last_modified_time), query)

    def iter_bills(
        self, org_id: str, *, last_modified_time: datetime | None = None, per_page: int = MAX_PER_PAGE
    ) -> AsyncGenerator[ZohoBillSummary, None]:
        """Every bill modified at or after `last_modified_time` (all bills when None)."""
        return records_of(
            walk_pages(
                lambda n: self.list_bills(org_id, page=n, per_page=per_page, last_modified_time=last_modified_time),
                record_id=lambda bill: bill.bill_id,
            )
        )

    async def get_bill(self, org_id: str, bill_id: str) -> ZohoBill:
        """One bill with its lines."""
        body = await self._api.call("GET", "/bills/{bill_id}", org_id=org_id, ids={"bill_id": bill_id})
        return _payload.record(body, ["bill"], ZohoBill)

    async def create_bill(self, org_id: str, bill: ZohoBillCreate) -> ZohoBill:
        """Create a bill.

        Not idempotent: ``bill_number`` is unique per org, so a retry after a lost answer should be rejected rather
        than duplicated (Zoho's error code for that is unconfirmed); look the bill up before retrying.
        """
        body = await self._api.call("POST", "/bills", org_id=org_id, body=bill.to_body())
        return _payload.record(body, ["bill"], ZohoBill)

    async def update_bill(self, org_id: str, bill_id: str, bill: ZohoBillCreate) -> ZohoBill:
        """Replace a bill's fields; lines missing from ``line_items`` are deleted by Zoho."""
        ids = {"bill_id": bill_id}
        body = await self._api.call("PUT", "/bills/{bill_id}", org_id=org_id, ids=ids, body=bill.to_body())
        return _payload.record(body, ["bill"], ZohoBill)

    # contacts (vendors)

    async def list_contacts(
        self,
        org_id: str,
        *,
        contact_type: str | None = "vendor",
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        sort_column: str = "last_modified_time",
        sort_order: str = "D",
    ) -> ZohoPage[ZohoContactSummary]:
        """One page of contacts, newest change first by default (Zoho has no modified-time filter here)."""
        query = {"contact_type": contact_type, "sort_column": sort_column, "sort_order": sort_order}
        return await self._list(_CONTACTS, org_id, page, per_page, None, query)

    def iter_contacts(
        self,
        org_id: str,
        *,
        contact_type: str | None = "vendor",
        modified_since: datetime | None = None,
        per_page: int = MAX_PER_PAGE,
    ) -> AsyncGenerator[ZohoContactSummary, None]:
        """Contacts modified at or after `modified_since`, newest first; stops paging at the first older one.

        Take the next watermark from when this scan started, not from the newest record seen: a contact edited
        mid-scan jumps to page 1, which may already be behind us.
        """
        pages = walk_pages(
            lambda n: self.list_contacts(org_id, contact_type=contact_type, page=n, per_page=per_page),
            record_id=lambda contact: contact.contact_id,
        )
        return newest_until(pages, modified_since, lambda contact: contact.last_modified_time)

    async def get_contact(self, org_id: str, contact_id: str) -> ZohoContact:
        ids = {"contact_id": contact_id}
        body = await self._api.call("GET", "/contacts/{contact_id}", org_id=org_id, ids=ids)
        return _payload.record(body, ["contact"], ZohoContact)

    async def create_contact(self, org_id: str, contact: ZohoContactCreate) -> ZohoContact:
        body = await self._api.call("POST", "/contacts", org_id=org_id, body=contact.to_body())
        return _payload.record(body, ["contact"], ZohoContact)

    async def update_contact(self, org_id: str, contact_id: str, contact: ZohoContactCreate) -> ZohoContact:
        ids = {"contact_id": contact_id}
        body = await self._api.call("PUT", "/contacts/{contact_id}", org_id=org_id, ids=ids, body=contact.to_body())
        return _payload.record(body, ["contact"], ZohoContact)

    async def mark_contact_active(self, org_id: str, contact_id: str) -> None:
        """Restore an archived (inactive) contact."""
        await self._api.call("POST", "/contacts/{contact_id}/active", org_id=org_id, ids={"contact_id": contact_id})

    async def mark_contact_inactive(self, org_id: str, contact_id: str) -> None:
        """Archive a contact; Zoho keeps it and its transactions."""
        await self._api.call("POST", "/contacts/{contact_id}/inactive", org_id=org_id, ids={"contact_id": contact_id})

    # chart of accounts

    async def list_accounts(
        self,
        org_id: str,
        *,
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        last_modified_time: datetime | None = None,
        filter_by: str | None = None,
    ) -> ZohoPage[ZohoAccount]:
        """One page of the chart of accounts (``filter_by`` e.g. ``AccountType.Expense``)."""
        query = {"filter_by": filter_by}
        return await self._list(_ACCOUNTS, org_id, page, per_page, _since(last_modified_time), query)

    def iter_accounts(
        self, org_id: str, *, last_modified_time: datetime | None = None, per_page: int = MAX_PER_PAGE
    ) -> AsyncGenerator[ZohoAccount, None]:
        """Every account modified at or after `last_modified_time` (the whole chart when None)."""
        return records_of(
            walk_pages(
                lambda n: self.list_accounts(org_id, page=n, per_page=per_page, last_modified_time=last_modified_time),
                record_id=lambda account: account.account_id,
            )
        )

    async def get_account(self, org_id: str, account_id: str) -> ZohoAccount:
        """One account. The spec puts its fields at the top level; ``account`` is accepted too."""
        ids = {"account_id": account_id}
        body = await self._api.call("GET", "/chartofaccounts/{account_id}", org_id=org_id, ids=ids)
        return _payload.record(body, ["account", "chart_of_account"], ZohoAccount, flat=True)

    async def create_account(self, org_id: str, account: ZohoAccountCreate) -> ZohoAccount:
        body = await self._api.call("POST", "/chartofaccounts", org_id=org_id, body=account.to_body())
        return _payload.record(body, ["chart_of_account", "account"], ZohoAccount)

    # expenses

    async def list_expenses(
        self,
        org_id: str,
        *,
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        sort_column: str = "created_time",
        sort_order: str = "D",
        filter_by: str | None = None,
    ) -> ZohoPage[ZohoExpenseSummary]:
        """One page of expenses, newest first by default (Zoho can neither filter nor sort them by change)."""
        query = {"sort_column": sort_column, "sort_order": sort_order, "filter_by": filter_by}
        return await self._list(_EXPENSES, org_id, page, per_page, None, query)

    def iter_expenses(
        self, org_id: str, *, created_since: datetime | None = None, per_page: int = MAX_PER_PAGE
    ) -> AsyncGenerator[ZohoExpenseSummary, None]:
        """Expenses created at or after `created_since`, newest first; edits to older ones are not seen."""
        pages = walk_pages(
            lambda n: self.list_expenses(org_id, page=n, per_page=per_page),
            record_id=lambda expense: expense.expense_id,
        )
        return newest_until(pages, created_since, lambda expense: expense.created_time)

    async def get_expense(self, org_id: str, expense_id: str) -> ZohoExpense:
        ids = {"expense_id": expense_id}
        body = await self._api.call("GET", "/expenses/{expense_id}", org_id=org_id, ids=ids)
        return _payload.record(body, ["expense"], ZohoExpense)

    async def create_expense(self, org_id: str, expense: ZohoExpenseCreate) -> ZohoExpense:
        body = await self._api.call("POST", "/expenses", org_id=org_id, body=expense.to_body())
        return _payload.record(body, ["expense"], ZohoExpense)

    # purchase orders

    async def list_purchase_orders(
        self,
        org_id: str,
        *,
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        last_modified_time: datetime | None = None,
        vendor_id: str | None = None,
        filter_by: str | None = None,
    ) -> ZohoPage[ZohoPurchaseOrderSummary]:
        """One page of purchase orders; `last_modified_time` keeps those modified at or after it."""
        query = {"vendor_id": vendor_id, "filter_by": filter_by}
        return await self._list(_PURCHASE_ORDERS, org_id, page, per_page, _since(last_modified_time), query)

    def iter_purchase_orders(
        self, org_id: str, *, last_modified_time: datetime | None = None, per_page: int = MAX_PER_PAGE
    ) -> AsyncGenerator[ZohoPurchaseOrderSummary, None]:
        """Every purchase order modified at or after `last_modified_time` (all when None)."""
        return records_of(
            walk_pages(
                lambda n: self.list_purchase_orders(
                    org_id, page=n, per_page=per_page, last_modified_time=last_modified_time
                ),
                record_id=lambda order: order.purchaseorder_id,
            )
        )

    async def get_purchase_order(self, org_id: str, purchaseorder_id: str) -> ZohoPurchaseOrder:
        ids = {"purchaseorder_id": purchaseorder_id}
        body = await self._api.call("GET", "/purchaseorders/{purchaseorder_id}", org_id=org_id, ids=ids)
        return _payload.record(body, ["purchaseorder"], ZohoPurchaseOrder)

    async def _list(
        self,
        listing: _Listing[M],
        org_id: str,
        page: int,
        per_page: int,
        last_modified_time: str | None,
        query: Mapping[str, QueryValue],
    ) -> ZohoPage[M]:
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"page must be >= 1 and per_page within 1..{MAX_PER_PAGE}")
        full = {**query, "page": page, "per_page": per_page, "last_modified_time": last_modified_time}
        body = await self._api.call("GET", listing.path, org_id=org_id, query=full)
        return _payload.page(body, listing.key, listing.model)


def _since(moment: datetime | None) -> str | None:
    """A ``last_modified_time`` filter value (records modified at or after `moment`)."""
    return format_zoho_datetime(moment) if moment is not None else None
