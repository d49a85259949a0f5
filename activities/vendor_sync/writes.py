"""Request bodies that make one side's vendor carry given field values (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from activities.vendor_sync.fields import Address, FieldName, VendorFields
from clients.bill import BillAddress, BillVendor, BillVendorAdditionalInfo, BillVendorCreate, BillVendorUpdate
from clients.zoho.models import ZohoContact
from clients.zoho.models.contacts import ZohoAddress, ZohoContactCreate, ZohoContactPersonCreate


class BillAdditionalInfoWrite(BillVendorAdditionalInfo):
    """`additionalInfo` as written: the read model keeps the tax id secret, so it could not be sent back."""

    tax_id: str | None = None  # type: ignore[assignment]


class BillVendorPatch(BillVendorUpdate):
    """`PATCH /v3/vendors/{id}` with `additionalInfo` (company name and tax id live there)."""

    additional_info: BillAdditionalInfoWrite | None = None


class BillVendorNew(BillVendorCreate):
    """`POST /v3/vendors` with `additionalInfo`."""

    additional_info: BillAdditionalInfoWrite | None = None


def _bill_address(address: Address | None) -> BillAddress:
    a = address or Address()
    return BillAddress(
        line1=a.line1,
        line2=a.line2,
        city=a.city,
        state_or_province=a.state,
        zip_or_postal_code=a.zip,
        country=a.country,
    )


def _info(current: BillVendor | None, changes: Mapping[FieldName, Any]) -> BillAdditionalInfoWrite:
    """The vendor's `additionalInfo` with company and tax id changed (PATCH replaces the whole member)."""
    info = current.additional_info if current else None
    kept: dict[str, Any] = {}
    if info is not None:
        kept = info.model_dump(exclude={"tax_id"}, exclude_none=True)
        if info.tax_id is not None:
            kept["tax_id"] = info.tax_id.get_secret_value()
    if "company" in changes:
        kept["company_name"] = changes["company"] or ""
    if "tax_id" in changes:
        kept["tax_id"] = changes["tax_id"] or ""
    return BillAdditionalInfoWrite(**kept)


def bill_patch(current: BillVendor, changes: Mapping[FieldName, Any]) -> BillVendorPatch | None:
    """The PATCH for `changes` (archived excluded: it has its own calls); None when nothing but that changed."""
    body: dict[str, Any] = {}
    attributes: tuple[tuple[FieldName, str], ...] = (
        ("name", "name"),
        ("email", "email"),
        ("phone", "phone"),
        ("currency", "bill_currency"),
    )
    for name, attribute in attributes:
        if name in changes:
            body[attribute] = changes[name] or ""
    if "address" in changes:
        body["address"] = _bill_address(changes["address"])
    if "company" in changes or "tax_id" in changes:
        body["additional_info"] = _info(current, changes)
    return BillVendorPatch(**body) if body else None


def bill_new(fields: VendorFields) -> BillVendorNew:
    """A BILL business vendor carrying `fields` (created active)."""
    changes: dict[FieldName, Any] = {"company": fields.company, "tax_id": fields.tax_id}
    return BillVendorNew(
        name=fields.name,
        account_type="BUSINESS",
        email=fields.email,
        phone=fields.phone,
        address=_bill_address(fields.address) if fields.address else None,
        bill_currency=fields.currency,
        additional_info=_info(None, changes) if fields.company or fields.tax_id else None,
    )


def _zoho_address(address: Address | None, current: ZohoAddress | None) -> ZohoAddress:
    a = address or Address()
    kept = current.model_dump(include={"attention", "phone", "fax", "state_code"}) if current else {}
    return ZohoAddress(
        **kept,
        address=a.line1 or "",
        street2=a.line2 or "",
        city=a.city or "",
        state=a.state or "",
        zip=a.zip or "",
        country=a.country or "",
    )


def _persons(current: ZohoContact | None, email: str | None, phone: str | None) -> list[ZohoContactPersonCreate]:
    """The contact's persons with the primary one's email and phone set (a primary person is added if none)."""
    primary = current.primary_contact_person if current else None
    persons = []
    for person in current.contact_persons if current else []:
        fields = person.model_dump(include={"salutation", "first_name", "last_name", "email", "phone", "mobile"})
        if person is primary:
            fields.update(email=email or "", phone=phone or "")
        persons.append(ZohoContactPersonCreate(**fields, is_primary_contact=person is primary))
    if primary is None:
        persons.append(ZohoContactPersonCreate(email=email or "", phone=phone or "", is_primary_contact=True))
    return persons


def zoho_update(current: ZohoContact, changes: Mapping[FieldName, Any]) -> ZohoContactCreate | None:
    """The PUT for `changes` (archived, tax id and currency excluded); None when nothing else changed."""
    body: dict[str, Any] = {}
    if "name" in changes:
        body["contact_name"] = changes["name"]
    if "company" in changes:
        body["company_name"] = changes["company"] or ""
    if "address" in changes:
        body["billing_address"] = _zoho_address(changes["address"], current.billing_address)
    if "email" in changes or "phone" in changes:
        email = changes.get("email", current.email)
        phone = changes.get("phone", current.phone)
        body["contact_persons"] = _persons(current, email, phone)
    if not body:
        return None
    return ZohoContactCreate(**{"contact_name": current.contact_name, **body})


def zoho_new(fields: VendorFields) -> ZohoContactCreate:
    """A Zoho vendor contact carrying `fields` (tax id and currency are left to Zoho's defaults)."""
    persons = _persons(None, fields.email, fields.phone) if fields.email or fields.phone else None
    return ZohoContactCreate(
        contact_name=fields.name,
        company_name=fields.company,
        contact_type="vendor",
        billing_address=_zoho_address(fields.address, None) if fields.address else None,
        contact_persons=persons,
    )
