"""Typed async clients for Zoho Accounts (OAuth 2.0) and Zoho Books v3.

They know nothing of Temporal, databases or settings: callers pass base URLs (from
`common.settings.Settings.zoho_region`) and an `httpx.AsyncClient` (from `clients.http.build_async_client`).
Every failure surfaces as a `common.errors.SyncError` subclass.
"""

from clients.zoho._transport import ResponseHook, ResponseInfo
from clients.zoho._types import format_zoho_datetime
from clients.zoho.accounts import ZohoAccountsClient
from clients.zoho.books import ZohoBooksClient
from clients.zoho.models import (
    ZohoAccount,
    ZohoAccountCreate,
    ZohoAddress,
    ZohoBill,
    ZohoBillCreate,
    ZohoBillLineItem,
    ZohoBillLineItemCreate,
    ZohoBillPurchaseOrder,
    ZohoBillSummary,
    ZohoContact,
    ZohoContactCreate,
    ZohoContactPerson,
    ZohoContactPersonCreate,
    ZohoContactSummary,
    ZohoExpense,
    ZohoExpenseCreate,
    ZohoExpenseSummary,
    ZohoOrganization,
    ZohoPage,
    ZohoPurchaseOrder,
    ZohoPurchaseOrderLineItem,
    ZohoPurchaseOrderSummary,
)
from clients.zoho.tokens import AccessTokenProvider, ZohoTokenSet

__all__ = [
    "AccessTokenProvider",
    "ResponseHook",
    "ResponseInfo",
    "ZohoAccount",
    "ZohoAccountCreate",
    "ZohoAccountsClient",
    "ZohoAddress",
    "ZohoBill",
    "ZohoBillCreate",
    "ZohoBillLineItem",
    "ZohoBillLineItemCreate",
    "ZohoBillPurchaseOrder",
    "ZohoBillSummary",
    "ZohoBooksClient",
    "ZohoContact",
    "ZohoContactCreate",
    "ZohoContactPerson",
    "ZohoContactPersonCreate",
    "ZohoContactSummary",
    "ZohoExpense",
    "ZohoExpenseCreate",
    "ZohoExpenseSummary",
    "ZohoOrganization",
    "ZohoPage",
    "ZohoPurchaseOrder",
    "ZohoPurchaseOrderLineItem",
    "ZohoPurchaseOrderSummary",
    "ZohoTokenSet",
    "format_zoho_datetime",
]
