"""The floor the full path is compared to: a workflow of the same shape as a bill sync (the same number of
sequential activities, the same activity options) whose activities do nothing."""

from __future__ import annotations

from temporalio import activity, workflow

with workflow.unsafe.imports_passed_through():
    from workflows.options import ZOHO_READ


@activity.defn
async def bare_step(step: int) -> int:
    """Does nothing (returns its input)."""
    return step


@workflow.defn
class BareBillWorkflow:
    """Runs `activities` no-op activities one after another."""

    @workflow.run
    async def run(self, activities: int) -> int:
        """The number of activities run."""
        for step in range(activities):
            await workflow.execute_activity(bare_step, step, **ZOHO_READ)
        return activities
