"""The connector with its worker as a real `ml-connector worker` PROCESS, for `kill -9` and server restarts.

- Temporal: `temporal server start-dev` (child process) with a file-backed database, so a restart keeps state.
- Emulators: served over loopback by uvicorn in the test process, so the test reads them (the oracle) and can
  trap the moment BILL has committed a bill create (`CommitTrap`).
- Store: SQLite in the test's directory; the worker process writes it, the test reads it.
- Gateway: in-process over ASGI with a real Temporal client; the Zoho emulator delivers signed webhooks to it.
- Worker: `ml-connector worker`, configured only by `MLC_*` variables, killed with SIGKILL and restarted.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import Client
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from activities.store import ConnectorStore
from bench.seeding import BenchBill, BenchOrg, BillFactory, Supplier, bench_company
from bench.stack import HOST, free_ports, url
from cli.demo import DemoApp, seed
from cli.dev import emulator_settings, encryption_key, fresh_store
from cli.servers import EmbeddedServer
from common.models import BillSyncResult
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from tests.fault.invariants import OrgPair, World
from tests.fault.process.commit_trap import CommitTrap
from tests.fault.process.worker_process import WorkerProcess, worker_env
from tests.temporal_env import unique_name
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from worker.converter import converter_for
from worker.dev_server import DevServerConfig, TemporalDevServer
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

GATEWAY = "http://gateway.test"
SEED_VARIABLE = "MLC_FAULT_SEED"
DEFAULT_SEED = 20261125
WAIT_SECONDS = 150.0
"""Longest wait for one condition (a trap, a bill count, every result)."""
ORPHAN_REASON = "worker process killed (the test ends the attempt in place of its 2-minute start-to-close timeout)"


def fault_seed() -> int:
    """The seed of a test's "random" fault points: `MLC_FAULT_SEED`, or a fixed default; printed to replay."""
    seed_value = int(os.environ.get(SEED_VARIABLE, DEFAULT_SEED))
    print(f"fault seed {seed_value} (replay with {SEED_VARIABLE}={seed_value})")
    return seed_value


async def eventually(check: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll `check` every 20 ms until it holds; fail naming `what` after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class ProcessStack:
    """A running stack (see the module docstring) and the moves a fault test makes on it."""

    settings: Settings
    store: ConnectorStore
    zoho: ZohoEmulator
    bill: BillEmulator
    trap: CommitTrap
    orgs: list[BenchOrg]
    factory: BillFactory
    client: Client
    gateway: httpx.AsyncClient
    worker: WorkerProcess
    server: TemporalDevServer

    def enter_bills(self, how_many: int, vendors_per_org: int) -> list[BenchBill]:
        """`how_many` bills spread over the orgs and `vendors_per_org` new vendors each (about half of those
        exist in BILL by name, the rest are created by the sync)."""
        suppliers: list[Supplier] = []
        for org in self.orgs:
            suppliers += self.factory.add_vendors(self.bill, org, vendors_per_org)
        return [self.factory.add_bill(suppliers[i % len(suppliers)]) for i in range(how_many)]

    async def deliver(self) -> list[int]:
        """POST every pending Zoho webhook to the gateway; its statuses."""
        return await self.zoho.flush_webhooks(self.gateway)

    def bills_in_bill(self) -> int:
        """BILL bills across the stack's BILL organizations (the emulator's own count)."""
        return sum(len(self.bill.bills(org.demo.bill_org_id)) for org in self.orgs)

    async def kill_at_commit(self, after: int) -> str:
        """SIGKILL the worker right after BILL commits the `after`-th create from now; that bill's invoice."""
        self.trap.arm(after)
        await asyncio.wait_for(self.trap.fired.wait(), WAIT_SECONDS)
        return self.trap.trapped[-1]

    async def recover_worker(self, bills: Sequence[BenchBill]) -> int:
        """After a kill: reap the process, end its orphaned activity attempts, start a new worker; how many
        attempts were ended.

        A killed worker's attempts would be retried after their start-to-close timeout (2 minutes for BILL
        calls); failing them by id, as that timeout would, keeps the test short. Nothing can start an attempt
        meanwhile: no worker is running.
        """
        assert await self.worker.reap() == -signal.SIGKILL
        ended = sum(await asyncio.gather(*(self._end_orphans(b) for b in bills)))
        await self.worker.start()
        return ended

    async def _end_orphans(self, entered: BenchBill) -> int:
        handle = self.client.get_workflow_handle(self.workflow_id(entered))
        try:
            description = await handle.describe()
        except RPCError:  # not started yet
            return 0
        ended = 0
        for pending in description.raw_description.pending_activities:
            if pending.state != PendingActivityState.PENDING_ACTIVITY_STATE_STARTED:
                continue
            attempt = self.client.get_async_activity_handle(
                workflow_id=description.id, run_id=description.run_id, activity_id=pending.activity_id
            )
            try:
                await attempt.fail(ApplicationError(ORPHAN_REASON, type="WorkerKilled"))
                ended += 1
            except RPCError:  # finished in between
                continue
        return ended

    async def restart_server(self, down_seconds: float) -> None:
        """Stop the Temporal dev server, keep it down for `down_seconds`, start it again on the same database."""
        await self.server.stop()
        await asyncio.sleep(down_seconds)
        await self.server.start()

    @staticmethod
    def workflow_id(entered: BenchBill) -> str:
        """The bill's keyed workflow id."""
        return bill_workflow_id(entered.org.demo.zoho_org_id, entered.zoho_bill_id)

    async def results(self, bills: Sequence[BenchBill]) -> list[BillSyncResult]:
        """Every bill's workflow result (waits for them)."""

        async def result(entered: BenchBill) -> BillSyncResult:
            handle = self.client.get_workflow_handle_for(BillSyncWorkflow.run, self.workflow_id(entered))
            return await handle.result()

        return await asyncio.wait_for(asyncio.gather(*(result(b) for b in bills)), WAIT_SECONDS)

    def world(self) -> World:
        """The invariants' view of this stack."""
        pairs = [OrgPair(o.demo.connection_id, o.demo.zoho_org_id, o.demo.bill_org_id) for o in self.orgs]
        return World(self.zoho, self.bill, self.store, self.settings, self.client, pairs)

    def audit_kinds(self, entered: BenchBill) -> list[tuple[str, object]]:
        """The bill's audit trail as (kind, outcome) pairs, oldest first."""
        record = self.store.records.get(entered.org.demo.zoho_org_id, "bill", entered.zoho_bill_id)
        assert record is not None, f"no sync record for {entered.number}"
        return [(e.kind, e.detail.get("outcome")) for e in self.store.audit.events(record.id)]


@asynccontextmanager
async def process_stack(workdir: Path, orgs: int = 2) -> AsyncIterator[ProcessStack]:
    """Start everything (see the module docstring) under `workdir`, with `orgs` connected companies."""
    temporal_port, zoho_port, bill_port = free_ports(3)
    app = DemoApp.generate()
    settings = emulator_settings(
        app=app,
        zoho_base=url(zoho_port),
        bill_base=url(bill_port),
        gateway_url=GATEWAY,
        data_dir=workdir,
        temporal_address=f"{HOST}:{temporal_port}",
        key=encryption_key(workdir),
    ).model_copy(update={"task_queue": unique_name("fault-process")})
    store = fresh_store(settings)
    zoho, bill = app.emulators()
    trap = CommitTrap(bill.app)
    server = TemporalDevServer(DevServerConfig(data_dir=workdir, host=HOST, port=temporal_port, ui=False))
    async with AsyncExitStack() as stack:
        await server.start()
        stack.push_async_callback(server.stop)
        for embedded in (
            EmbeddedServer(zoho.app, host=HOST, port=zoho_port, name="zoho-emulator"),
            EmbeddedServer(trap, host=HOST, port=bill_port, name="bill-emulator"),
        ):
            await embedded.start_in(stack)
        seeded = [BenchOrg(seed(bench_company(i), app, (zoho, bill), store, settings)) for i in range(orgs)]
        client = await Client.connect(settings.temporal_address, data_converter=converter_for(settings))
        deps = GatewayDeps(settings=settings, temporal=client, connections=store.connections, secrets=store.credentials)
        transport = httpx.ASGITransport(app=create_app(deps))
        gateway = await stack.enter_async_context(httpx.AsyncClient(mounts={GATEWAY: transport}))
        worker = WorkerProcess(worker_env(settings), workdir, workdir / "worker.log")
        trap.on_commit = lambda _invoice: worker.kill()
        await worker.start()
        stack.push_async_callback(worker.stop)
        yield ProcessStack(
            settings, store, zoho, bill, trap, seeded, BillFactory(zoho), client, gateway, worker, server
        )
