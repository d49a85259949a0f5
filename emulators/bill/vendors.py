"""Vendors: create (single and bulk ≤ 20, all-or-nothing), get, PATCH, archive, restore. No DELETE."""

from __future__ import annotations

import copy
from typing import Any

from emulators.bill.errors import BillApiError, invalid, not_found
from emulators.bill.filters import FieldKind
from emulators.bill.listing import ListSpec
from emulators.bill.schema import Field, check_object, flag, number, obj, text
from emulators.bill.state import VENDOR_PREFIX, OrgContext, Record
from emulators.bill.timefmt import iso_time

BULK_LIMIT = 20
ACCOUNT_TYPES = frozenset({"BUSINESS", "PERSON", "NONE"})

ADDRESS = obj(
    {
        "line1": text(),
        "line2": text(),
        "city": text(),
        "stateOrProvince": text(),
        "zipOrPostalCode": text(),
        "country": text(),
        "countryName": text(),
    }
)
BANK_ACCOUNT = obj(
    {
        "nameOnAccount": text(required=True),
        "accountNumber": text(required=True),
        "routingNumber": text(),
        "type": text(choices=frozenset({"CHECKING", "SAVINGS"})),
        "ownerType": text(choices=frozenset({"BUSINESS", "PERSONAL"})),
        "paymentCurrency": text(),
    }
)
ADDITIONAL_INFO = obj(
    {
        "taxId": text(),
        "taxIdType": text(choices=frozenset({"EIN", "SSN"})),
        "track1099": flag(),
        "leadTimeInDays": number(),
        "combinePayments": flag(),
        "paymentTermId": text(),
        "companyName": text(),
    }
)


def _payment_information(*, with_bank: bool) -> Field:
    members: dict[str, Field] = {"payeeName": text(), "email": text()}
    if with_bank:
        members["bankAccount"] = BANK_ACCOUNT
    return obj(members)


def _vendor_schema(*, creating: bool) -> dict[str, Field]:
    return {
        "name": text(required=creating),
        "shortName": text(),
        "accountNumber": text(),
        "accountType": text(choices=ACCOUNT_TYPES),
        "email": text(),
        "phone": text(),
        "address": ADDRESS,
        "paymentInformation": _payment_information(with_bank=creating),
        "additionalInfo": ADDITIONAL_INFO,
        "billCurrency": text(),
    }


CREATE_SCHEMA = _vendor_schema(creating=True)
UPDATE_SCHEMA = _vendor_schema(creating=False)  # bank accounts have their own endpoints, not PATCH

LIST_SPEC = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "name": FieldKind.TEXT,
        "shortName": FieldKind.TEXT,
        "email": FieldKind.TEXT,
        "accountType": FieldKind.TEXT,
        "billCurrency": FieldKind.TEXT,
        "archived": FieldKind.BOOL,
        "createdTime": FieldKind.TIME,
        "updatedTime": FieldKind.TIME,
    }
)


def _new_vendor(ctx: OrgContext, body: dict[str, Any]) -> Record:
    stamp = iso_time(ctx.now)
    vendor: Record = {"archived": False, "id": ctx.ids.new(VENDOR_PREFIX), "accountType": "NONE"}
    vendor.update(copy.deepcopy(body))
    has_bank = bool(body.get("paymentInformation", {}).get("bankAccount"))
    vendor.update(
        {
            "billCurrency": body.get("billCurrency", "USD"),
            "bankAccountStatus": "PENDING" if has_bank else "NO_ACCOUNT",
            "networkStatus": "NOT_CONNECTED",
            "recurringPayments": False,
            "createdTime": stamp,
            "updatedTime": stamp,
        }
    )
    return vendor


def create(ctx: OrgContext, body: Any) -> Record:
    """Validate and store one vendor; enqueues ``vendor.created``."""
    vendor = _new_vendor(ctx, check_object(body, CREATE_SCHEMA))
    ctx.org.vendors[vendor["id"]] = vendor
    ctx.notify(ctx.org, "vendor.created", vendor)
    return copy.deepcopy(vendor)


def create_bulk(ctx: OrgContext, body: Any) -> list[Record]:
    """All-or-nothing: every vendor is validated before any is stored."""
    if not isinstance(body, list):
        raise invalid("Request body must be a JSON array of vendors.")
    if not body or len(body) > BULK_LIMIT:
        raise invalid(f"Bulk vendor creation accepts 1 to {BULK_LIMIT} vendors; got {len(body)}.")
    for index, item in enumerate(body):
        try:
            check_object(item, CREATE_SCHEMA)
        except BillApiError as exc:
            raise invalid(f"vendors[{index}]: {exc.message} No vendors were created.") from None
    return [create(ctx, item) for item in body]


def get(ctx: OrgContext, vendor_id: str) -> Record:
    """The stored vendor (a copy)."""
    return copy.deepcopy(_stored(ctx, vendor_id))


def _stored(ctx: OrgContext, vendor_id: str) -> Record:
    vendor = ctx.org.vendors.get(vendor_id)
    if vendor is None:
        raise not_found("vendor", vendor_id)
    return vendor


def update(ctx: OrgContext, vendor_id: str, body: Any) -> Record:
    """PATCH: replace the given top-level members; bank details are rejected (own endpoints)."""
    vendor = _stored(ctx, vendor_id)
    payment = body.get("paymentInformation") if isinstance(body, dict) else None
    if isinstance(payment, dict) and "bankAccount" in payment:
        raise invalid("Vendor bank account details cannot be updated here; use /v3/vendors/{vendorId}/bank-account.")
    changes = check_object(body, UPDATE_SCHEMA)
    vendor.update(copy.deepcopy(changes))
    vendor["updatedTime"] = iso_time(ctx.now)
    ctx.notify(ctx.org, "vendor.updated", vendor)
    return copy.deepcopy(vendor)


def set_archived(ctx: OrgContext, vendor_id: str, archived: bool) -> Record:
    """Archive or restore; repeating it changes nothing and sends no event."""
    vendor = _stored(ctx, vendor_id)
    if vendor["archived"] != archived:
        vendor["archived"] = archived
        vendor["updatedTime"] = iso_time(ctx.now)
        ctx.notify(ctx.org, "vendor.archived" if archived else "vendor.restored", vendor)
    return copy.deepcopy(vendor)
