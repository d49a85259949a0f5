"""Typed async clients for BILL v3: AP/AR + webhooks (`BillClient`) and Spend & Expense (`BillSpendClient`)."""

from clients.bill._base import BillModel, BillPage, Money
from clients.bill._errors import CODE_ERRORS, STATUS_ERRORS, BillErrorItem
from clients.bill._query import BillFilter, BillSort
from clients.bill._session import BillCredentials, BillSession, BillSessionDetails, BillSessionInfo
from clients.bill._transport import BillCall, OnResponse
from clients.bill.client import BillClient
from clients.bill.models.accounts import BillAccount, BillAccountCreate, BillAccountKind, BillAccountUpdate
from clients.bill.models.bills import (
    BillBill,
    BillBillCreate,
    BillBillReplace,
    BillBillUpdate,
    BillInvoice,
    BillLineClassifications,
    BillLineItem,
    BillLineItemChange,
    BillLineItemInput,
    BillLineItemPatch,
)
from clients.bill.models.spend import (
    SpendBudget,
    SpendReceipt,
    SpendReceiptInput,
    SpendReimbursement,
    SpendReimbursementCreate,
    SpendTransaction,
    SpendUser,
)
from clients.bill.models.vendors import (
    BillAddress,
    BillVendor,
    BillVendorAdditionalInfo,
    BillVendorAddress,
    BillVendorCreate,
    BillVendorPayee,
    BillVendorPaymentInformation,
    BillVendorUpdate,
)
from clients.bill.models.webhooks import (
    BillEventType,
    BillSubscription,
    BillSubscriptionCreate,
    BillSubscriptionCreated,
    BillSubscriptionStatus,
    BillSubscriptionUpdate,
)
from clients.bill.spend_client import BillSpendClient

__all__ = [
    "CODE_ERRORS",
    "STATUS_ERRORS",
    "BillAccount",
    "BillAccountCreate",
    "BillAccountKind",
    "BillAccountUpdate",
    "BillAddress",
    "BillBill",
    "BillBillCreate",
    "BillBillReplace",
    "BillBillUpdate",
    "BillCall",
    "BillClient",
    "BillCredentials",
    "BillErrorItem",
    "BillEventType",
    "BillFilter",
    "BillInvoice",
    "BillLineClassifications",
    "BillLineItem",
    "BillLineItemChange",
    "BillLineItemInput",
    "BillLineItemPatch",
    "BillModel",
    "BillPage",
    "BillSession",
    "BillSessionDetails",
    "BillSessionInfo",
    "BillSort",
    "BillSpendClient",
    "BillSubscription",
    "BillSubscriptionCreate",
    "BillSubscriptionCreated",
    "BillSubscriptionStatus",
    "BillSubscriptionUpdate",
    "BillVendor",
    "BillVendorAdditionalInfo",
    "BillVendorAddress",
    "BillVendorCreate",
    "BillVendorPayee",
    "BillVendorPaymentInformation",
    "BillVendorUpdate",
    "Money",
    "OnResponse",
    "SpendBudget",
    "SpendReceipt",
    "SpendReceiptInput",
    "SpendReimbursement",
    "SpendReimbursementCreate",
    "SpendTransaction",
    "SpendUser",
]
