"""Contacts (vendors and customers): unique names, contact persons, active/inactive status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import Entity, currency_fields, currency_view
from emulators.zoho.errors import ZohoApiError, invalid_value
from emulators.zoho.shapes import CONTACT_CREATE, CONTACT_UPDATE
from emulators.zoho.state import Organization, Record

CONTACT_TYPES = ("customer", "vendor")


def _status_is(status: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda view: view.get("status") == status


def duplicate_contact(name: str) -> ZohoApiError:
    """Zoho keeps contact display names unique per organization (code unconfirmed)."""
    return ZohoApiError(400, 3062, f'The contact "{name}" already exists. Please specify a different name.')


class Contacts(Entity):
    """``/contacts``: no ``last_modified_time`` filter (the spec has none), but sortable by it.

    Contact persons get a ``contact_person_id``; an update keeps a person whose id it passes, adds those without
    one and drops the rest (the documented update semantics). An id that is not one of the contact's persons is
    treated as a new person (Zoho's answer to it is undocumented; its own request example passes such an id).
    """

    label, plural, singular, id_field, scope = "Contact", "contacts", "contact", "contact_id", "ZohoBooks.contacts"
    create_shape, update_shape = CONTACT_CREATE, CONTACT_UPDATE
    created_message = "The contact has been created"
    updated_message = "Contact has been updated successfully"
    response_fields = documented.CONTACT
    summary_fields = documented.CONTACT_SUMMARY
    sort_columns = (
        "contact_name",
        "first_name",
        "last_name",
        "email",
        "outstanding_receivable_amount",
        "created_time",
        "last_modified_time",
    )
    default_sort = "contact_name"
    filters_by = {
        "Status.All": lambda view: True,
        "Status.Active": _status_is("active"),
        "Status.Inactive": _status_is("inactive"),
    }
    unmodelled_filters = (
        "Status.Duplicate",
        "Status.PortalEnabled",
        "Status.PortalDisabled",
        "Invoice.OverDue",
        "Invoice.Unpaid",
        "Status.CreditLimitExceed",
        "Status.Crm",
    )
    unmodelled_params = ("address", "zcrm_contact_id", "zcrm_account_id", "zcrm_vendor_id")
    text_filters = ("contact_type", "contact_name", "company_name", "first_name", "last_name", "email", "phone")

    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id

    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Type must be customer/vendor (default customer), the name unique, the currency known."""
        merged = {"contact_type": "customer", "status": "active", **(existing.fields if existing else {}), **body}
        if merged["contact_type"] not in CONTACT_TYPES:
            raise invalid_value("contact_type")
        name = merged["contact_name"]
        for other in org.table(self.plural).values():
            if other is not existing and other.fields["contact_name"].lower() == name.lower():
                raise duplicate_contact(name)
        persons = self._persons(merged.get("contact_persons", []), existing)
        if persons and not any(p.get("is_primary_contact") for p in persons):
            persons[0]["is_primary_contact"] = True
        return {**merged, **currency_fields(org, merged), "contact_persons": persons}

    def _persons(self, persons: list[Mapping[str, Any]], existing: Record | None) -> list[dict[str, Any]]:
        known = {p["contact_person_id"] for p in existing.fields.get("contact_persons", [])} if existing else set()
        prepared = []
        for person in persons:
            person_id = person.get("contact_person_id")
            prepared.append({**person, "contact_person_id": person_id if person_id in known else self._new_id()})
        return prepared

    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Primary person's details, balances (always zero here) and currency."""
        fields = record.fields
        primary: dict[str, Any] = next((p for p in fields["contact_persons"] if p.get("is_primary_contact")), {})
        return {
            **{key: primary.get(key, "") for key in ("first_name", "last_name", "email", "phone", "mobile")},
            "company_name": fields.get("company_name", ""),
            "outstanding_receivable_amount": 0,
            "outstanding_receivable_amount_bcy": 0,
            "unused_credits_receivable_amount": 0,
            "unused_credits_receivable_amount_bcy": 0,
            "payment_reminder_enabled": False,
            "is_linked_with_zohocrm": False,
            **currency_view(org, fields["currency_id"]),
        }

    def details(self, org: Organization, record: Record) -> dict[str, Any]:
        """Whether any bill uses this contact."""
        bills = org.table("bills").values()
        return {"has_transaction": any(bill.fields["vendor_id"] == record.record_id for bill in bills)}
