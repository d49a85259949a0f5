"""CLI hardening: unknown connection or record, bad dates and options, an unreachable Temporal or database
give one clear line and a non-zero exit, never a traceback; `connections` shows budget use and health."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.failures import CliFailure, temporal_client
from cli.main import app
from common.settings import Settings, get_settings
from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine
from persistence.repositories import ConnectionRepo, SyncRecordRepo
from tests.persistence.builders import add_connection

REFUSED = "127.0.0.1:1"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """MLC_* settings for a fresh SQLite store with one connection, and a Temporal address nobody listens on."""
    key = CredentialCipher.generate_key()
    monkeypatch.setenv("MLC_DATABASE_URL", f"sqlite:///{tmp_path / 'connector.db'}")
    monkeypatch.setenv("MLC_ENCRYPTION_KEY", key)
    monkeypatch.setenv("MLC_TEMPORAL_ADDRESS", REFUSED)
    get_settings.cache_clear()
    settings = get_settings()
    engine = make_engine(settings.effective_database_url())
    create_schema(engine)
    add_connection(engine, zoho_org_id="81001")
    engine.dispose()
    yield settings
    get_settings.cache_clear()


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _one_line(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), "no traceback"
    return lines[0]


@pytest.mark.parametrize("command", [["status", "bill/81001/1"], ["replay", "bill/81001/1"], ["schedules"]])
def test_an_unreachable_temporal_is_one_line_and_exit_3(env: Settings, command: list[str]) -> None:
    result = _run(*command)

    assert result.exit_code == 3
    assert _one_line(result) == (
        f"error: Temporal unreachable at {REFUSED} (connection failed); check MLC_TEMPORAL_ADDRESS"
    )


async def test_a_silent_temporal_times_out_instead_of_hanging(env: Settings) -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # accept the TCP connection, never answer

    silent = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    try:
        with pytest.raises(CliFailure, match="timed out") as failure:
            await temporal_client(env.model_copy(update={"temporal_address": f"127.0.0.1:{port}"}), 0.5)
    finally:
        for writer in accepted:
            writer.close()
        silent.close()
        await silent.wait_closed()
    assert failure.value.exit_code == 3


def test_skip_of_an_unknown_record_is_exit_1(env: Settings) -> None:
    result = _run("skip", "bill/81001/404", "--reason", "duplicate")

    assert result.exit_code == 1
    assert _one_line(result) == "error: no bill sync record 'bill/81001/404'"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "error: no connection 'nope' (ml-connector connections lists them)"),
        (["Org 81001", "--since", "2025-13-01"], "error: bad date for --since: '2025-13-01' (use YYYY-MM-DD)"),
        (
            ["Org 81001", "--entities", "vendors"],
            "error: --entities 'vendors' is not supported (reconcile compares: bills)",
        ),
    ],
)
def test_reconcile_bad_input_is_exit_2(env: Settings, args: list[str], message: str) -> None:
    result = _run("reconcile", *args)

    assert result.exit_code == 2
    assert _one_line(result) == message


def test_an_unreachable_database_is_one_line_and_exit_3(env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLC_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()

    result = _run("reconcile", "Org 81001")

    assert result.exit_code == 3
    assert _one_line(result).startswith("error: connector database unreachable or unusable (OperationalError)")


def test_skip_with_temporal_unreachable_still_skips_and_says_so(env: Settings) -> None:
    engine = make_engine(env.effective_database_url())
    connection = ConnectionRepo(engine).list()[0]
    records = SyncRecordRepo(engine)
    record = records.ensure(connection.id, "81001", "bill", "7", workflow_id=None, run_id=None)

    result = _run("skip", record.id, "--reason", "paid by card")

    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert lines[0] == f"skipped {record.id} (bill/81001/7): paid by card"
    assert lines[1] == (
        f"error: Temporal unreachable at {REFUSED} (connection failed); check MLC_TEMPORAL_ADDRESS; "
        "a running workflow was not told"
    )
    skipped = records.get_by_id(record.id)
    engine.dispose()
    assert skipped is not None
    assert (skipped.status, skipped.last_error) == ("skipped", "skipped by operator: paid by card")
