"""`ml-connector connect zoho|org|bill`: connect accounts from a terminal (headless set-ups, no browser on the host).

`connect zoho` prints Zoho's consent URL; paste back the address Zoho redirected to (its `state` is checked like
the gateway's callback) or a self-client grant code. Secrets are only ever read from hidden prompts, never from
command-line arguments (shell history) and never echoed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import httpx
import typer
from pydantic import SecretStr
from rich.console import Console
from rich.table import Table
from temporalio.client import Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError

from activities.rate_budget import RateBudget
from activities.store import ConnectorStore
from clients.http import build_async_client
from clients.zoho import ZohoOrganization
from common.errors import SyncError
from common.regions import ZohoDataCenter
from common.settings import Settings, get_settings
from connections.bill_onboarding import BillLogin, connect_bill
from connections.errors import OnboardingRefused
from connections.zoho_onboarding import AuthorizedGrant, ZohoOnboarding
from persistence.db import make_engine
from persistence.vocabulary import ConnectionStatus
from worker.main import connect_temporal
from workflows.connection_start import complete_reauth, start_connection_workflow

Ask = Callable[[str], Awaitable[str]]

connect_app = typer.Typer(help="Connect Zoho Books and BILL accounts.", no_args_is_help=True)


@dataclass(frozen=True)
class Wiring:
    """What the connect commands use: settings, store, onboarding and the HTTP client behind them."""

    settings: Settings
    store: ConnectorStore
    http: httpx.AsyncClient
    budget: RateBudget
    onboarding: ZohoOnboarding


@asynccontextmanager
async def wiring(settings: Settings) -> AsyncIterator[Wiring]:
    """The real wiring (configured database and hosts)."""
    store = ConnectorStore.from_settings(settings)
    engine = make_engine(settings.effective_database_url())
    try:
        async with build_async_client(timeout=settings.http_timeout_seconds) as http:
            onboarding = ZohoOnboarding(settings=settings, store=store, engine=engine, http=http)
            yield Wiring(settings, store, http, RateBudget.open(engine), onboarding)
    finally:
        engine.dispose()


async def authorize_zoho(
    onboarding: ZohoOnboarding,
    *,
    label: str | None,
    connection_id: str | None,
    dc: ZohoDataCenter,
    ask_secret: Ask,
    say: Callable[[str], None],
) -> AuthorizedGrant:
    """Print the consent URL, read the redirect (or a self-client code) and store the grant's refresh token."""
    intent = onboarding.intent(label=label, connection_id=connection_id, dc=dc)
    say(f"Open this URL, consent, then paste the address Zoho redirected you to:\n{onboarding.start(intent)}")
    answer = (await ask_secret("Redirected URL, or a self-client grant code")).strip()
    if answer.startswith(("https://", "http://")):
        query = {key: values[0] for key, values in parse_qs(urlsplit(answer).query).items()}
        if "error" in query or not {"code", "state", "accounts-server"} <= query.keys():
            raise OnboardingRefused("the pasted address has no code, state and accounts-server")
        return await onboarding.complete(
            state=query["state"],
            code=SecretStr(query["code"]),
            accounts_server=query["accounts-server"],
            location=query.get("location"),
        )
    server = onboarding.region(intent).accounts_url
    return await onboarding.redeem(intent, code=SecretStr(answer), accounts_server=server, location=None)


def organizations_table(grant_id: str, organizations: list[ZohoOrganization]) -> Table:
    """The organizations a grant can connect."""
    table = Table("Zoho organization id", "Name", "Currency", title=f"Organizations of grant {grant_id}")
    for org in organizations:
        table.add_row(org.organization_id, org.name, org.currency_code)
    return table


def _run(work: Coroutine[Any, Any, int]) -> None:
    """Run a command body; refusals and vendor errors become a message and exit code 1."""
    console = Console(stderr=True)
    try:
        code = asyncio.run(work)
    except (OnboardingRefused, SyncError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    raise typer.Exit(code)


async def _hidden(prompt: str) -> str:
    return str(typer.prompt(prompt, hide_input=True))


@connect_app.command("zoho")
def zoho_command(
    label: Annotated[str | None, typer.Option(help="Name of a new grant (e.g. the Zoho user's email).")] = None,
    connection: Annotated[str | None, typer.Option(help="Re-authorize this connection's grant.")] = None,
    dc: Annotated[ZohoDataCenter, typer.Option(help="Data centre to start at (China must use cn).")] = (
        ZohoDataCenter.US
    ),
) -> None:
    """Authorize a Zoho user (new grant or re-authorization) and list the organizations it can connect."""

    async def work() -> int:
        console = Console()
        async with wiring(get_settings()) as w:
            grant = await authorize_zoho(
                w.onboarding, label=label, connection_id=connection, dc=dc, ask_secret=_hidden, say=console.print
            )
            console.print(f"grant {grant.grant_id} stored ({grant.dc}); resumed: {list(grant.resumed_connection_ids)}")
            await resume_workflows(w.settings, list(grant.resumed_connection_ids), console)
            console.print(organizations_table(grant.grant_id, await w.onboarding.organizations(grant.grant_id)))
            console.print("connect one with: ml-connector connect org GRANT_ID ZOHO_ORG_ID BILL_ORG_ID")
        return 0

    _run(work())


@connect_app.command("org")
def org_command(
    grant_id: str,
    zoho_org_id: str,
    bill_org_id: str,
    name: Annotated[str | None, typer.Option(help="Connection name (default: the Zoho organization's).")] = None,
) -> None:
    """Connect one of a grant's Zoho organizations to a BILL organization (connected first with `connect bill`)."""

    async def work() -> int:
        console = Console()
        async with wiring(get_settings()) as w:
            made = await w.onboarding.connect(grant_id, zoho_org_id, bill_org_id, name)
            console.print(f"connection {made.connection.id} created")
            console.print(f"Zoho webhook URL: {w.onboarding.public_url}/webhooks/zoho/{made.connection.id}")
            console.print(f"Zoho webhook secret (shown once): {made.webhook_secret.get_secret_value()}")
            await start_workflow(w.settings, made.connection.id, console)
        return 0

    _run(work())


async def start_workflow(settings: Settings, connection_id: str, console: Console) -> None:
    """Start the connection's workflow (idempotent); says so, or why not, without failing the command."""
    try:
        client = await connect_temporal(settings)
        handle = await start_connection_workflow(client, connection_id, task_queue=settings.task_queue)
    except (RuntimeError, RPCError) as exc:  # RuntimeError: the client could not connect
        console.print(
            f"[yellow]workflow not started ({type(exc).__name__}); later run: "
            f"ml-connector connect start {connection_id}[/yellow]"
        )
        return
    console.print(f"workflow {handle.id} running")


REAUTH_NOTIFY_TIMEOUT = timedelta(seconds=10)


async def resume_workflows(
    settings: Settings, connection_ids: list[str], console: Console, client: Client | None = None
) -> list[str]:
    """Send `reauth_complete` to each connection's workflow (new credentials are stored); the ids resumed.

    A workflow that does not run, refuses (e.g. paused) or does not answer is reported, not fatal: the
    credentials are stored either way, and `ml-connector resume` or `connect start` can follow.
    """
    if not connection_ids:
        return []
    try:
        client = client or await connect_temporal(settings)
    except (RuntimeError, RPCError) as exc:
        console.print(f"[yellow]workflows not told about the new credentials ({type(exc).__name__})[/yellow]")
        return []
    resumed = []
    for connection_id in connection_ids:
        try:
            view = await complete_reauth(client, connection_id, rpc_timeout=REAUTH_NOTIFY_TIMEOUT)
        except (RPCError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError) as exc:
            console.print(f"[yellow]connection {connection_id}: workflow not resumed ({type(exc).__name__})[/yellow]")
            continue
        resumed.append(connection_id)
        console.print(f"connection {connection_id}: workflow {view.status}")
    return resumed


@connect_app.command("start")
def start_command(connection_id: str) -> None:
    """Start a connection's workflow (idempotent: attaches to a running one)."""

    async def work() -> int:
        await start_workflow(get_settings(), connection_id, Console())
        return 0

    _run(work())


@connect_app.command("bill")
def bill_command(
    org_id: Annotated[str, typer.Option(help="BILL organization id (starts with 008).")],
    username: Annotated[str, typer.Option(help="BILL user the connector logs in as.")],
) -> None:
    """Store a BILL organization's credentials after proving them with a login (prompts for the secrets)."""
    password = SecretStr(typer.prompt("Password", hide_input=True))
    dev_key = SecretStr(typer.prompt("devKey", hide_input=True))
    spend = typer.prompt("Spend & Expense apiToken (empty: S&E not active)", default="", hide_input=True)
    login = BillLogin(org_id, username, password, dev_key, SecretStr(spend) if spend else None)

    async def work() -> int:
        async with wiring(get_settings()) as w:
            info = await connect_bill(login, settings=w.settings, store=w.store, http=w.http, budget=w.budget)
            console = Console()
            console.print(f"BILL organization {info.organization_id} connected (user {info.user_id})")
            waiting = [
                c.id
                for c in w.store.connections.list()
                if c.bill_org_id == info.organization_id and c.status == ConnectionStatus.NEEDS_REAUTH
            ]
            await resume_workflows(w.settings, waiting, console)
        return 0

    _run(work())
