"""BILL vendors (`/v3/vendors`), field names from BILL's Postman collection.

Bank details (`paymentInformation.bankAccount`) are deliberately not modelled: the sync never
needs them, so they are never parsed, logged or kept. The tax id is PII and stays a `SecretStr`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import SecretStr

from clients.bill._base import BillModel, Money

VendorAccountType = Literal["BUSINESS", "PERSON", "NONE"]


class BillAddress(BillModel):
    """A postal address; BILL needs line1, city, zipOrPostalCode and country to pay by check."""

    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None


class BillVendorAddress(BillAddress):
    """An address as BILL returns it (adds the country's display name)."""

    country_name: str | None = None


class BillVendorPayee(BillModel):
    """The writable part of `paymentInformation` the sync uses: who checks are made out to."""

    payee_name: str | None = None


class BillVendorPaymentInformation(BillVendorPayee):
    """`paymentInformation` as read, without bank details."""

    email: str | None = None
    pay_by_type: str | None = None
    pay_by_sub_type: str | None = None


class BillVendorAdditionalInfo(BillModel):
    """`additionalInfo`: tax and payment-term details."""

    tax_id: SecretStr | None = None
    tax_id_type: str | None = None
    track1099: bool | None = None
    payment_term_id: str | None = None
    company_name: str | None = None
    lead_time_in_days: int | None = None
    combine_payments: bool | None = None


class BillVendorBalance(BillModel):
    """What the organization owes the vendor."""

    amount: Money | None = None
    last_updated_date: datetime | None = None


class BillVendor(BillModel):
    """A vendor as BILL returns it."""

    id: str
    name: str | None = None
    short_name: str | None = None
    account_number: str | None = None
    account_type: str | None = None
    email: str | None = None
    phone: str | None = None
    address: BillVendorAddress | None = None
    payment_information: BillVendorPaymentInformation | None = None
    additional_info: BillVendorAdditionalInfo | None = None
    bill_currency: str | None = None
    balance: BillVendorBalance | None = None
    network_status: str | None = None
    archived: bool = False
    created_time: datetime | None = None
    updated_time: datetime | None = None


class BillVendorCreate(BillModel):
    """Body of `POST /v3/vendors` (and one element of `/v3/vendors/bulk`)."""

    name: str
    account_type: VendorAccountType | None = None
    email: str | None = None
    phone: str | None = None
    address: BillAddress | None = None
    payment_information: BillVendorPayee | None = None
    bill_currency: str | None = None


class BillVendorUpdate(BillModel):
    """Body of `PATCH /v3/vendors/{vendorId}`: only the fields set are sent (bank details cannot be)."""

    name: str | None = None
    account_type: VendorAccountType | None = None
    email: str | None = None
    phone: str | None = None
    address: BillAddress | None = None
    payment_information: BillVendorPayee | None = None
    bill_currency: str | None = None


class BillVendorBulkResult(BillModel):
    """Response of `POST /v3/vendors/bulk`."""

    vendors: list[BillVendor]
