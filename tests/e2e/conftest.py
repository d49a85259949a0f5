"""The whole connector in one test process: real emulators (ASGI), real store (SQLite in tmp), real clients,
the real gateway and worker, and a real Temporal dev server. Seeded with the same demo companies as
`ml-connector dev`: UK Ltd (Zoho EU) and Ireland Ltd (Zoho US), each with its own BILL organization."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import ConnectorStore
from cli.demo import DEMO_COMPANIES, DemoApp, DemoCompany, DemoConnection, seed
from cli.dev import emulator_settings, encryption_key, fresh_store
from common.models import BillSyncResult
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from tests.temporal_env import start_local, unique_name
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from worker.registry import ActivityDeps, build_worker
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

ZOHO, BILL, GATEWAY = "http://zoho.test", "http://bill.test", "http://gateway.test"


@pytest.fixture(scope="session")
async def local_env() -> AsyncIterator[WorkflowEnvironment]:
    """A real Temporal dev server (in memory) for the session."""
    env = await start_local()
    yield env
    await env.shutdown()


@dataclass
class Seeded:
    """The demo companies seeded into fresh emulators and a fresh store, with an HTTP client routed to the
    emulators (what activities get in production, but over ASGI)."""

    settings: Settings
    store: ConnectorStore
    zoho: ZohoEmulator
    bill: BillEmulator
    http: httpx.AsyncClient
    demos: dict[str, DemoConnection]

    def bill_bills(self, demo: DemoConnection, invoice_number: str) -> list[dict[str, Any]]:
        """BILL bills in the company's BILL org with this invoice number."""
        return [b for b in self.bill.bills(demo.bill_org_id) if b["invoice"]["invoiceNumber"] == invoice_number]


@pytest.fixture
async def seeded(tmp_path: Path) -> AsyncIterator[Seeded]:
    """UK Ltd and Ireland Ltd in fresh emulators and store; a fresh task queue in the settings."""
    async with seed_companies(tmp_path, DEMO_COMPANIES) as world:
        yield world


@asynccontextmanager
async def seed_companies(tmp_path: Path, companies: Sequence[DemoCompany]) -> AsyncIterator[Seeded]:
    """`companies` (distinct names and users) in fresh emulators and store; a fresh task queue."""
    app = DemoApp.generate()
    settings = emulator_settings(
        app=app,
        zoho_base=ZOHO,
        bill_base=BILL,
        gateway_url=GATEWAY,
        data_dir=tmp_path,
        temporal_address="unused:7233",
        key=encryption_key(tmp_path),
    ).model_copy(update={"task_queue": unique_name("e2e")})
    store = fresh_store(settings)
    zoho, bill = app.emulators()
    demos = {company.name: seed(company, app, (zoho, bill), store, settings) for company in companies}
    apis = {ZOHO: httpx.ASGITransport(app=zoho.app), BILL: httpx.ASGITransport(app=bill.app)}
    async with httpx.AsyncClient(mounts=apis) as http:
        yield Seeded(settings, store, zoho, bill, http, demos)


@dataclass
class Stack:
    """`Seeded` plus the gateway and a running worker on a real Temporal server."""

    env: WorkflowEnvironment
    seeded: Seeded
    gateway: httpx.AsyncClient

    async def deliver_webhooks(self) -> list[int]:
        """Let the Zoho emulator POST its pending (signed) webhooks to the gateway."""
        return await self.seeded.zoho.flush_webhooks(self.gateway)

    async def result(self, demo: DemoConnection, zoho_bill_id: str) -> BillSyncResult:
        """The outcome of the bill's workflow (waits for it)."""
        handle = self.env.client.get_workflow_handle_for(
            BillSyncWorkflow.run, bill_workflow_id(demo.zoho_org_id, zoho_bill_id)
        )
        return await handle.result()


@pytest.fixture
async def stack(seeded: Seeded, local_env: WorkflowEnvironment) -> AsyncIterator[Stack]:
    """The gateway (over ASGI) and a worker on the seeded task queue."""
    async with running_stack(seeded, local_env) as running:
        yield running


@asynccontextmanager
async def running_stack(seeded: Seeded, local_env: WorkflowEnvironment) -> AsyncIterator[Stack]:
    """The gateway (over ASGI) and a worker on the seeded task queue, stopped on exit."""
    store, settings = seeded.store, seeded.settings
    deps = GatewayDeps(
        settings=settings, temporal=local_env.client, connections=store.connections, secrets=store.credentials
    )
    async with (
        httpx.AsyncClient(mounts={GATEWAY: httpx.ASGITransport(app=create_app(deps))}) as gateway,
        build_worker(local_env.client, ActivityDeps(settings=settings, store=store, http=seeded.http)),
    ):
        yield Stack(local_env, seeded, gateway)
