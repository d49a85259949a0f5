"""Entry point of the `ml-connector` command."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from cli.connect import connect_app
from cli.db import db_app
from cli.failures import cli_failures
from cli.mappings import mappings_app
from cli.sync import sync_app

app = typer.Typer(
    help="Keep Zoho Books and BILL in agreement (Temporal worker, gateway, tools).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets
)


def _configure_logging() -> None:
    """Logs (``MLC_LOG_FORMAT``, secrets redacted) and OpenTelemetry (``MLC_OTEL_*``) for a long-running command."""
    from common.settings import get_settings
    from common.telemetry import setup
    from common.telemetry.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_format)
    setup(settings)


@app.command()
def version() -> None:
    """Print the installed version."""
    from importlib.metadata import version as pkg_version

    typer.echo(pkg_version("ml-connector"))


@app.command()
def worker() -> None:
    """Run the Temporal worker until SIGTERM/SIGINT (settings from MLC_* variables)."""
    from common.settings import get_settings
    from worker.main import main as worker_main

    _configure_logging()
    asyncio.run(worker_main(get_settings()))


@app.command()
def gateway() -> None:
    """Run the webhook gateway until SIGTERM/SIGINT (settings from MLC_* variables)."""
    from cli.gateway import main as gateway_main
    from common.settings import get_settings

    _configure_logging()
    asyncio.run(gateway_main(get_settings()))


@app.command("payload-key")
def payload_key() -> None:
    """Print a new random key for MLC_PAYLOAD_KEYS (prepend it to rotate; see docs/connection-workflow.md)."""
    from worker.codec import generate_payload_key

    typer.echo(generate_payload_key())


app.add_typer(connect_app, name="connect")
app.add_typer(db_app, name="db")
app.add_typer(mappings_app, name="mappings")
app.add_typer(sync_app, name="sync")


@app.command()
def connections() -> None:
    """List connections with their health (exit 2 when the connector database is unreachable)."""
    from rich.console import Console

    from cli.connections import list_connections
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(list_connections(get_settings(), Console()))


@app.command()
def disconnect(connection: Annotated[str, typer.Argument(help="Connection id or name.")]) -> None:
    """Disconnect: delete its Schedules and BILL subscriptions, end its workflow, mark it disconnected."""
    from rich.console import Console

    from cli.connections import disconnect_connection
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(disconnect_connection(get_settings(), connection, Console())))


@app.command()
def pause(connection: Annotated[str, typer.Argument(help="Connection id or name.")]) -> None:
    """Pause a connection: no token requests, its Schedules paused, until `resume`."""
    from rich.console import Console

    from cli.connections import change_connection
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(change_connection(get_settings(), connection, "pause", Console())))


@app.command()
def resume(connection: Annotated[str, typer.Argument(help="Connection id or name.")]) -> None:
    """Resume a paused connection (refreshes its token at once, unpauses its Schedules)."""
    from rich.console import Console

    from cli.connections import change_connection
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(change_connection(get_settings(), connection, "resume", Console())))


@app.command()
def status(record: Annotated[str, typer.Argument(help="Sync record id, or workflow id bill/ORG/BILL.")]) -> None:
    """Show a bill's sync record, audit trail and workflow state (exit 1 when no record matches)."""
    from rich.console import Console

    from cli.records import show_status
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(show_status(get_settings(), record, Console())))


@app.command()
def replay(record: Annotated[str, typer.Argument(help="Sync record id, or workflow id bill/ORG/BILL.")]) -> None:
    """Re-drive a bill through its keyed workflow (trigger `replay`; exactly-once guards intact)."""
    from rich.console import Console

    from cli.records import run_replay
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(run_replay(get_settings(), record, Console())))


@app.command()
def skip(
    record: Annotated[str, typer.Argument(help="Sync record id, or workflow id bill/ORG/BILL.")],
    reason: Annotated[str, typer.Option(help="Why the bill must not reach BILL (kept in the audit trail).")],
) -> None:
    """Mark a bill `skipped` (audited; its running workflow stops before its next write). `replay` undoes it."""
    from rich.console import Console

    from cli.records import run_skip
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(run_skip(get_settings(), record, reason, Console())))


@app.command()
def reconcile(
    connection: Annotated[str, typer.Argument(help="Connection id or name.")],
    entities: Annotated[str, typer.Option(help="Entities to compare (comma-separated; bills).")] = "bills",
    since: Annotated[str | None, typer.Option(help="Only bills dated on or after this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Read-only drift report between Zoho and BILL (exit 0 clean, 1 drift, 2 bad input, 3 unreachable)."""
    from rich.console import Console

    from cli.reconcile import ReconcileOptions, run_reconcile
    from common.settings import get_settings

    options = ReconcileOptions(connection=connection, entities=entities, since=since, as_json=as_json)
    with cli_failures():
        raise typer.Exit(asyncio.run(run_reconcile(get_settings(), options, Console())))


@app.command()
def backfill(
    connection: Annotated[str, typer.Argument(help="Connection id or name.")],
    since: Annotated[str, typer.Option(help="Records modified on or after this day (YYYY-MM-DD, UTC).")],
    entities: Annotated[str, typer.Option(help="Comma-separated: accounts, vendors, bills, expenses.")] = "bills",
    dry_run: Annotated[bool, typer.Option(help="Count what would be created or updated; write nothing.")] = False,
    wait: Annotated[bool, typer.Option(help="Follow the progress to the end (--no-wait: start and exit).")] = True,
) -> None:
    """Start (or attach to) a backfill, with a progress bar (exit 0 done, 1 failed/cancelled, 2 bad input, 3 down)."""
    from rich.console import Console

    from cli.backfill import BackfillOptions, run_backfill
    from common.settings import get_settings

    options = BackfillOptions(connection=connection, since=since, entities=entities, dry_run=dry_run, wait=wait)
    with cli_failures():
        raise typer.Exit(asyncio.run(run_backfill(get_settings(), options, Console())))


@app.command()
def schedules() -> None:
    """Register Search Attributes and ensure every connection's polling-sweep Schedule (idempotent)."""
    from rich.console import Console

    from cli.schedules import run_schedules
    from common.settings import get_settings

    with cli_failures():
        raise typer.Exit(asyncio.run(run_schedules(get_settings(), Console())))


@app.command()
def dev(
    data_dir: Annotated[Path, typer.Option(help="State directory (Temporal SQLite, connector DB, key).")] = Path(
        ".mlc-data"
    ),
    temporal_port: Annotated[int, typer.Option(help="Temporal frontend port.")] = 7233,
    temporal_ui_port: Annotated[int, typer.Option(help="Temporal Web UI port.")] = 8233,
    gateway_port: Annotated[int, typer.Option(help="Webhook gateway port.")] = 8080,
    zoho_port: Annotated[int, typer.Option(help="Zoho emulator port.")] = 8091,
    bill_port: Annotated[int, typer.Option(help="BILL emulator port.")] = 8092,
    exit_after_demo: Annotated[bool, typer.Option(help="Stop once the demo bills reached BILL.")] = False,
) -> None:
    """Run everything locally against the emulators and push a demo bill from two Zoho orgs through to BILL."""
    from cli.dev import DevOptions, run_dev

    _configure_logging()
    options = DevOptions(
        data_dir=data_dir,
        temporal_port=temporal_port,
        temporal_ui_port=temporal_ui_port,
        gateway_port=gateway_port,
        zoho_port=zoho_port,
        bill_port=bill_port,
        exit_after_demo=exit_after_demo,
    )
    asyncio.run(run_dev(options, typer.echo))


def main() -> None:
    """Console-script entry point."""
    app()
