"""Vendor sync against the real emulators, the real store (SQLite in tmp) and the time-skipping Temporal server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from activities.vendor_sync.store import VendorSyncStore
from cli.demo import DemoConnection
from emulators.bill import vendors as bill_vendors
from tests.e2e.conftest import Seeded, seeded
from tests.temporal_env import start_time_skipping, unique_name
from worker.registry import ActivityDeps, build_worker
from workflows.vendor_sync import VendorSyncWorkflow

__all__ = ["seeded"]

IRELAND = "Ireland Ltd"
"""The demo company whose vendor is not yet in BILL (Zoho: 'Dublin Office Services'; BILL: no vendor)."""


@pytest.fixture(scope="session")
async def skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server for the session."""
    env = await start_time_skipping()
    yield env
    await env.shutdown()


@dataclass
class VendorStack:
    """Seeded emulators and store, a worker on the time-skipping server, and helpers to act on either side."""

    env: WorkflowEnvironment
    seeded: Seeded
    demo: DemoConnection

    async def sync(self, *, dry_run: bool = False) -> VendorSyncResult:
        """Run one `VendorSyncWorkflow` to its end (then move both emulator clocks past the current second)."""
        params = VendorSyncInput(connection_id=self.demo.connection_id, dry_run=dry_run)
        result = await self.env.client.execute_workflow(
            VendorSyncWorkflow.run, params, id=unique_name("vendor-sync"), task_queue=self.seeded.settings.task_queue
        )
        self.tick()
        return result

    def tick(self) -> None:
        """Move both emulators' clocks on, as real time between syncs would (change stamps are per second)."""
        self.seeded.zoho.clock.advance(2)
        self.seeded.bill.clock.advance(2)

    def contacts(self) -> list[dict[str, Any]]:
        """Every Zoho contact of the demo org (detail views)."""
        return self.seeded.zoho.contacts(self.demo.zoho_org_id)

    def contact(self, name: str) -> dict[str, Any]:
        """The Zoho contact named `name`."""
        return next(c for c in self.contacts() if c["contact_name"] == name)

    def contact_email(self, name: str) -> str | None:
        """The email of the Zoho contact's primary person."""
        persons = self.contact(name)["contact_persons"]
        return next((p.get("email") for p in persons if p.get("is_primary_contact")), None)

    def vendors(self) -> list[dict[str, Any]]:
        """Every BILL vendor of the demo's BILL org."""
        return self.seeded.bill.vendors(self.demo.bill_org_id)

    def vendor(self, name: str) -> dict[str, Any]:
        """The BILL vendor named `name`."""
        return next(v for v in self.vendors() if v["name"] == name)

    def add_vendor(self, name: str, **fields: Any) -> str:
        """A vendor created in BILL (as a user would)."""
        return self.seeded.bill.add_vendor(self.demo.bill_org_id, name, **fields)

    def edit_vendor(self, vendor_id: str, **changes: Any) -> None:
        """A BILL vendor edited (as a user would, through the emulator's own PATCH logic)."""
        bill = self.seeded.bill
        bill_vendors.update(bill._ctx(self.demo.bill_org_id), vendor_id, changes)

    def restore_vendor(self, vendor_id: str) -> None:
        """A BILL vendor restored from the archive (as a user would)."""
        bill_vendors.set_archived(self.seeded.bill._ctx(self.demo.bill_org_id), vendor_id, archived=False)

    def add_contact(self, name: str, **fields: Any) -> str:
        """A Zoho contact created (vendor unless `contact_type` says otherwise)."""
        return self.seeded.zoho.add_contact(self.demo.zoho_org_id, name, **fields)

    def edit_contact(self, contact_id: str, **changes: Any) -> None:
        """A Zoho contact edited."""
        self.seeded.zoho.update_contact(self.demo.zoho_org_id, contact_id, **changes)

    def store(self) -> VendorSyncStore:
        """The vendor sync's repositories over the test database."""
        return VendorSyncStore.from_settings(self.seeded.settings)


@pytest.fixture
async def vendor_stack(seeded: Seeded, skipping_env: WorkflowEnvironment) -> AsyncIterator[VendorStack]:
    """A worker for the seeded connector on the time-skipping server; the Ireland Ltd connection."""
    deps = ActivityDeps(settings=seeded.settings, store=seeded.store, http=seeded.http)
    worker: Worker = build_worker(skipping_env.client, deps)
    async with worker:
        yield VendorStack(skipping_env, seeded, seeded.demos[IRELAND])
