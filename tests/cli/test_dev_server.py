"""The Temporal dev-server launcher used by `ml-connector dev`."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client

from tests.cli.test_dev import free_ports
from worker.dev_server import DevServerConfig, DevServerFailed, TemporalDevServer

pytestmark = pytest.mark.temporal


async def test_starts_with_ui_and_sqlite_state_then_stops(tmp_path: Path) -> None:
    port, ui_port = free_ports(2)
    config = DevServerConfig(data_dir=tmp_path, port=port, ui_port=ui_port)
    async with TemporalDevServer(config):
        client = await Client.connect(config.address)
        assert await client.service_client.check_health()
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{config.ui_url}/")).status_code == 200
    assert (tmp_path / "temporal.db").is_file()
    with pytest.raises(RuntimeError):
        await Client.connect(config.address)


async def test_a_taken_port_fails_fast_with_the_log_path(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = DevServerConfig(data_dir=tmp_path, port=port, ui=False, startup_timeout=timedelta(seconds=30))
        with pytest.raises(DevServerFailed, match=r"exited .*temporal\.log"):
            await TemporalDevServer(config).start()
