"""The Temporal Schedules each connection owns: a registry of kinds, and idempotent create/update/pause/delete.

A kind is one entry in `SCHEDULE_KINDS`: its name (the Schedule id is `{name}/{connection_id}`, deterministic),
the workflow it runs, that workflow's input for a connection, and its interval read from the connection's
`ConnectionSettings`. Adding a scheduled sync job is one entry here (and its workflow in `worker/registry.py`).
`ConnectionWorkflow` keeps them in line with its health through the `ensure_connection_schedules` activity:
active -> running, paused / needs_reauth -> paused, disconnected -> deleted.

Overlap policy SKIP: a run still going when the next is due is not doubled (the next one catches up).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from activities.account_sync.models import AccountSyncInput
from activities.connection_models import ConnectionSettings
from activities.expenses.sweep import ExpenseSweepInput
from activities.purchase_orders import PurchaseOrderAuditInput
from activities.vendor_sync.models import VendorSyncInput
from common.models import BillPollSweepInput
from workflows.account_sync import AccountSyncWorkflow
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.expense_sweep import ExpenseSweepWorkflow
from workflows.purchase_order_audit import PurchaseOrderAuditWorkflow
from workflows.vendor_sync import VendorSyncWorkflow


@dataclass(frozen=True)
class ScheduleKind:
    """One kind of per-connection Schedule (see the module docstring)."""

    name: str
    workflow: Callable[[Any, Any], Awaitable[Any]]
    """The scheduled workflow's `run` method (one input argument)."""
    build_input: Callable[[str], BaseModel]
    """The workflow's input for a connection id (ids only: it lands in history)."""
    interval: Callable[[ConnectionSettings], timedelta]

    def schedule_id(self, connection_id: str) -> str:
        """The connection's Schedule of this kind (also the prefix of the workflow ids it starts)."""
        return f"{self.name}/{connection_id}"

    def schedule(
        self, connection_id: str, *, task_queue: str, settings: ConnectionSettings, paused: bool = False
    ) -> Schedule:
        """The wanted Schedule: every `interval(settings)`, overlaps skipped, paused or not."""
        return Schedule(
            action=ScheduleActionStartWorkflow(
                self.workflow,
                self.build_input(connection_id),
                id=self.schedule_id(connection_id),
                task_queue=task_queue,
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=self.interval(settings))]),
            policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
            state=ScheduleState(paused=paused, note=PAUSED_NOTE if paused else None),
        )


PAUSED_NOTE = "paused with its connection (paused or needs re-authorization)"

BILL_POLL = ScheduleKind(
    name="bill-poll",
    workflow=BillPollSweepWorkflow.run,
    build_input=lambda connection_id: BillPollSweepInput(connection_id=connection_id),
    interval=lambda settings: timedelta(minutes=settings.sweep_interval_minutes),
)
"""The polling safety net: sweeps Zoho bills modified since the last sweep (issue 4 item 8)."""

ACCOUNT_SYNC = ScheduleKind(
    name="account-sync",
    workflow=AccountSyncWorkflow.run,
    build_input=lambda connection_id: AccountSyncInput(connection_id=connection_id),
    interval=lambda settings: timedelta(minutes=settings.account_sync_interval_minutes),
)
"""Chart of accounts both ways (issue 6 item 4); daily by default: charts change rarely, and a bill whose
account is new waits in needs_mapping only until the next run (or a manual one)."""

VENDOR_SYNC = ScheduleKind(
    name="vendor-sync",
    workflow=VendorSyncWorkflow.run,
    build_input=lambda connection_id: VendorSyncInput(connection_id=connection_id),
    interval=lambda settings: timedelta(minutes=settings.vendor_sync_interval_minutes),
)
"""Vendors both ways (issue 6 items 1-3; docs/vendor-sync.md); BILL vendor webhooks also start it at once."""

EXPENSE_POLL = ScheduleKind(
    name="expense-poll",
    workflow=ExpenseSweepWorkflow.run,
    build_input=lambda connection_id: ExpenseSweepInput(connection_id=connection_id),
    interval=lambda settings: timedelta(minutes=settings.sweep_interval_minutes),
)
"""The expense polling sweep (issue 6 item 5): expenses created since the last sweep, at the bills' sweep pace."""

PURCHASE_ORDER_AUDIT = ScheduleKind(
    name="purchase-orders",
    workflow=PurchaseOrderAuditWorkflow.run,
    build_input=lambda connection_id: PurchaseOrderAuditInput(connection_id=connection_id),
    interval=lambda settings: timedelta(minutes=settings.sweep_interval_minutes),
)
"""Zoho purchase orders into the audit trail (issue 6 item 6; no BILL call): one Zoho list per pass."""

SCHEDULE_KINDS: tuple[ScheduleKind, ...] = (BILL_POLL, ACCOUNT_SYNC, VENDOR_SYNC, EXPENSE_POLL, PURCHASE_ORDER_AUDIT)
"""Every per-connection Schedule kind; add one entry per scheduled sync job."""

BILL_POLL_INTERVAL = BILL_POLL.interval(ConnectionSettings())
"""Default sweep period: the longest a bill whose webhook was lost waits before it is synced."""


async def ensure_schedule(
    client: Client,
    kind: ScheduleKind,
    connection_id: str,
    *,
    task_queue: str,
    settings: ConnectionSettings,
    paused: bool = False,
    replace: bool = True,
) -> str:
    """Create the connection's Schedule of `kind`, or (`replace`) bring the existing one to the wanted spec and
    pause state; returns its id."""
    schedule_id = kind.schedule_id(connection_id)
    schedule = kind.schedule(connection_id, task_queue=task_queue, settings=settings, paused=paused)
    try:
        await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        if not replace:
            return schedule_id

        def wanted(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await client.get_schedule_handle(schedule_id).update(wanted)
    return schedule_id


async def ensure_connection_schedules(
    client: Client,
    connection_id: str,
    *,
    task_queue: str,
    settings: ConnectionSettings,
    paused: bool,
    replace: bool = True,
) -> list[str]:
    """Every kind's Schedule for the connection, created or (`replace`) updated, running or paused; their ids."""
    return [
        await ensure_schedule(
            client, kind, connection_id, task_queue=task_queue, settings=settings, paused=paused, replace=replace
        )
        for kind in SCHEDULE_KINDS
    ]


async def delete_connection_schedules(client: Client, connection_id: str) -> list[str]:
    """Delete every kind's Schedule of the connection (absent ones are fine); the ids that were deleted."""
    deleted = []
    for kind in SCHEDULE_KINDS:
        schedule_id = kind.schedule_id(connection_id)
        with contextlib.suppress(ScheduleNotFound):
            await _delete(client, schedule_id)
            deleted.append(schedule_id)
    return deleted


class ScheduleNotFound(Exception):
    """The Schedule to delete does not exist."""


async def _delete(client: Client, schedule_id: str) -> None:
    try:
        await client.get_schedule_handle(schedule_id).delete()
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise ScheduleNotFound(schedule_id) from err
        raise


def bill_poll_schedule_id(connection_id: str) -> str:
    """Id of a connection's polling-sweep Schedule."""
    return BILL_POLL.schedule_id(connection_id)


async def ensure_bill_poll_schedule(
    client: Client, connection_id: str, *, task_queue: str, settings: ConnectionSettings | None = None
) -> str:
    """Create or update the connection's polling-sweep Schedule (running); returns its id."""
    return await ensure_schedule(
        client, BILL_POLL, connection_id, task_queue=task_queue, settings=settings or ConnectionSettings()
    )
