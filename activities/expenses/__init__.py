"""Zoho Books expenses → BILL Spend & Expense reimbursements (see docs/expenses-and-pos.md)."""

from activities.expenses.activities import ExpenseActivities

__all__ = ["ExpenseActivities"]
