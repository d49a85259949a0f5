"""`ml-connector worker` as a child process configured only by MLC_* variables: started, SIGKILLed, restarted."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from common.settings import Settings

ML_CONNECTOR = Path(sys.executable).parent / "ml-connector"


def worker_env(settings: Settings) -> dict[str, str]:
    """The worker's environment: inherited variables minus any MLC_*, plus the settings as MLC_* variables."""
    assert settings.encryption_key is not None
    endpoints = settings.bill_endpoints()
    zoho_hosts = {dc.value: hosts.model_dump() for dc, hosts in settings.zoho_hosts.items()}
    return {key: value for key, value in os.environ.items() if not key.startswith("MLC_")} | {
        "MLC_DATA_DIR": str(settings.data_dir),
        "MLC_DATABASE_URL": settings.effective_database_url(),
        "MLC_TEMPORAL_ADDRESS": settings.temporal_address,
        "MLC_TASK_QUEUE": settings.task_queue,
        "MLC_ENCRYPTION_KEY": settings.encryption_key.get_secret_value(),
        "MLC_ZOHO_CLIENT_ID": settings.zoho_client_id,
        "MLC_ZOHO_CLIENT_SECRET": settings.zoho_client_secret.get_secret_value(),
        "MLC_ZOHO_HOSTS": json.dumps(zoho_hosts),
        "MLC_BILL_API_BASE": endpoints.api_base,
        "MLC_BILL_EVENTS_BASE": endpoints.events_base,
        "MLC_BILL_SPEND_BASE": endpoints.spend_base,
    }


@dataclass
class WorkerProcess:
    """`ml-connector worker` as a child process; its output is appended to `log_path`."""

    env: dict[str, str]
    cwd: Path
    log_path: Path
    kills: int = 0
    _process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start a worker process (returns at once; it polls once it has connected)."""
        with self.log_path.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                str(ML_CONNECTOR), "worker", env=self.env, cwd=self.cwd, stdout=log, stderr=asyncio.subprocess.STDOUT
            )

    def kill(self) -> None:
        """SIGKILL the process now (synchronous, so a trap can kill before the emulator answers)."""
        assert self._process is not None, "no worker started"
        assert self._process.returncode is None, "the worker already exited"
        os.kill(self._process.pid, signal.SIGKILL)
        self.kills += 1

    async def reap(self) -> int:
        """Wait for the killed process; its exit code (-9 after SIGKILL)."""
        assert self._process is not None
        return await self._process.wait()

    async def stop(self) -> None:
        """SIGTERM (drain), SIGKILL after 30 s."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()

    def log_lines(self) -> list[str]:
        """Everything the worker processes wrote."""
        return self.log_path.read_text(errors="replace").splitlines()
