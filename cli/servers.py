"""uvicorn servers embedded in a process that owns signal handling (gateway command, `ml-connector dev`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Generator
from contextlib import AsyncExitStack

import uvicorn
from starlette.types import ASGIApp


class ServerFailedToStart(RuntimeError):
    """uvicorn exited during startup (port in use, bad app)."""


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server started and stopped by its owner; it leaves signal handlers alone."""

    def __init__(self, app: ASGIApp, *, host: str, port: int, name: str) -> None:
        # log_config=None: uvicorn's loggers propagate to the process's handlers (JSON format, redaction)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off", log_config=None)
        super().__init__(config)
        self.name = name
        self.url = f"http://{host}:{port}"
        self._task: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """No-op: the owning process decides when to stop."""
        yield

    async def start(self) -> None:
        """Serve in the background; return once the socket listens."""
        self._task = asyncio.create_task(self.serve(), name=f"uvicorn-{self.name}")
        while not self.started:
            if self._task.done():
                raise ServerFailedToStart(f"{self.name} could not start on {self.url}")
            await asyncio.sleep(0.05)

    async def start_in(self, stack: AsyncExitStack) -> None:
        """Serve in the background and stop when `stack` closes."""
        await self.start()
        stack.push_async_callback(self.stop)

    async def stop(self) -> None:
        """Finish in-flight requests and close the socket."""
        if self._task is None:
            return
        self.should_exit = True
        await self._task
        self._task = None
