"""The whole connector in one test process: real emulators (ASGI), real store (SQLite in tmp), real clients,
the real gateway and worker, and a real Temporal dev server. Seeded with the same demo companies as
`ml-connector dev`: UK Ltd (Zoho EU) and Ireland Ltd (Zoho US), each with its own BILL organization."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import ConnectorStore
from cli.demo import DEMO_COMPANIES, DemoApp, DemoConnection, seed
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
class Stack:
    """Everything running for one test."""

    env: WorkflowEnvironment
    settings: Settings
    store: ConnectorStore
    zoho: ZohoEmulator
    bill: BillEmulator
    gateway: httpx.AsyncClient
    demos: dict[str, DemoConnection]

    async def deliver_webhooks(self) -> list[int]:
        """Let the Zoho emulator POST its pending (signed) webhooks to the gateway."""
        return await self.zoho.flush_webhooks(self.gateway)

    async def result(self, demo: DemoConnection, zoho_bill_id: str) -> BillSyncResult:
        """The outcome of the bill's workflow (waits for it)."""
        handle = self.env.client.get_workflow_handle_for(
            BillSyncWorkflow.run, bill_workflow_id(demo.zoho_org_id, zoho_bill_id)
        )
        return await handle.result()

    def bill_bills(self, demo: DemoConnection, invoice_number: str) -> list[dict[str, Any]]:
        """BILL bills in the company's BILL org with this invoice number."""
        return [b for b in self.bill.bills(demo.bill_org_id) if b["invoice"]["invoiceNumber"] == invoice_number]


@pytest.fixture
async def stack(tmp_path: Path, local_env: WorkflowEnvironment) -> AsyncIterator[Stack]:
    """Seeded emulators, store, gateway and a running worker on a fresh task queue."""
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
    demos = {company.name: seed(company, app, (zoho, bill), store, settings) for company in DEMO_COMPANIES}
    deps = GatewayDeps(
        settings=settings, temporal=local_env.client, connections=store.connections, secrets=store.credentials
    )
    apis = {ZOHO: httpx.ASGITransport(app=zoho.app), BILL: httpx.ASGITransport(app=bill.app)}
    async with (
        httpx.AsyncClient(mounts=apis) as http,
        httpx.AsyncClient(mounts={GATEWAY: httpx.ASGITransport(app=create_app(deps))}) as gateway,
        build_worker(local_env.client, ActivityDeps(settings=settings, store=store, http=http)),
    ):
        yield Stack(local_env, settings, store, zoho, bill, gateway, demos)
