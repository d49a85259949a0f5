"""memory: resident memory of an idle `ml-connector worker` process with N connections configured.

The worker runs as deployed — a subprocess started with `ml-connector worker`, configured only by MLC_*
variables — against a Temporal dev server and a SQLite store seeded with N demo connections (encrypted
credentials and all). Once it polls its task queue and has settled, VmRSS is sampled from /proc.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from bench.report import BenchReport, Figure
from bench.seeding import bench_company
from bench.stack import HOST, free_ports, stack_settings
from cli.demo import DemoApp, seed
from cli.dev import fresh_store
from common.settings import Settings
from worker.dev_server import DevServerConfig, TemporalDevServer

DEFAULT_SIZE = 50
"""Connections configured in a default run (`python -m bench`)."""
ML_CONNECTOR = Path(sys.executable).parent / "ml-connector"
TASK_QUEUE = "bench-memory"
POLLING_TIMEOUT_SECONDS = 60.0
SETTLE_SECONDS = 3.0
SAMPLES, SAMPLE_EVERY_SECONDS = 10, 0.5
GOAL_MB = 200.0


class WorkerNotPolling(RuntimeError):
    """The worker process exited or never polled its task queue."""


def seed_connections(workdir: Path, connections: int, temporal_port: int) -> Settings:
    """A store in `workdir` holding `connections` connections; the settings that reach it and Temporal."""
    app = DemoApp.generate()
    zoho_port, bill_port, gateway_port = free_ports(3)  # unused: the emulators only seed, nothing is served
    settings = stack_settings(workdir, app, (temporal_port, zoho_port, bill_port, gateway_port), TASK_QUEUE)
    store, emulators = fresh_store(settings), app.emulators()
    for i in range(connections):
        seed(bench_company(i), app, emulators, store, settings)
    return settings


def worker_env(settings: Settings) -> dict[str, str]:
    """The process environment: inherited variables minus any MLC_*, plus the worker's MLC_* settings."""
    assert settings.encryption_key is not None
    return {key: value for key, value in os.environ.items() if not key.startswith("MLC_")} | {
        "MLC_TEMPORAL_ADDRESS": settings.temporal_address,
        "MLC_TASK_QUEUE": settings.task_queue,
        "MLC_DATABASE_URL": settings.effective_database_url(),
        "MLC_ENCRYPTION_KEY": settings.encryption_key.get_secret_value(),
    }


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of a process from /proc/<pid>/status, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"{field} not in /proc/{pid}/status")


async def wait_polling(client: Client, process: asyncio.subprocess.Process) -> None:
    """Return once the task queue has a poller; fail if the process exits first or it takes too long."""
    request = DescribeTaskQueueRequest(namespace=client.namespace, task_queue=TaskQueue(name=TASK_QUEUE))
    deadline = asyncio.get_running_loop().time() + POLLING_TIMEOUT_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        if process.returncode is not None:
            raise WorkerNotPolling(f"the worker exited with {process.returncode}")
        if (await client.workflow_service.describe_task_queue(request)).pollers:
            return
        await asyncio.sleep(0.2)
    raise WorkerNotPolling(f"no poller on {TASK_QUEUE} after {POLLING_TIMEOUT_SECONDS} s")


async def sample_rss(pid: int) -> list[float]:
    """VmRSS every SAMPLE_EVERY_SECONDS, SAMPLES times."""
    samples = []
    for _ in range(SAMPLES):
        samples.append(rss_mb(pid))
        await asyncio.sleep(SAMPLE_EVERY_SECONDS)
    return samples


async def measure(settings: Settings, log_path: Path) -> tuple[list[float], float, int]:
    """Start the worker, wait until it polls and settles, sample its memory, stop it with SIGTERM.

    Returns the VmRSS samples, the peak (VmHWM) and the exit code."""
    client = await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            str(ML_CONNECTOR), "worker", env=worker_env(settings), stdout=log, stderr=asyncio.subprocess.STDOUT
        )
    try:
        await wait_polling(client, process)
        await asyncio.sleep(SETTLE_SECONDS)
        samples = await sample_rss(process.pid)
        peak = rss_mb(process.pid, "VmHWM")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        exit_code = await process.wait()
    return samples, peak, exit_code


async def run(connections: int, workdir: Path) -> BenchReport:
    """Measure an idle worker with `connections` connections configured."""
    (temporal_port,) = free_ports(1)
    settings = seed_connections(workdir, connections, temporal_port)
    config = DevServerConfig(data_dir=workdir, host=HOST, port=temporal_port, ui=False)
    async with TemporalDevServer(config):
        samples, peak, exit_code = await measure(settings, workdir / "worker.log")
    rss = max(samples)
    return BenchReport(
        name="memory",
        title="Idle worker process memory",
        params={"connections": connections, "samples": SAMPLES},
        figures=[
            Figure("VmRSS (max of samples)", rss, "MiB", f"< {GOAL_MB:.0f} MiB", rss < GOAL_MB),
            Figure("VmRSS (min of samples)", min(samples), "MiB"),
            Figure("VmHWM (peak since start)", peak, "MiB"),
            Figure("exit code after SIGTERM", exit_code, goal="0", met=exit_code == 0),
        ],
    )
