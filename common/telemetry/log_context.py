"""Ids that every log line of the current task carries (connection, organization, record, workflow).

`log_context(...)` adds ids for a block; `ActivityLogContext` (a Temporal interceptor on the connector's
client, so on its workers) opens one around every activity with its workflow id, activity type and the id
fields of its input. Only ids: inputs carry no secrets, and only the fields named in `ID_FIELDS` are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

import temporalio.client
import temporalio.worker
from temporalio import activity

ID_FIELDS = ("connection_id", "zoho_org_id", "zoho_bill_id", "bill_org_id", "record_id")

_ids: ContextVar[MappingProxyType[str, str]] = ContextVar("mlc_log_ids", default=MappingProxyType({}))


def current_ids() -> MappingProxyType[str, str]:
    """The ids of the current context."""
    return _ids.get()


@contextmanager
def log_context(**ids: str | None) -> Iterator[None]:
    """Add the non-empty `ids` to the current context for the block."""
    merged = {**_ids.get(), **{k: v for k, v in ids.items() if v}}
    token = _ids.set(MappingProxyType(merged))
    try:
        yield
    finally:
        _ids.reset(token)


def ids_of(args: Sequence[Any]) -> dict[str, str]:
    """The `ID_FIELDS` of an activity's first argument (a pydantic model or dataclass), when they are strings."""
    if not args:
        return {}
    found = {name: getattr(args[0], name, None) for name in ID_FIELDS}
    return {name: value for name, value in found.items() if isinstance(value, str)}


class ActivityLogContext(temporalio.client.Interceptor, temporalio.worker.Interceptor):
    """Runs every activity inside a `log_context` of its ids."""

    def intercept_activity(
        self, next: temporalio.worker.ActivityInboundInterceptor
    ) -> temporalio.worker.ActivityInboundInterceptor:
        """Wrap the activity inbound chain."""
        return _ActivityInbound(next)


class _ActivityInbound(temporalio.worker.ActivityInboundInterceptor):
    async def execute_activity(self, input: temporalio.worker.ExecuteActivityInput) -> Any:
        info = activity.info()
        with log_context(workflow_id=info.workflow_id, activity=info.activity_type, **ids_of(input.args)):
            return await super().execute_activity(input)
