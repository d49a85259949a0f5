"""The package's public surface: what other packages import from `clients.bill`."""

from __future__ import annotations

import inspect

import clients.bill

REQUIRED = {
    "BillCredentials",
    "BillSession",
    "BillClient",
    "BillSpendClient",
    "BillFilter",
    "BillSort",
    "BillPage",
    "BillSessionInfo",
    "BillSessionDetails",
    "BillVendor",
    "BillVendorCreate",
    "BillVendorUpdate",
    "BillBill",
    "BillBillCreate",
    "BillBillUpdate",
    "BillBillReplace",
    "BillAccount",
    "BillAccountCreate",
    "BillAccountUpdate",
    "BillSubscription",
    "BillSubscriptionCreate",
    "BillSubscriptionCreated",
    "SpendUser",
    "SpendBudget",
    "SpendReimbursement",
    "SpendReimbursementCreate",
    "SpendTransaction",
}


def test_every_exported_name_exists_and_the_required_ones_are_exported() -> None:
    assert set(clients.bill.__all__) >= REQUIRED
    for name in clients.bill.__all__:
        assert getattr(clients.bill, name) is not None


def test_client_constructor_keeps_the_agreed_keywords() -> None:
    parameters = inspect.signature(clients.bill.BillClient).parameters
    assert list(parameters)[:4] == ["http", "api_base", "events_base", "credentials"]
    spend = inspect.signature(clients.bill.BillSpendClient).parameters
    assert list(spend)[:3] == ["http", "spend_base", "api_token"]
