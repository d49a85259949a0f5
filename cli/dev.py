"""`ml-connector dev`: the whole connector on one machine, against the emulators, with a demo bill.

One process runs the Temporal dev server (child process, SQLite under the data dir, Web UI on), both
emulators (uvicorn on loopback), the worker and the gateway. Settings point every outbound URL at the
emulators; everything else is the production code path: connections and encrypted credentials in the store,
each connection's workflow (token refresh, BILL webhook subscription, Schedules), a signed Zoho webhook to the
gateway, the keyed workflow, the real API clients, and the BILL emulator's notifications delivered back to the
gateway. Temporal payloads are encrypted (`MLC_PAYLOAD_KEYS`) and the gateway serves the codec server.

The emulators keep their data in memory, so the connector database (`<data_dir>/connector.db`) is recreated
on every start to stay consistent with them; the keys (`<data_dir>/encryption.key`, `payload.key`,
`codec.token`, created on first run, mode 600) and Temporal's history (`<data_dir>/temporal.db`) persist.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import SecretStr
from temporalio.client import Client

from activities.store import ConnectorStore
from cli.demo import DEMO_COMPANIES, DemoApp, DemoConnection, add_demo_bill, seed
from cli.dev_env import write_dev_env
from cli.gateway import gateway_server
from cli.servers import EmbeddedServer
from clients.http import build_async_client
from common.regions import ZohoDataCenter
from common.settings import Settings, ZohoHosts
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from persistence.crypto import CredentialCipher
from worker.codec import generate_payload_key
from worker.dev_server import DevServerConfig, TemporalDevServer
from worker.main import connect_temporal, stop_on_signals
from worker.registry import ActivityDeps, build_worker
from worker.schedules import SCHEDULE_KINDS
from workflows.bill_sync import BillSyncWorkflow
from workflows.connection import ConnectionWorkflow, connection_workflow_id
from workflows.connection_start import start_connection_workflow
from workflows.ids import bill_workflow_id

DEMO_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class DevOptions:
    """Flags of `ml-connector dev`."""

    data_dir: Path
    temporal_port: int = 7233
    temporal_ui_port: int = 8233
    gateway_port: int = 8080
    zoho_port: int = 8091
    bill_port: int = 8092
    exit_after_demo: bool = False
    host: str = "127.0.0.1"

    def url(self, port: int) -> str:
        """`http://host:port`."""
        return f"http://{self.host}:{port}"


class DemoFailed(RuntimeError):
    """The demo bill did not reach the BILL emulator."""


def encryption_key(data_dir: Path) -> SecretStr:
    """The dev credential key from `<data_dir>/encryption.key`, generated (mode 600) on first run."""
    return _dev_secret(data_dir / "encryption.key", CredentialCipher.generate_key)


def _dev_secret(path: Path, generate: Callable[[], str]) -> SecretStr:
    """A dev secret kept in `path`, generated (mode 600) on first run."""
    if not path.exists():
        path.write_text(generate())
        path.chmod(0o600)
    return SecretStr(path.read_text().strip())


def emulator_settings(
    *,
    app: DemoApp,
    zoho_base: str,
    bill_base: str,
    gateway_url: str,
    data_dir: Path,
    temporal_address: str,
    key: SecretStr,
) -> Settings:
    """Settings whose every outbound URL points at the emulators (SQLite store in `data_dir`)."""
    return Settings(
        data_dir=data_dir,
        database_url=None,
        temporal_address=temporal_address,
        gateway_public_url=gateway_url,
        encryption_key=key,
        zoho_client_id=app.zoho_client_id,
        zoho_client_secret=app.zoho_client_secret,
        zoho_hosts={
            dc: ZohoHosts(
                accounts_url=ZohoEmulator.accounts_url(zoho_base, dc.value),
                api_domain=ZohoEmulator.api_domain(zoho_base, dc.value),
            )
            for dc in ZohoDataCenter
        },
        bill_api_base=BillEmulator.api_base(bill_base),
        bill_events_base=BillEmulator.events_base(bill_base),
        bill_spend_base=BillEmulator.api_base(bill_base),
    )


def dev_settings(options: DevOptions, app: DemoApp, key: SecretStr) -> Settings:
    """The dev command's settings: emulators, gateway and Temporal on the chosen loopback ports."""
    settings = emulator_settings(
        app=app,
        zoho_base=options.url(options.zoho_port),
        bill_base=options.url(options.bill_port),
        gateway_url=options.url(options.gateway_port),
        data_dir=options.data_dir,
        temporal_address=f"{options.host}:{options.temporal_port}",
        key=key,
    )
    return settings.model_copy(
        update={
            "gateway_host": options.host,
            "gateway_port": options.gateway_port,
            "payload_keys": _dev_secret(options.data_dir / "payload.key", generate_payload_key),
            "codec_server_token": _dev_secret(options.data_dir / "codec.token", lambda: secrets.token_urlsafe(24)),
            "codec_cors_origin": options.url(options.temporal_ui_port),
        }
    )


def fresh_store(settings: Settings) -> ConnectorStore:
    """The connector store, emptied (see the module docstring)."""
    database = settings.data_dir / "connector.db"
    for path in (database, database.with_name("connector.db-wal"), database.with_name("connector.db-shm")):
        path.unlink(missing_ok=True)
    return ConnectorStore.from_settings(settings)


async def run_dev(options: DevOptions, say: Callable[[str], None]) -> None:
    """Start everything, run the demo, then wait for Ctrl-C (or stop, with `exit_after_demo`)."""
    options.data_dir.mkdir(parents=True, exist_ok=True)
    app = DemoApp.generate()
    settings = dev_settings(options, app, encryption_key(options.data_dir))
    store = fresh_store(settings)
    stop = stop_on_signals()
    zoho, bill = app.emulators()
    temporal_config = DevServerConfig(
        data_dir=options.data_dir, host=options.host, port=options.temporal_port, ui_port=options.temporal_ui_port
    )
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(TemporalDevServer(temporal_config))
        for server in (
            EmbeddedServer(zoho.app, host=options.host, port=options.zoho_port, name="zoho-emulator"),
            EmbeddedServer(bill.app, host=options.host, port=options.bill_port, name="bill-emulator"),
        ):
            await server.start_in(stack)
        demos = [seed(company, app, (zoho, bill), store, settings) for company in DEMO_COMPANIES]

        client, gateway = await start_connector(stack, settings, store)

        say(f"Temporal UI     {temporal_config.ui_url}")
        say(f"Temporal        {temporal_config.address} (namespace {settings.temporal_namespace})")
        say(f"Gateway         {gateway.url}")
        say(f"Zoho emulator   {options.url(options.zoho_port)}")
        say(f"BILL emulator   {options.url(options.bill_port)}")
        say(f"Codec server    {gateway.url}/codec (bearer token in {options.data_dir / 'codec.token'})")
        env_file = write_dev_env(settings, f"{gateway.url}/codec")
        say(f"Other shells    set -a; . {env_file}; set +a   (settings for ml-connector and temporal commands)")
        await asyncio.wait_for(start_connections(client, demos, settings.task_queue, say), DEMO_TIMEOUT_SECONDS)
        demo = run_demo(client, (zoho, bill), demos, temporal_config.ui_url, say)
        await asyncio.wait_for(demo, DEMO_TIMEOUT_SECONDS)
        if not options.exit_after_demo:
            say("Running; press Ctrl-C to stop.")
            await stop.wait()


async def forget_previous_connections(client: Client, keep: set[str]) -> tuple[int, int]:
    """End the connection workflows and delete the Schedules of connections a previous `dev` run created (the
    store is recreated on every start, Temporal's state is not); returns (workflows ended, Schedules deleted)."""
    running = 'WorkflowType = "ConnectionWorkflow" AND ExecutionStatus = "Running"'
    ended = 0
    async for execution in client.list_workflows(running):
        if execution.id.removeprefix(connection_workflow_id("")) not in keep:
            await client.get_workflow_handle(execution.id).terminate("connection of a previous dev run")
            ended += 1
    deleted = 0
    async for listed in await client.list_schedules():
        kind, _, connection_id = listed.id.partition("/")
        if kind in {k.name for k in SCHEDULE_KINDS} and connection_id not in keep:
            await client.get_schedule_handle(listed.id).delete()
            deleted += 1
    return ended, deleted


async def start_connections(
    client: Client, demos: list[DemoConnection], task_queue: str, say: Callable[[str], None]
) -> None:
    """Start each connection's workflow and wait until it holds a token and its BILL webhook subscription."""
    ended, deleted = await forget_previous_connections(client, {demo.connection_id for demo in demos})
    if ended or deleted:
        say(f"Previous run    {ended} connection workflows ended, {deleted} Schedules deleted")
    for demo in demos:
        handle = await start_connection_workflow(client, demo.connection_id, task_queue=task_queue)
        while not (view := await handle.query(ConnectionWorkflow.status)).subscribed:
            if view.status != "active":
                raise DemoFailed(f"{demo.company.name}: connection is {view.status}: {view.reason}")
            await asyncio.sleep(0.2)
        say(f"Connection      {demo.company.name}: workflow {handle.id} active, BILL webhooks subscribed")


async def run_demo(
    client: Client,
    emulators: tuple[ZohoEmulator, BillEmulator],
    demos: list[DemoConnection],
    ui_url: str | None,
    say: Callable[[str], None],
) -> None:
    """Enter one bill per company in Zoho, deliver the webhooks, await each workflow, print the BILL bills."""
    zoho, bill = emulators
    zoho_bill_ids = [add_demo_bill(zoho, demo) for demo in demos]
    async with httpx.AsyncClient(timeout=10.0) as delivery:
        statuses = await zoho.flush_webhooks(delivery)
    if sorted(statuses) != [202] * len(demos):
        raise DemoFailed(f"the gateway answered the Zoho webhooks with {statuses}")
    for demo, zoho_bill_id in zip(demos, zoho_bill_ids, strict=True):
        workflow_id = bill_workflow_id(demo.zoho_org_id, zoho_bill_id)
        result = await client.get_workflow_handle_for(BillSyncWorkflow.run, workflow_id).result()
        if result.status != "synced" or result.bill_bill_id is None:
            raise DemoFailed(f"{demo.company.name}: workflow {workflow_id} ended {result.status}: {result.reason}")
        summary = bill_summary(bill, demo, result.bill_bill_id)
        say(
            f"{demo.company.name} (Zoho {demo.company.dc.value.upper()} org {demo.zoho_org_id}) -> "
            f"BILL org {demo.bill_org_id}: bill {result.bill_bill_id}, invoice {demo.company.bill_number}, "
            f"vendor {summary['vendor_name']}, amount {summary['bill']['amount']}, "
            f"accounts {', '.join(str(a) for a in summary['line_accounts'])}"
        )
        if ui_url is not None:
            say(f"  workflow: {ui_url}/namespaces/{client.namespace}/workflows/{quote(workflow_id, safe='')}")
        say("DEMO-RESULT " + json.dumps(summary, sort_keys=True, default=str))
    async with httpx.AsyncClient(timeout=10.0) as delivery:
        notified = await bill.flush_webhooks(delivery)
    if not notified or any(status != 200 for status in notified):
        raise DemoFailed(f"the gateway answered the BILL notifications with {notified}")
    say(f"BILL-WEBHOOKS {len(notified)} notifications delivered to the gateway, all 200")


def bill_summary(bill: BillEmulator, demo: DemoConnection, bill_bill_id: str) -> dict[str, Any]:
    """What the BILL emulator holds for the company's demo invoice, with vendor and account names resolved."""
    invoice_number = demo.company.bill_number
    same_invoice = [b for b in bill.bills(demo.bill_org_id) if b["invoice"]["invoiceNumber"] == invoice_number]
    created = next((b for b in same_invoice if b["id"] == bill_bill_id), None)
    if created is None:
        raise DemoFailed(f"{demo.company.name}: BILL bill {bill_bill_id} is not in the BILL emulator")
    vendors = {v["id"]: v["name"] for v in bill.vendors(demo.bill_org_id)}
    accounts = {a["id"]: a["name"] for a in bill.accounts(demo.bill_org_id)}
    return {
        "company": demo.company.name,
        "zoho_dc": demo.company.dc.value,
        "zoho_org_id": demo.zoho_org_id,
        "bill_org_id": demo.bill_org_id,
        "bills_with_this_invoice": len(same_invoice),
        "vendor_name": vendors.get(created["vendorId"]),
        "line_accounts": [
            accounts.get(line["classifications"]["chartOfAccountId"]) for line in created["billLineItems"]
        ],
        "bill": created,
    }


async def start_connector(
    stack: AsyncExitStack, settings: Settings, store: ConnectorStore
) -> tuple[Client, EmbeddedServer]:
    """The worker and the gateway in this process, stopped when `stack` closes; returns the Temporal client."""
    client = await connect_temporal(settings)
    http = await stack.enter_async_context(build_async_client(timeout=settings.http_timeout_seconds))
    await stack.enter_async_context(build_worker(client, ActivityDeps(settings=settings, store=store, http=http)))
    gateway = gateway_server(settings, client, store)
    await gateway.start_in(stack)
    return client, gateway
