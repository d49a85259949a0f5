"""Synchronous seeding and inspection of Books data; every write goes through the API's own path
(`BooksService`: same validation, same webhooks), with API-shaped bodies built from keyword arguments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from emulators.zoho.books.accounts import ChartOfAccounts
from emulators.zoho.books.bills import BILL_STATUSES, Bills
from emulators.zoho.books.contacts import Contacts
from emulators.zoho.books.entity import Entity
from emulators.zoho.books.expenses import Expenses
from emulators.zoho.books.purchase_orders import PURCHASE_ORDER_STATUSES, PurchaseOrders
from emulators.zoho.books.service import BooksService
from emulators.zoho.state import IdSequence, Organization

_STATE_FIELDS = frozenset({"status", "payment_made"})


def _present(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


class BooksSeeding:
    """Mixed into `ZohoEmulator`: add, change and read records as a test or demo needs."""

    _orgs: dict[str, Organization]
    _service: BooksService
    _new_id: IdSequence
    _bills: Bills
    _contacts: Contacts
    _accounts: ChartOfAccounts
    _expenses: Expenses
    _purchase_orders: PurchaseOrders

    def _org(self, org_id: str) -> Organization:
        return self._orgs[org_id]

    def _currency(self, org: Organization, currency_code: str | None) -> dict[str, str]:
        if currency_code is None:
            return {}
        code = currency_code.upper()
        if code not in org.currencies:
            org.currencies[code] = self._new_id()
        return {"currency_id": org.currencies[code]}

    def add_contact(
        self,
        org_id: str,
        contact_name: str,
        *,
        contact_type: str = "vendor",
        company_name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        tax_id: str | None = None,
        currency_code: str | None = None,
        **extra: Any,
    ) -> str:
        """A contact; email/phone become its primary contact person, `tax_id` its ``tax_id_value``."""
        org = self._org(org_id)
        person = _present(email=email, phone=phone)
        body = {
            "contact_name": contact_name,
            "contact_type": contact_type,
            **_present(company_name=company_name, tax_id_value=tax_id),
            **({"contact_persons": [{**person, "is_primary_contact": True}]} if person else {}),
            **self._currency(org, currency_code),
            **extra,
        }
        return self._service.create(org, self._contacts, body).record_id

    def update_contact(self, org_id: str, contact_id: str, **changes: Any) -> None:
        """Change a contact (``status="inactive"`` archives it); fires ``contact.updated`` webhooks."""
        if changes.get("status", "active") not in ("active", "inactive"):
            raise ValueError("contact status must be active or inactive")
        self._change(self._org(org_id), self._contacts, contact_id, ("contact_name",), changes)

    def add_account(self, org_id: str, account_name: str, account_type: str, *, account_code: str | None = None) -> str:
        """A chart-of-accounts entry."""
        body = {"account_name": account_name, "account_type": account_type, **_present(account_code=account_code)}
        return self._service.create(self._org(org_id), self._accounts, body).record_id

    def add_bill(
        self,
        org_id: str,
        *,
        vendor_id: str,
        bill_number: str,
        date: date | str,
        due_date: date | str,
        line_items: list[dict[str, Any]],
        currency_code: str | None = None,
        reference_number: str | None = None,
        notes: str | None = None,
        purchaseorder_ids: Sequence[str] = (),
        status: str = "open",
    ) -> str:
        """A bill, as if entered in Zoho; fires ``bill.created`` webhooks."""
        if status not in BILL_STATUSES:
            raise ValueError(f"bill status must be one of {BILL_STATUSES}")
        org = self._org(org_id)
        body = {
            "vendor_id": vendor_id,
            "bill_number": bill_number,
            "date": _day(date),
            "due_date": _day(due_date),
            "line_items": line_items,
            **_present(reference_number=reference_number, notes=notes),
            **({"purchaseorder_ids": list(purchaseorder_ids)} if purchaseorder_ids else {}),
            **self._currency(org, currency_code),
        }
        return self._service.create(org, self._bills, body, state={"status": status}).record_id

    def update_bill(self, org_id: str, bill_id: str, **changes: Any) -> None:
        """Change a bill's fields and/or ``status``/``payment_made``; fires ``bill.updated`` webhooks."""
        if changes.get("status", "open") not in BILL_STATUSES:
            raise ValueError(f"bill status must be one of {BILL_STATUSES}")
        self._change(self._org(org_id), self._bills, bill_id, ("vendor_id", "bill_number"), changes)

    def add_expense(
        self,
        org_id: str,
        *,
        account_id: str,
        paid_through_account_id: str,
        amount: float,
        date: date | str,
        currency_code: str | None = None,
        **extra: Any,
    ) -> str:
        """An expense (extra keyword arguments are API fields such as ``vendor_id``, ``reference_number``)."""
        org = self._org(org_id)
        body = {
            "account_id": account_id,
            "paid_through_account_id": paid_through_account_id,
            "amount": amount,
            "date": _day(date),
            **self._currency(org, currency_code),
            **extra,
        }
        return self._service.create(org, self._expenses, body).record_id

    def add_purchase_order(
        self,
        org_id: str,
        *,
        vendor_id: str,
        line_items: list[dict[str, Any]],
        status: str = "open",
        currency_code: str | None = None,
        **extra: Any,
    ) -> str:
        """A purchase order (extra keyword arguments are API fields such as ``purchaseorder_number``)."""
        if status not in PURCHASE_ORDER_STATUSES:
            raise ValueError(f"purchase order status must be one of {PURCHASE_ORDER_STATUSES}")
        org = self._org(org_id)
        body = {"vendor_id": vendor_id, "line_items": line_items, **self._currency(org, currency_code), **extra}
        return self._service.create(org, self._purchase_orders, body, state={"status": status}).record_id

    def bills(self, org_id: str) -> list[dict[str, Any]]:
        """Every bill of the organization as ``GET /bills/{id}`` returns it."""
        return self._views(self._bills, org_id)

    def contacts(self, org_id: str) -> list[dict[str, Any]]:
        """Every contact as ``GET /contacts/{id}`` returns it."""
        return self._views(self._contacts, org_id)

    def accounts(self, org_id: str) -> list[dict[str, Any]]:
        """Every chart-of-accounts entry as ``GET /chartofaccounts/{id}`` returns it."""
        return self._views(self._accounts, org_id)

    def expenses(self, org_id: str) -> list[dict[str, Any]]:
        """Every expense as ``GET /expenses/{id}`` returns it."""
        return self._views(self._expenses, org_id)

    def purchase_orders(self, org_id: str) -> list[dict[str, Any]]:
        """Every purchase order as ``GET /purchaseorders/{id}`` returns it."""
        return self._views(self._purchase_orders, org_id)

    def _views(self, entity: Entity, org_id: str) -> list[dict[str, Any]]:
        org = self._org(org_id)
        return [entity.view(org, record) for record in org.table(entity.plural).values()]

    def _change(
        self, org: Organization, entity: Entity, record_id: str, required: Sequence[str], changes: dict[str, Any]
    ) -> None:
        state = {key: value for key, value in changes.items() if key in _STATE_FIELDS}
        body = {key: value for key, value in changes.items() if key not in _STATE_FIELDS}
        if not body:
            self._service.set_state(org, entity, record_id, **state)
            return
        current = self._service.get(org, entity, record_id).fields
        full_body = {**{key: current[key] for key in required}, **body}
        self._service.update(org, entity, record_id, full_body, state=state)
