"""Pydantic models of Zoho Books v3 records, derived from Zoho's OpenAPI documents."""

from clients.zoho.models._base import ZohoModel, ZohoPage, ZohoPageContext, ZohoRequest
from clients.zoho.models.accounts import ZohoAccount, ZohoAccountCreate
from clients.zoho.models.bills import (
    ZohoBill,
    ZohoBillCreate,
    ZohoBillLineItem,
    ZohoBillLineItemCreate,
    ZohoBillPurchaseOrder,
    ZohoBillSummary,
)
from clients.zoho.models.contacts import (
    ZohoAddress,
    ZohoContact,
    ZohoContactCreate,
    ZohoContactPerson,
    ZohoContactPersonCreate,
    ZohoContactSummary,
)
from clients.zoho.models.expenses import ZohoExpense, ZohoExpenseCreate, ZohoExpenseSummary
from clients.zoho.models.organizations import ZohoOrganization
from clients.zoho.models.purchase_orders import (
    ZohoPurchaseOrder,
    ZohoPurchaseOrderLineItem,
    ZohoPurchaseOrderSummary,
)

__all__ = [
    "ZohoAccount",
    "ZohoAccountCreate",
    "ZohoAddress",
    "ZohoBill",
    "ZohoBillCreate",
    "ZohoBillLineItem",
    "ZohoBillLineItemCreate",
    "ZohoBillPurchaseOrder",
    "ZohoBillSummary",
    "ZohoContact",
    "ZohoContactCreate",
    "ZohoContactPerson",
    "ZohoContactPersonCreate",
    "ZohoContactSummary",
    "ZohoExpense",
    "ZohoExpenseCreate",
    "ZohoExpenseSummary",
    "ZohoModel",
    "ZohoOrganization",
    "ZohoPage",
    "ZohoPageContext",
    "ZohoPurchaseOrder",
    "ZohoPurchaseOrderLineItem",
    "ZohoPurchaseOrderSummary",
    "ZohoRequest",
]
