"""The public surface others code against stays exported."""

from __future__ import annotations

import clients.zoho

PUBLIC = {
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
}


def test_public_names_are_exported() -> None:
    assert set(clients.zoho.__all__) == PUBLIC
    assert all(hasattr(clients.zoho, name) for name in PUBLIC)
