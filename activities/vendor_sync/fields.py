"""The comparable form of a vendor on either side, its content hash and its hashed identity keys (pure).

Field map (docs/vendor-sync.md): name = Zoho `contact_name` / BILL `name`; company = `company_name` /
`additionalInfo.companyName`; email and phone = the Zoho primary contact person's / BILL `email`, `phone`;
address = Zoho `billing_address` / BILL `address`; tax id = Zoho `gst_no` (the only tax identifier Zoho's
documented contact response carries) / BILL `additionalInfo.taxId`; currency = `currency_code` / `billCurrency`;
archived = Zoho status `inactive` / BILL `archived`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from activities.matching import VendorKeys
from clients.bill import BillVendor
from clients.zoho.models import ZohoContact

FieldName = Literal["name", "company", "email", "phone", "address", "tax_id", "currency", "archived"]
FIELDS: tuple[FieldName, ...] = ("name", "company", "email", "phone", "address", "tax_id", "currency", "archived")
ZOHO_TO_BILL_ONLY: frozenset[FieldName] = frozenset({"tax_id", "currency"})
"""Fields never written to Zoho: Zoho needs a currency id, and its contact response has no generic tax id."""


def _blank_is_none(value: object) -> object:
    return (value.strip() or None) if isinstance(value, str) else value


class Address(BaseModel):
    """A postal address in the connector's terms."""

    model_config = ConfigDict(frozen=True)

    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None

    _blank = field_validator("*", mode="before")(_blank_is_none)


class VendorFields(BaseModel):
    """The synced fields of one vendor (blank strings are None, so both sides compare alike)."""

    model_config = ConfigDict(frozen=True)

    name: str
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    address: Address | None = None
    tax_id: str | None = None
    currency: str | None = None
    archived: bool = False

    _blank = field_validator("company", "email", "phone", "tax_id", "currency", mode="before")(_blank_is_none)

    @field_validator("address", mode="after")
    @classmethod
    def _empty_address_is_none(cls, value: Address | None) -> Address | None:
        return None if value is None or value == Address() else value

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: equal hash, equal content."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    def field_hashes(self) -> dict[str, str]:
        """A short digest per field (what changed since, field by field)."""
        dumped = self.model_dump(mode="json")
        return {name: hashlib.sha256(json.dumps(dumped[name]).encode()).hexdigest()[:16] for name in FIELDS}

    def keys(self, record_id: str) -> VendorKeys:
        """Identity keys, each hashed (`hashed_keys`) so they can be stored."""
        return hashed_keys(VendorKeys.of(record_id, tax_id=self.tax_id, email=self.email, name=self.name))


def hashed_keys(keys: VendorKeys) -> VendorKeys:
    """The same keys as SHA-256 digests (equality is kept, the values are not)."""

    def digest(value: str | None) -> str | None:
        return None if value is None else hashlib.sha256(value.encode()).hexdigest()

    return VendorKeys(keys.record_id, digest(keys.tax_id), digest(keys.email), digest(keys.name))


def from_zoho(contact: ZohoContact) -> VendorFields:
    """A Zoho contact (detail view) in the connector's terms."""
    billing = contact.billing_address
    address = None
    if billing is not None:
        address = Address(
            line1=billing.address,
            line2=billing.street2,
            city=billing.city,
            state=billing.state,
            zip=billing.zip,
            country=billing.country,
        )
    return VendorFields(
        name=contact.contact_name,
        company=contact.company_name,
        email=contact.email,
        phone=contact.phone,
        address=address,
        tax_id=contact.gst_no,
        currency=contact.currency_code,
        archived=contact.status == "inactive",
    )


def from_bill(vendor: BillVendor) -> VendorFields:
    """A BILL vendor in the connector's terms."""
    info, where = vendor.additional_info, vendor.address
    address = None
    if where is not None:
        address = Address(
            line1=where.line1,
            line2=where.line2,
            city=where.city,
            state=where.state_or_province,
            zip=where.zip_or_postal_code,
            country=where.country,
        )
    return VendorFields(
        name=vendor.name or "",
        company=info.company_name if info else None,
        email=vendor.email,
        phone=vendor.phone,
        address=address,
        tax_id=info.tax_id.get_secret_value() if info and info.tax_id else None,
        currency=vendor.bill_currency,
        archived=vendor.archived,
    )
