"""The whole connector on loopback, as `ml-connector dev` runs it: a Temporal dev server (child process),
both emulators and the gateway served by uvicorn, and the project's worker — seeded like the demo
companies (UK Ltd on Zoho EU, Ireland Ltd on Zoho US, in turn), each with its own BILL organization.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import cast

import httpx
from temporalio.client import Client

from bench.calls import CallCount, RequestTally, count_calls
from bench.emulator_process import EmulatorPorts, EmulatorProcess, RemoteEmulator, RemoteTally, emulator_process
from bench.seeding import BenchBill, BenchOrg, BillFactory, Supplier, bench_company
from cli.demo import DemoApp, seed
from cli.dev import emulator_settings, encryption_key, fresh_store, start_connector
from cli.servers import EmbeddedServer
from common.models import BillSyncResult
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from worker.dev_server import DevServerConfig, TemporalDevServer
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

HOST = "127.0.0.1"
WEBHOOK_TIMEOUT_SECONDS = 10.0


def free_ports(how_many: int) -> list[int]:
    """Loopback ports free right now (bound together, so distinct)."""
    sockets = [socket.socket() for _ in range(how_many)]
    try:
        for s in sockets:
            s.bind((HOST, 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def url(port: int) -> str:
    """`http://127.0.0.1:<port>`."""
    return f"http://{HOST}:{port}"


class WarmUpFailed(RuntimeError):
    """The bills that set up vendor and account mappings did not sync, so nothing after them is meaningful."""


@dataclass
class FullStack:
    """A running connector and its emulators; helpers to enter bills, deliver webhooks and await syncs."""

    zoho: ZohoEmulator
    bill: BillEmulator
    client: Client
    orgs: list[BenchOrg]
    factory: BillFactory
    webhooks: httpx.AsyncClient
    zoho_requests: RequestTally | RemoteTally
    """Requests the Zoho emulator received, by endpoint."""
    apart: EmulatorProcess | None = None
    """The emulators' own process, when they run apart (`zoho` and `bill` then forward method calls to it)."""
    _rotation: count[int] = field(default_factory=count)

    def calls(self) -> CallCount:
        """What the emulators have served so far."""
        return self.apart.calls() if self.apart else count_calls(self.zoho, self.bill)

    def new_suppliers(self, per_org: int) -> list[Supplier]:
        """Vendors the connector has never seen, `per_org` in each org (bills of theirs are cold)."""
        return [supplier for org in self.orgs for supplier in self.factory.add_vendors(self.bill, org, per_org)]

    def known_suppliers(self, how_many: int) -> list[Supplier]:
        """Vendors seen before, round-robin over orgs and their vendors (continuing earlier calls' rotation)."""
        chosen = []
        for _ in range(how_many):
            turn = next(self._rotation)
            org = self.orgs[turn % len(self.orgs)]
            chosen.append(Supplier(org, org.vendor_ids[(turn // len(self.orgs)) % len(org.vendor_ids)]))
        return chosen

    def enter(self, suppliers: list[Supplier]) -> list[BenchBill]:
        """One bill per supplier, entered in Zoho now (their webhooks wait for `deliver`)."""
        return [self.factory.add_bill(supplier) for supplier in suppliers]

    async def deliver(self) -> list[int]:
        """POST every pending Zoho webhook to the gateway; the gateway's statuses in order."""
        if self.apart:
            return await self.apart.deliver()
        return await self.zoho.flush_webhooks(self.webhooks)

    async def sync_one_by_one(self, suppliers: list[Supplier]) -> list[tuple[BenchBill, BillSyncResult]]:
        """For each supplier: enter a bill, deliver its webhook, wait for its workflow (no concurrency)."""
        synced = []
        for supplier in suppliers:
            (one,) = self.enter([supplier])
            await self.deliver()
            synced.append((one, await self.synced(one)))
        return synced

    async def warm_up(self, vendors_per_org: int) -> None:
        """Sync one bill of each of `vendors_per_org` new vendors per org, so later bills are steady state."""
        results = [result for _, result in await self.sync_one_by_one(self.new_suppliers(vendors_per_org))]
        failed = [r for r in results if r.status != "synced"]
        if failed:
            raise WarmUpFailed(f"{len(failed)} warm-up bills did not sync: {failed[0].status} {failed[0].reason}")

    async def synced(self, entered: BenchBill) -> BillSyncResult:
        """Wait for the bill's workflow (started by the gateway) and return its result."""
        workflow_id = bill_workflow_id(entered.org.demo.zoho_org_id, entered.zoho_bill_id)
        return await self.client.get_workflow_handle_for(BillSyncWorkflow.run, workflow_id).result()

    def invoices_in_bill(self) -> set[str]:
        """Invoice numbers of the bills the BILL emulator holds, across the stack's BILL organizations."""
        return {b["invoice"]["invoiceNumber"] for org in self.orgs for b in self.bill.bills(org.demo.bill_org_id)}


def stack_settings(workdir: Path, app: DemoApp, ports: tuple[int, int, int, int], task_queue: str) -> Settings:
    """Settings for the stack (creates `workdir`): ports are Temporal, Zoho, BILL and gateway, in that order."""
    workdir.mkdir(parents=True, exist_ok=True)
    temporal_port, zoho_port, bill_port, gateway_port = ports
    settings = emulator_settings(
        app=app,
        zoho_base=url(zoho_port),
        bill_base=url(bill_port),
        gateway_url=url(gateway_port),
        data_dir=workdir,
        temporal_address=f"{HOST}:{temporal_port}",
        key=encryption_key(workdir),
    )
    return settings.model_copy(update={"gateway_host": HOST, "gateway_port": gateway_port, "task_queue": task_queue})


@asynccontextmanager
async def full_stack(
    workdir: Path, task_queue: str = "bench", orgs: int = 2, *, emulators_apart: bool = False
) -> AsyncIterator[FullStack]:
    """Start everything under `workdir` (Temporal state, connector DB, key) with `orgs` connected companies
    (each a Zoho organization and its own BILL organization); stop it all on exit. With `emulators_apart`,
    the emulators and the webhook sender run in a child process (`bench.emulator_process`), so this
    process's CPU is the worker's, the gateway's and the driver's only."""
    temporal_port, zoho_port, bill_port, gateway_port = free_ports(4)
    app = DemoApp.generate()
    settings = stack_settings(workdir, app, (temporal_port, zoho_port, bill_port, gateway_port), task_queue)
    store = fresh_store(settings)
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(
            TemporalDevServer(DevServerConfig(data_dir=workdir, host=HOST, port=temporal_port, ui=False))
        )
        apart: EmulatorProcess | None = None
        if emulators_apart:
            apart = await stack.enter_async_context(emulator_process(app, EmulatorPorts(zoho_port, bill_port)))
            zoho, bill = (
                cast(ZohoEmulator, RemoteEmulator(apart, "zoho")),
                cast(BillEmulator, RemoteEmulator(apart, "bill")),
            )
            zoho_requests: RequestTally | RemoteTally = RemoteTally(apart)
        else:
            zoho, bill = app.emulators()
            zoho_requests = RequestTally(zoho.app)
            for server in (
                EmbeddedServer(zoho_requests, host=HOST, port=zoho_port, name="zoho-emulator"),
                EmbeddedServer(bill.app, host=HOST, port=bill_port, name="bill-emulator"),
            ):
                await server.start_in(stack)
        companies = [bench_company(i) for i in range(orgs)]
        seeded = [BenchOrg(seed(company, app, (zoho, bill), store, settings)) for company in companies]
        client, _gateway = await start_connector(stack, settings, store)
        webhooks = await stack.enter_async_context(httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS))
        yield FullStack(zoho, bill, client, seeded, BillFactory(zoho), webhooks, zoho_requests, apart)
