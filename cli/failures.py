"""How CLI commands fail: one clear line on stderr and a documented exit code, never a traceback.

Exit codes: 1 = nothing matched / drift found (command-specific), 2 = bad input (unknown connection or record,
bad date), 3 = a dependency is unreachable (Temporal, the connector database).
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer
from sqlalchemy.exc import SQLAlchemyError
from temporalio.client import Client
from temporalio.service import RPCError

from common.settings import Settings
from persistence.tables import Connection
from worker.codec import ENCODING, PayloadUndecryptable
from worker.main import connect_temporal

BAD_INPUT_EXIT = 2
UNREACHABLE_EXIT = 3
TEMPORAL_CONNECT_TIMEOUT_SECONDS = 5.0
MISSING_PAYLOAD_KEY_HINT = (
    "set MLC_PAYLOAD_KEYS to the worker's keys (under `ml-connector dev`: set -a; . .mlc-data/dev.env; set +a)"
)


class CliFailure(Exception):
    """A failure the user can act on: `str(self)` is the line printed, `exit_code` the process status."""

    def __init__(self, message: str, exit_code: int = BAD_INPUT_EXIT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def cli_failures() -> Iterator[None]:
    """Turn expected failures inside a command into one stderr line and a non-zero exit."""
    try:
        yield
    except CliFailure as failure:
        _fail(str(failure), failure.exit_code, failure)
    except SQLAlchemyError as exc:
        _fail(
            f"connector database unreachable or unusable ({type(exc).__name__}); check MLC_DATABASE_URL",
            UNREACHABLE_EXIT,
            exc,
        )
    except RPCError as exc:
        _fail(
            f"Temporal refused the request ({exc.status.name if exc.status else 'error'}): {exc.message}",
            UNREACHABLE_EXIT,
            exc,
        )
    except (KeyError, PayloadUndecryptable) as exc:
        if isinstance(exc, KeyError) and ENCODING.decode() not in str(exc):
            raise
        _fail(f"cannot decode Temporal's encrypted payloads: {MISSING_PAYLOAD_KEY_HINT}", BAD_INPUT_EXIT, exc)


async def temporal_client(settings: Settings, wait_seconds: float = TEMPORAL_CONNECT_TIMEOUT_SECONDS) -> Client:
    """A Temporal client, or `CliFailure` (exit 3) when the frontend does not answer within `wait_seconds`."""
    try:
        return await asyncio.wait_for(connect_temporal(settings), wait_seconds)
    except (TimeoutError, RuntimeError) as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else "connection failed"
        raise CliFailure(
            f"Temporal unreachable at {settings.temporal_address} ({reason}); check MLC_TEMPORAL_ADDRESS",
            UNREACHABLE_EXIT,
        ) from None


def parse_day(value: str, option: str) -> date:
    """A `YYYY-MM-DD` option value, or `CliFailure` (exit 2) naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliFailure(f"bad date for {option}: {value!r} (use YYYY-MM-DD)") from None


def find_connection(connections: list[Connection], key: str) -> Connection:
    """The connection whose id or name is `key`, or `CliFailure` (exit 2)."""
    matches = [c for c in connections if key in (c.id, c.name)]
    if len(matches) != 1:
        problem = "no connection" if not matches else "several connections named"
        raise CliFailure(f"{problem} {key!r} (ml-connector connections lists them)")
    return matches[0]


def _fail(message: str, code: int, cause: BaseException) -> None:
    """Print the line and exit `code`. The cause's finished frames are cleared first: the exit keeps the cause
    alive (as its context) until interpreter shutdown, and a Temporal client still referenced from those frames
    would then be dropped while Python finalizes, which can abort the process (PyGILState_Release)."""
    traceback.clear_frames(cause.__traceback__)
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
