"""Bill operations of `BillClient` (`/v3/bills`), including the lookup that makes create safe to retry."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from datetime import datetime

from pydantic import RootModel

from clients.bill._base import BillPage
from clients.bill._core import SERVICE, BillApiCore
from clients.bill._paging import iterate_pages
from clients.bill._query import BillFilter, BillSort, list_params
from clients.bill.models.bills import BillBill, BillBillCreate, BillBillReplace, BillBillUpdate

BILLS_BULK_LIMIT = 100


class _BillList(RootModel[list[BillBill]]):
    """Response of `POST /v3/bills/bulk`: a bare array."""


class BillsApi(BillApiCore):
    """List, read, create (single and bulk), update, replace, archive and find bills."""

    async def list_bills(
        self,
        *,
        filters: Sequence[BillFilter] = (),
        sort: BillSort | None = None,
        max: int = 100,
        page: str | None = None,
    ) -> BillPage[BillBill]:
        """One page of bills."""
        params = list_params(filters=filters, sort=sort, max=max, page=page)
        data = await self._call("GET", "/v3/bills", params=params)
        return self._parse(BillPage[BillBill], data, "GET /v3/bills")

    def iter_bills(
        self, *, filters: Sequence[BillFilter] = (), sort: BillSort | None = None
    ) -> AsyncGenerator[BillBill, None]:
        """Every bill matching `filters`, page after page."""
        return iterate_pages(lambda page: self.list_bills(filters=filters, sort=sort, page=page), service=SERVICE)

    async def get_bill(self, bill_id: str) -> BillBill:
        """One bill by id."""
        data = await self._call("GET", "/v3/bills/{billId}", path_params={"billId": bill_id})
        return self._parse(BillBill, data, "GET /v3/bills/{billId}")

    async def create_bill(self, bill: BillBillCreate) -> BillBill:
        """Create one bill. BILL has no idempotency key: call `find_bill_by_invoice` before retrying."""
        data = await self._call("POST", "/v3/bills", body=bill.to_wire())
        return self._parse(BillBill, data, "POST /v3/bills")

    async def create_bills_bulk(self, bills: Sequence[BillBillCreate]) -> list[BillBill]:
        """Create 1 to 100 bills all-or-nothing; vendors may differ."""
        if not 1 <= len(bills) <= BILLS_BULK_LIMIT:
            raise ValueError(f"bulk bill create takes 1 to {BILLS_BULK_LIMIT} bills, got {len(bills)}")
        data = await self._call("POST", "/v3/bills/bulk", body=[b.to_wire() for b in bills])
        return self._parse(_BillList, data, "POST /v3/bills/bulk").root

    async def update_bill(self, bill_id: str, patch: BillBillUpdate) -> BillBill:
        """PATCH: change the fields set in `patch`; line item ids are kept."""
        data = await self._call("PATCH", "/v3/bills/{billId}", path_params={"billId": bill_id}, body=patch.to_wire())
        return self._parse(BillBill, data, "PATCH /v3/bills/{billId}")

    async def replace_bill(self, bill_id: str, bill: BillBillReplace) -> BillBill:
        """PUT: replace the bill; existing line items whose id is left out are removed."""
        data = await self._call("PUT", "/v3/bills/{billId}", path_params={"billId": bill_id}, body=bill.to_wire())
        return self._parse(BillBill, data, "PUT /v3/bills/{billId}")

    async def archive_bill(self, bill_id: str) -> BillBill:
        """Archive a bill (BILL has no bill DELETE)."""
        data = await self._call("POST", "/v3/bills/{billId}/archive", path_params={"billId": bill_id})
        return self._parse(BillBill, data, "POST /v3/bills/{billId}/archive")

    async def find_bill_by_invoice(
        self, *, vendor_id: str, invoice_number: str, created_since: datetime | None = None
    ) -> BillBill | None:
        """The newest bill of `vendor_id` whose invoice number equals `invoice_number`, or None.

        `invoice.invoiceNumber` is not filterable, so this filters on vendor (and `createdTime` when
        given), sorts newest first, compares invoice numbers here (exact, ignoring outer whitespace)
        and stops paging at the first match. Archived bills match too; check `archived`.
        """
        filters = [BillFilter(field="vendorId", op="eq", value=vendor_id)]
        if created_since is not None:
            filters.append(BillFilter(field="createdTime", op="gte", value=created_since))
        wanted = invoice_number.strip()
        newest_first = BillSort(field="createdTime", direction="desc")
        async with aclosing(self.iter_bills(filters=filters, sort=newest_first)) as bills:
            async for bill in bills:
                if bill.invoice is not None and bill.invoice.invoice_number.strip() == wanted:
                    return bill
        return None
