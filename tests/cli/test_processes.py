"""`ml-connector worker` and `ml-connector gateway` as deployed (docker-compose runs these two commands):
configured only by MLC_* variables, serving until SIGTERM, then exiting cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.testing import WorkflowEnvironment

from persistence.crypto import CredentialCipher
from tests.cli.test_dev import ML_CONNECTOR, free_ports
from tests.conftest import PROJECT_ROOT
from tests.temporal_env import start_local, unique_name

pytestmark = pytest.mark.temporal


@pytest.fixture(scope="module")
async def temporal() -> AsyncIterator[WorkflowEnvironment]:
    env = await start_local()
    yield env
    await env.shutdown()


@pytest.fixture
def connector_env(tmp_path: Path, temporal: WorkflowEnvironment) -> dict[str, str]:
    """Only MLC_* variables configure the processes (inherited ones are dropped)."""
    (gateway_port,) = free_ports(1)
    return {key: value for key, value in os.environ.items() if not key.startswith("MLC_")} | {
        "MLC_TEMPORAL_ADDRESS": temporal.client.service_client.config.target_host,
        "MLC_TASK_QUEUE": unique_name("process"),
        "MLC_DATABASE_URL": f"sqlite:///{tmp_path / 'connector.db'}",
        "MLC_ENCRYPTION_KEY": CredentialCipher.generate_key(),
        "MLC_GATEWAY_PORT": str(gateway_port),
    }


def start(command: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(ML_CONNECTOR), command],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def terminate(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return process.returncode, output


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("condition not met in time")


async def gateway_ready(http: httpx.AsyncClient) -> None:
    """Wait until the gateway at `http`'s base URL answers `/readyz` with 200."""

    async def ready() -> bool:
        try:
            return (await http.get("/readyz")).status_code == 200
        except httpx.TransportError:
            return False

    await eventually(ready)


async def test_worker_polls_its_task_queue_until_sigterm(
    connector_env: dict[str, str], temporal: WorkflowEnvironment
) -> None:
    process = start("worker", connector_env)
    try:

        async def polling() -> bool:
            request = DescribeTaskQueueRequest(
                namespace="default", task_queue=TaskQueue(name=connector_env["MLC_TASK_QUEUE"])
            )
            return bool((await temporal.client.workflow_service.describe_task_queue(request)).pollers)

        await eventually(polling)
    finally:
        returncode, output = terminate(process)
    assert returncode == 0, output
    assert connector_env["MLC_ENCRYPTION_KEY"] not in output


async def test_gateway_serves_until_sigterm(connector_env: dict[str, str]) -> None:
    process = start("gateway", connector_env)
    base = f"http://127.0.0.1:{connector_env['MLC_GATEWAY_PORT']}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            await gateway_ready(http)
            assert (await http.post("/webhooks/zoho/unknown", content=b"{}")).status_code == 404
    finally:
        returncode, output = terminate(process)
    assert returncode == 0, output


async def test_gateway_serves_zoho_onboarding_when_an_admin_token_is_set(connector_env: dict[str, str]) -> None:
    process = start("gateway", connector_env | {"MLC_ADMIN_TOKEN": "admin-test-token"})
    base = f"http://127.0.0.1:{connector_env['MLC_GATEWAY_PORT']}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            await gateway_ready(http)
            assert (await http.get("/oauth/zoho/start", params={"label": "finance"})).status_code == 401
            authorized = await http.get(
                "/oauth/zoho/start",
                params={"label": "finance", "dc": "eu"},
                headers={"Authorization": "Bearer admin-test-token"},
            )
            assert authorized.status_code == 302
            assert authorized.headers["location"].startswith("https://accounts.zoho.")
    finally:
        returncode, output = terminate(process)
    assert returncode == 0, output
    assert "admin-test-token" not in output
