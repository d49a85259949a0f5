"""Driving bills through the in-process stack for the fault tests: enter them in Zoho, deliver their
webhooks, await every bill workflow."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from common.models import BillSyncResult
from emulators.faults import Fault, FaultKind
from emulators.zoho.webhooks import WebhookDelivery
from tests.e2e.conftest import Stack
from tests.e2e.test_two_orgs_at_scale import Expected, enter_bills


def enter_in_every_org(stack: Stack, per_org: int) -> dict[str, dict[str, Expected]]:
    """`per_org` billable bills in each seeded organization (each queues one signed webhook), by org id."""
    return {demo.zoho_org_id: enter_bills(stack, demo, per_org) for demo in stack.seeded.demos.values()}


async def results(stack: Stack, entered: dict[str, dict[str, Expected]]) -> list[BillSyncResult | BaseException]:
    """Every entered bill's workflow outcome (a failed workflow's error in its place)."""
    demos = {demo.zoho_org_id: demo for demo in stack.seeded.demos.values()}
    waits = [stack.result(demos[org], e.zoho_bill_id) for org, bills in entered.items() for e in bills.values()]
    return await asyncio.gather(*waits, return_exceptions=True)


async def post_deliveries(stack: Stack, deliveries: Sequence[WebhookDelivery]) -> list[int]:
    """POST these (signed) webhook deliveries to the gateway, all at once; their statuses in order."""
    posts = [stack.gateway.post(d.url, content=d.body, headers=d.headers) for d in deliveries]
    return [response.status_code for response in await asyncio.gather(*posts)]


async def sync_once(stack: Stack, per_org: int) -> list[BillSyncResult | BaseException]:
    """Enter `per_org` bills per org, deliver each webhook once (all accepted), await every outcome."""
    entered = enter_in_every_org(stack, per_org)
    statuses = await stack.deliver_webhooks()
    assert statuses == [202] * sum(len(bills) for bills in entered.values())
    return await results(stack, entered)


def statuses(outcomes: list[BillSyncResult | BaseException]) -> list[str]:
    """The end status of each outcome (`error` for a failed workflow)."""
    return [o.status if isinstance(o, BillSyncResult) else "error" for o in outcomes]


@dataclass(frozen=True)
class VendorFault:
    """A fault to arm on one vendor's emulator (`vendor` is ``zoho`` or ``bill``); see `emulators.faults.Fault`."""

    vendor: str
    kind: FaultKind
    path: str
    method: str | None = None
    status: int | None = None
    retry_after: int | None = None
    code: str | None = None

    def arm(self, stack: Stack, times: int) -> Fault:
        """Arm it for the next `times` matching requests; the returned fault counts its hits."""
        emulator = stack.seeded.zoho if self.vendor == "zoho" else stack.seeded.bill
        return emulator.faults.add(
            Fault(
                kind=self.kind,
                path=self.path,
                method=self.method,
                times=times,
                status=self.status,
                retry_after=self.retry_after,
                code=self.code,
            )
        )
