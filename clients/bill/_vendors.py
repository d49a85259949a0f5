"""Vendor operations of `BillClient` (`/v3/vendors`). BILL has no vendor DELETE: archive instead."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence

from clients.bill._base import BillPage
from clients.bill._core import SERVICE, BillApiCore
from clients.bill._paging import iterate_pages
from clients.bill._query import BillFilter, BillSort, list_params
from clients.bill.models.vendors import BillVendor, BillVendorBulkResult, BillVendorCreate, BillVendorUpdate

VENDORS_BULK_LIMIT = 20


class VendorsApi(BillApiCore):
    """List, read, create (single and bulk), update, archive and restore vendors."""

    async def list_vendors(
        self,
        *,
        filters: Sequence[BillFilter] = (),
        sort: BillSort | None = None,
        max: int = 100,
        page: str | None = None,
    ) -> BillPage[BillVendor]:
        """One page of vendors (`filters=updatedTime:gt:"..."` is the incremental watermark)."""
        params = list_params(filters=filters, sort=sort, max=max, page=page)
        data = await self._call("GET", "/v3/vendors", params=params)
        return self._parse(BillPage[BillVendor], data, "GET /v3/vendors")

    def iter_vendors(
        self, *, filters: Sequence[BillFilter] = (), sort: BillSort | None = None
    ) -> AsyncGenerator[BillVendor, None]:
        """Every vendor matching `filters`, page after page."""
        return iterate_pages(lambda page: self.list_vendors(filters=filters, sort=sort, page=page), service=SERVICE)

    async def get_vendor(self, vendor_id: str) -> BillVendor:
        """One vendor by id."""
        data = await self._call("GET", "/v3/vendors/{vendorId}", path_params={"vendorId": vendor_id})
        return self._parse(BillVendor, data, "GET /v3/vendors/{vendorId}")

    async def create_vendor(self, vendor: BillVendorCreate) -> BillVendor:
        """Create one vendor. Not idempotent: look the name up before retrying after a timeout."""
        data = await self._call("POST", "/v3/vendors", body=vendor.to_wire())
        return self._parse(BillVendor, data, "POST /v3/vendors")

    async def create_vendors_bulk(self, vendors: Sequence[BillVendorCreate]) -> list[BillVendor]:
        """Create 1 to 20 vendors all-or-nothing (BILL creates none if one fails)."""
        if not 1 <= len(vendors) <= VENDORS_BULK_LIMIT:
            raise ValueError(f"bulk vendor create takes 1 to {VENDORS_BULK_LIMIT} vendors, got {len(vendors)}")
        data = await self._call("POST", "/v3/vendors/bulk", body=[v.to_wire() for v in vendors])
        return self._parse(BillVendorBulkResult, data, "POST /v3/vendors/bulk").vendors

    async def update_vendor(self, vendor_id: str, patch: BillVendorUpdate) -> BillVendor:
        """Change the fields set in `patch` (bank details have their own endpoints)."""
        data = await self._call(
            "PATCH", "/v3/vendors/{vendorId}", path_params={"vendorId": vendor_id}, body=patch.to_wire()
        )
        return self._parse(BillVendor, data, "PATCH /v3/vendors/{vendorId}")

    async def archive_vendor(self, vendor_id: str) -> BillVendor:
        """Archive a vendor (BILL's stand-in for delete)."""
        return await self._vendor_action(vendor_id, "archive")

    async def restore_vendor(self, vendor_id: str) -> BillVendor:
        """Restore an archived vendor."""
        return await self._vendor_action(vendor_id, "restore")

    async def _vendor_action(self, vendor_id: str, action: str) -> BillVendor:
        template = f"/v3/vendors/{{vendorId}}/{action}"
        data = await self._call("POST", template, path_params={"vendorId": vendor_id})
        return self._parse(BillVendor, data, f"POST {template}")
