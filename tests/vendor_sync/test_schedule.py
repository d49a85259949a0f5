"""The vendor sync is one of each connection's Schedules: its interval from the connection settings, overlaps
skipped, a real (not dry) run of the connection."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import ScheduleActionStartWorkflow, ScheduleOverlapPolicy

from activities.connection_models import ConnectionSettings
from activities.vendor_sync.models import VendorSyncInput
from worker.schedules import SCHEDULE_KINDS, VENDOR_SYNC
from workflows.vendor_sync import VendorSyncWorkflow


def test_the_vendor_sync_schedule_kind() -> None:
    assert VENDOR_SYNC in SCHEDULE_KINDS
    settings = ConnectionSettings(vendor_sync_interval_minutes=15)
    schedule = VENDOR_SYNC.schedule("c-1", task_queue="q", settings=settings)
    assert schedule.spec.intervals[0].every == timedelta(minutes=15)
    assert schedule.policy.overlap == ScheduleOverlapPolicy.SKIP
    action = schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    assert action.workflow == VendorSyncWorkflow.__name__
    assert list(action.args) == [VendorSyncInput(connection_id="c-1")]  # a real sync, not a dry run
