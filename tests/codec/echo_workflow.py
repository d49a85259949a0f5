"""A one-line workflow whose input and result land in history: the payloads the codec must hide."""

from __future__ import annotations

from temporalio import workflow


@workflow.defn
class EchoWorkflow:
    """Returns its input, so both the input and the result are history payloads."""

    @workflow.run
    async def run(self, text: str) -> str:
        """The input, unchanged."""
        return text
