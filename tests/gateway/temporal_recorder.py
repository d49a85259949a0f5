"""A client interceptor that records every call that could start or change a workflow."""

from __future__ import annotations

from typing import Any

from temporalio.client import (
    Interceptor,
    OutboundInterceptor,
    SignalWorkflowInput,
    StartWorkflowInput,
    StartWorkflowUpdateInput,
    StartWorkflowUpdateWithStartInput,
    WorkflowHandle,
    WorkflowUpdateHandle,
)


class TemporalRecorder(Interceptor):
    """`calls` lists `(kind, workflow id)` for each start, signal and update sent through the client."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _Recording(next, self.calls)


class _Recording(OutboundInterceptor):
    def __init__(self, next: OutboundInterceptor, calls: list[tuple[str, str]]) -> None:
        super().__init__(next)
        self._calls = calls

    async def start_workflow(self, input: StartWorkflowInput) -> WorkflowHandle[Any, Any]:
        self._calls.append(("start", input.id))
        return await super().start_workflow(input)

    async def signal_workflow(self, input: SignalWorkflowInput) -> None:
        self._calls.append(("signal", input.id))
        await super().signal_workflow(input)

    async def start_workflow_update(self, input: StartWorkflowUpdateInput) -> WorkflowUpdateHandle[Any]:
        self._calls.append(("update", input.id))
        return await super().start_workflow_update(input)

    async def start_update_with_start_workflow(
        self, input: StartWorkflowUpdateWithStartInput
    ) -> WorkflowUpdateHandle[Any]:
        self._calls.append(("update-with-start", input.start_workflow_input.id))
        return await super().start_update_with_start_workflow(input)
