"""The README's `temporal workflow start` command for a backfill, parsed so a test can run it as documented."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from activities.backfill.models import BackfillInput
from tests.backfill.conftest import BackfillStack
from worker.binaries import temporal_cli
from workflows.backfill import backfill_workflow_id

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)
PLACEHOLDERS = ("CONNECTION_ID", "2026-01-01", "ml-connector")


@dataclass(frozen=True)
class StartCommand:
    """`temporal workflow start` as the README spells it: its argv and the options it sets."""

    argv: list[str]
    options: dict[str, str]


def readme_start_command() -> StartCommand:
    """The one `temporal workflow start` command of the README's Backfills section."""
    section = README.read_text().split("## Backfills", 1)[1].split("\n## ", 1)[0]
    lines = [line for block in BLOCK.findall(section) for line in block.replace("\\\n", " ").splitlines()]
    starts = [line for line in lines if " workflow start " in line and line.split()[0].endswith("temporal")]
    assert len(starts) == 1, "the Backfills section shows exactly one temporal workflow start"
    argv = shlex.split(starts[0])
    options = {argv[i][2:]: argv[i + 1] for i in range(3, len(argv) - 1, 2)}
    return StartCommand(argv, options)


def filled(command: StartCommand, connection_id: str, since: str, task_queue: str) -> list[str]:
    """The command's argv with the README's placeholders replaced by a test's values."""
    values = dict(zip(PLACEHOLDERS, (connection_id, since, task_queue), strict=True))
    out = []
    for arg in command.argv:
        for placeholder, value in values.items():
            arg = arg.replace(placeholder, value)
        out.append(arg)
    return out


async def run_readme_command(stack: BackfillStack, since: str) -> str:
    """Run the README's command with the real Temporal CLI against the stack's server; the workflow id."""
    argv = filled(readme_start_command(), stack.demo.connection_id, since, stack.seeded.settings.task_queue)
    params = BackfillInput.model_validate(json.loads(argv[argv.index("--input") + 1]))
    workflow_id = argv[argv.index("--workflow-id") + 1]
    assert workflow_id == backfill_workflow_id(params), "the README's workflow id is the one ml-connector uses"
    address = stack.env.client.service_client.config.target_host
    process = await asyncio.create_subprocess_exec(
        str(temporal_cli()), *argv[1:], "--address", address, stdout=asyncio.subprocess.PIPE
    )
    await process.communicate()
    assert process.returncode == 0
    return workflow_id
