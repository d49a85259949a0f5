"""Request shapes and list filters of ``/v3/bills`` (from the collection's examples and BILL's guides)."""

from __future__ import annotations

from emulators.bill.filters import FieldKind
from emulators.bill.listing import ListSpec
from emulators.bill.schema import Field, amount, array, date, number, obj, text

LINE_CLASSIFICATIONS = obj(
    {
        name: text()
        for name in (
            "chartOfAccountId",
            "accountingClassId",
            "departmentId",
            "employeeId",
            "jobId",
            "locationId",
            "itemId",
            "customerId",
        )
    }
)
BILL_CLASSIFICATIONS = obj(
    {name: text() for name in ("chartOfAccountId", "accountingClassId", "departmentId", "locationId", "itemId")}
)


def _line_schema(*, with_id: bool, amount_required: bool) -> Field:
    members: dict[str, Field] = {
        "amount": amount(required=amount_required),
        "description": text(),
        "quantity": number(),
        "price": number(),
        "classifications": LINE_CLASSIFICATIONS,
    }
    if with_id:
        members["id"] = text()
    return obj(members)


def _bill_schema(*, required: bool, line_ids: bool) -> dict[str, Field]:
    return {
        "vendorId": text(required=required),
        "dueDate": date(required=required),
        "invoice": obj({"invoiceNumber": text(required=True), "invoiceDate": date(required=True)}, required=required),
        "billLineItems": array(_line_schema(with_id=line_ids, amount_required=required), required=required),
        "description": text(),
        "purchaseOrderNumber": text(),
        "payFromChartOfAccountId": text(),
        "classifications": BILL_CLASSIFICATIONS,
    }


CREATE_SCHEMA = _bill_schema(required=True, line_ids=False)
REPLACE_SCHEMA = _bill_schema(required=True, line_ids=True)
PATCH_SCHEMA = _bill_schema(required=False, line_ids=True)

LIST_SPEC = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "vendorId": FieldKind.TEXT,
        "archived": FieldKind.BOOL,
        "paymentStatus": FieldKind.TEXT,
        "approvalStatus": FieldKind.TEXT,
        "dueDate": FieldKind.DATE,
        "createdTime": FieldKind.TIME,
        "updatedTime": FieldKind.TIME,
        "payFromChartOfAccountId": FieldKind.TEXT,
        "classifications.chartOfAccountId": FieldKind.TEXT,
        "classifications.accountingClassId": FieldKind.TEXT,
        "classifications.departmentId": FieldKind.TEXT,
        "classifications.locationId": FieldKind.TEXT,
    }
)
