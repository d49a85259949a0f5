"""A backfill stack: the demo companies in fresh emulators (Zoho's clock accelerated so its 100 calls/minute
pass quickly), the real gateway and worker (rate budget scaled to the same clock) on a real Temporal dev server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.backfill.models import BackfillInput, BackfillProgress
from activities.rate_budget import RateBudget
from bench.backfill_load import EmulatorBudgetClock
from cli.demo import DemoConnection
from persistence.db import make_engine
from tests.e2e.conftest import GATEWAY, Seeded, local_env, seeded
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from worker.registry import ActivityDeps, build_worker
from workflows.backfill import BackfillWorkflow, backfill_workflow_id

__all__ = ["local_env", "seeded"]

ZOHO_SPEED = 30.0
"""Emulated Zoho minutes pass 30 times faster: its 100 calls per minute are 3,000 per real minute. The rate
budget runs on the same clock (as in `bench.backfill_load`), so the published limits apply unchanged."""
BUDGET_MAX_WAIT = 120.0
"""Budget waits (emulator seconds) are slept by the budget on the emulator's clock; a longer wait would be
handed back as `retry_after` and slept in real seconds, which the accelerated clock does not shorten."""


@dataclass
class BackfillStack:
    """The seeded world, a gateway client and a running worker."""

    env: WorkflowEnvironment
    seeded: Seeded
    gateway: httpx.AsyncClient

    @property
    def demo(self) -> DemoConnection:
        """UK Ltd: its vendor and accounts exist in BILL (mapped on first use)."""
        return self.seeded.demos["UK Ltd"]

    def add_bills(self, count: int) -> list[str]:
        """`count` open bills `BF-0000`… over the company's vendor and accounts (webhooks queued); their ids."""
        accounts = sorted(self.demo.zoho_account_ids.values())
        return [self.add_bill(f"BF-{i:04}", accounts[i % len(accounts)], 10 + i % 50) for i in range(count)]

    def add_bill(self, number: str, zoho_account_id: str, amount: int) -> str:
        """One open bill of the company's vendor with one line on `zoho_account_id`; its id."""
        demo, zoho = self.demo, self.seeded.zoho
        today = zoho.clock.now().date()
        return zoho.add_bill(
            demo.zoho_org_id,
            vendor_id=demo.zoho_vendor_id,
            bill_number=number,
            date=today,
            due_date=today + timedelta(days=30),
            currency_code=demo.company.currency,
            line_items=[{"account_id": zoho_account_id, "quantity": 1, "rate": amount}],
        )

    def since(self) -> date:
        """A start day that covers every bill entered in the test."""
        return self.seeded.zoho.clock.now().date() - timedelta(days=1)

    def bill_bills(self) -> list[dict[str, Any]]:
        """Every bill in UK Ltd's BILL organization."""
        return self.seeded.bill.bills(self.demo.bill_org_id)

    async def start(self, params: BackfillInput) -> WorkflowHandle[BackfillWorkflow, BackfillProgress]:
        """Start a backfill on the stack's task queue under its deterministic id."""
        return await self.env.client.start_workflow(
            BackfillWorkflow.run, params, id=backfill_workflow_id(params), task_queue=self.seeded.settings.task_queue
        )


@pytest.fixture
async def backfill_stack(seeded: Seeded, local_env: WorkflowEnvironment) -> AsyncIterator[BackfillStack]:
    """Gateway and worker over the seeded world, Zoho's clock accelerated."""
    seeded.zoho.clock.speed = ZOHO_SPEED
    seeded.zoho.outbox.clear()
    store, settings = seeded.store, seeded.settings
    deps = GatewayDeps(
        settings=settings, temporal=local_env.client, connections=store.connections, secrets=store.credentials
    )
    budget = RateBudget.open(
        make_engine(settings.effective_database_url()),
        clock=EmulatorBudgetClock(seeded.zoho.clock),
        max_wait_seconds=BUDGET_MAX_WAIT,
    )
    activity_deps = ActivityDeps(settings=settings, store=store, http=seeded.http, budget=budget)
    async with (
        httpx.AsyncClient(mounts={GATEWAY: httpx.ASGITransport(app=create_app(deps))}) as gateway,
        build_worker(local_env.client, activity_deps),
    ):
        yield BackfillStack(local_env, seeded, gateway)
