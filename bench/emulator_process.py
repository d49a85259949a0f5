"""Both emulators (and the sender of Zoho's webhooks) in a child process, so the process running the worker
and the gateway pays only the connector's CPU.

The child serves the Zoho and BILL emulators with uvicorn on the given ports and answers calls sent over a
pipe: a public method of either emulator (`RemoteEmulator` forwards them, so seeding and bill entry read as
in-process code), or one of the bench's own operations (`calls`, `deliver`, `tally`). One call at a time;
the parent waits for an answer in a thread when the child may call back into its event loop (webhooks).
"""

from __future__ import annotations

import asyncio
import inspect
import multiprocessing
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import httpx

from bench.calls import CallCount, RequestTally, count_calls
from cli.demo import DemoApp
from cli.servers import EmbeddedServer

HOST = "127.0.0.1"
WEBHOOK_TIMEOUT_SECONDS = 10.0
STOP_SECONDS = 10.0
TARGETS = frozenset({"zoho", "bill", "bench"})


class EmulatorCallFailed(RuntimeError):
    """A call into the emulator process raised there (the message is its repr)."""


@dataclass(frozen=True)
class EmulatorPorts:
    """Where the child serves each emulator."""

    zoho: int
    bill: int


class EmulatorProcess:
    """The parent's end: synchronous calls (`call`) and calls awaited off the event loop (`acall`)."""

    def __init__(self, pipe: Connection, pid: int) -> None:
        self._pipe = pipe
        self._lock = threading.Lock()
        self.pid = pid
        """The child's process id (so CPU accounting can leave it out)."""

    def call(self, target: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run `target.method(*args, **kwargs)` in the child and return its (pickled) result."""
        with self._lock:
            self._pipe.send((target, method, args, kwargs))
            ok, result = self._pipe.recv()
        if not ok:
            raise EmulatorCallFailed(f"{target}.{method}: {result}")
        return result

    async def acall(self, target: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """`call` from a worker thread, so this process's event loop keeps serving (the gateway, the worker)."""
        return await asyncio.to_thread(self.call, target, method, *args, **kwargs)

    def calls(self) -> CallCount:
        """What both emulators have served so far."""
        result: CallCount = self.call("bench", "calls")
        return result

    async def deliver(self) -> list[int]:
        """Deliver every pending Zoho webhook from the child; the gateway's statuses in order."""
        result: list[int] = await self.acall("bench", "deliver")
        return result

    def tally(self) -> Counter[str]:
        """Requests the Zoho emulator received so far, by endpoint."""
        result: Counter[str] = self.call("bench", "tally")
        return result


class RemoteEmulator:
    """Stands for one emulator of the child: `remote.add_bill(...)` runs `zoho.add_bill(...)` there."""

    def __init__(self, process: EmulatorProcess, target: str) -> None:
        self._process = process
        self._target = target

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def forward(*args: Any, **kwargs: Any) -> Any:
            return self._process.call(self._target, name, *args, **kwargs)

        return forward


@dataclass(frozen=True)
class RemoteTally:
    """The Zoho endpoint tally kept in the child, read like `RequestTally.seen`."""

    process: EmulatorProcess

    @property
    def seen(self) -> Counter[str]:
        """Requests so far, by endpoint."""
        return self.process.tally()


@asynccontextmanager
async def emulator_process(app: DemoApp, ports: EmulatorPorts) -> AsyncIterator[EmulatorProcess]:
    """Start the child (emulators listening once this yields); stop it on exit."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    child = context.Process(target=serve, args=(app, ports, child_end), name="bench-emulators", daemon=True)
    child.start()
    child_end.close()
    try:
        ready = await asyncio.to_thread(parent_end.recv)
        if ready != "ready":
            raise EmulatorCallFailed(f"the emulator process did not start: {ready}")
        assert child.pid is not None
        yield EmulatorProcess(parent_end, child.pid)
    finally:
        if child.is_alive():
            parent_end.send(None)
            await asyncio.to_thread(child.join, STOP_SECONDS)
        if child.is_alive():
            child.terminate()
            child.join()
        parent_end.close()


def serve(app: DemoApp, ports: EmulatorPorts, pipe: Connection) -> None:
    """The child's entry point."""
    asyncio.run(_serve(app, ports, pipe))


async def _serve(app: DemoApp, ports: EmulatorPorts, pipe: Connection) -> None:
    zoho, bill = app.emulators()
    tally = RequestTally(zoho.app)
    async with AsyncExitStack() as stack:
        try:
            for server in (
                EmbeddedServer(tally, host=HOST, port=ports.zoho, name="zoho-emulator"),
                EmbeddedServer(bill.app, host=HOST, port=ports.bill, name="bill-emulator"),
            ):
                await server.start_in(stack)
        except Exception as failed:  # the parent is waiting for a word either way
            pipe.send(repr(failed))
            raise
        webhooks = await stack.enter_async_context(httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS))
        bench: dict[str, Callable[[], Any]] = {
            "calls": lambda: count_calls(zoho, bill),
            "deliver": lambda: zoho.flush_webhooks(webhooks),
            "tally": lambda: Counter(tally.seen),
        }
        objects: dict[str, Any] = {"zoho": zoho, "bill": bill}
        pipe.send("ready")
        while (message := await asyncio.to_thread(pipe.recv)) is not None:
            target, method, args, kwargs = message
            try:
                if target not in TARGETS or method.startswith("_"):
                    raise AttributeError(f"{target}.{method} may not be called")
                action = bench[method] if target == "bench" else getattr(objects[target], method)
                result = action(*args, **kwargs)
                if inspect.isawaitable(result):
                    result = await result
            except Exception as failed:  # reported to the caller, who raises it
                pipe.send((False, repr(failed)))
            else:
                pipe.send((True, result))
