"""Strict in-memory emulation of BILL's v3 API (AP/AR, webhooks, Spend & Expense) for tests and the demo."""

from emulators.bill.app import LoggedRequest
from emulators.bill.emulator import BillEmulator
from emulators.bill.limits import BillLimits

__all__ = ["BillEmulator", "BillLimits", "LoggedRequest"]
