"""Contacts (``/contacts``; vendors are contacts with ``contact_type="vendor"``), as in ``contacts.yml``."""

from __future__ import annotations

from clients.zoho._types import ZohoDateTime
from clients.zoho.models._base import ZohoModel, ZohoRequest


class ZohoAddress(ZohoRequest):
    """A contact's billing or shipping address; the same fields are read and written."""

    attention: str | None = None
    address: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    state_code: str | None = None
    zip: str | None = None
    country: str | None = None
    phone: str | None = None
    fax: str | None = None


class ZohoContactPerson(ZohoModel):
    """A person of a contact as Zoho returns it."""

    contact_person_id: str = ""
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    is_primary_contact: bool = False


class ZohoContactSummary(ZohoModel):
    """A contact as listed by ``GET /contacts`` (the list carries the primary person's email and phone)."""

    contact_id: str
    contact_name: str
    company_name: str = ""
    contact_type: str = ""
    status: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    payment_terms: int | None = None
    payment_terms_label: str = ""
    currency_id: str = ""
    currency_code: str = ""
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoContact(ZohoModel):
    """A contact with persons and addresses, as returned by ``GET /contacts/{contact_id}`` and by writes.

    The detail view has no top-level email or phone: they belong to the contact persons.
    """

    contact_id: str
    contact_name: str
    company_name: str = ""
    contact_type: str = ""
    status: str = ""
    website: str = ""
    payment_terms: int | None = None
    payment_terms_label: str = ""
    currency_id: str = ""
    currency_code: str = ""
    billing_address: ZohoAddress | None = None
    shipping_address: ZohoAddress | None = None
    contact_persons: list[ZohoContactPerson] = []
    primary_contact_id: str = ""
    legal_name: str = ""
    gst_no: str = ""
    gst_treatment: str = ""
    vat_treatment: str = ""
    tax_treatment: str = ""
    notes: str = ""
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None

    @property
    def primary_contact_person(self) -> ZohoContactPerson | None:
        """The person flagged primary, else the first one, else None."""
        primary = next((p for p in self.contact_persons if p.is_primary_contact), None)
        return primary or next(iter(self.contact_persons), None)

    @property
    def email(self) -> str:
        """The primary person's email (Zoho's "contact email"), or ``""``."""
        person = self.primary_contact_person
        return person.email if person else ""

    @property
    def phone(self) -> str:
        """The primary person's phone, else the billing address phone, or ``""``."""
        person = self.primary_contact_person
        if person and person.phone:
            return person.phone
        return (self.billing_address.phone if self.billing_address else None) or ""


class ZohoContactPersonCreate(ZohoRequest):
    """A person to create with a contact."""

    salutation: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    is_primary_contact: bool | None = None


class ZohoContactCreate(ZohoRequest):
    """Body of ``POST /contacts`` and ``PUT /contacts/{contact_id}``; only ``contact_name`` is required.

    ``contact_type`` defaults to ``"vendor"`` because this connector only writes vendors.
    """

    contact_name: str
    company_name: str | None = None
    contact_type: str | None = "vendor"
    website: str | None = None
    payment_terms: int | None = None
    payment_terms_label: str | None = None
    currency_id: str | None = None
    billing_address: ZohoAddress | None = None
    shipping_address: ZohoAddress | None = None
    contact_persons: list[ZohoContactPersonCreate] | None = None
    legal_name: str | None = None
    vat_reg_no: str | None = None
    tax_reg_no: str | None = None
    gst_no: str | None = None
    gst_treatment: str | None = None
    vat_treatment: str | None = None
    tax_treatment: str | None = None
    track_1099: bool | None = None
    tax_id_type: str | None = None
    tax_id_value: str | None = None
    notes: str | None = None
