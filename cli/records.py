"""`ml-connector status`, `replay` and `skip`: one bill's sync record, audit trail and workflow; a re-drive of it
through the same keyed workflow (so the exactly-once guards stay in charge); and an operator skip.

A record is named by its id or by its workflow id (`bill/{zoho_org_id}/{zoho_bill_id}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Console
from rich.table import Table
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from cli.failures import UNREACHABLE_EXIT, CliFailure, temporal_client
from common.models import BillSyncInput
from common.settings import Settings
from persistence.db import make_engine
from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.skips import clear_operator_skip, skip_record
from persistence.views import AuditEventView, SyncRecordView
from persistence.vocabulary import SyncStatus
from workflows.bill_sync import OPERATOR_SKIP_SIGNAL
from workflows.bill_sync_start import signal_with_start_bill_sync
from workflows.ids import bill_workflow_id
from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS

BILL_ENTITY = "bill"
NOT_FOUND_EXIT = 1


@dataclass(frozen=True)
class WorkflowState:
    """What Temporal knows about the record's workflow (None fields: not recorded there)."""

    workflow_id: str
    run_id: str | None
    status: str
    sync_status: str | None
    bill_bill_id: str | None
    closed_at: datetime | None


@dataclass(frozen=True)
class RecordReport:
    """A sync record with its audit trail and its workflow (None when Temporal no longer has it)."""

    record: SyncRecordView
    events: list[AuditEventView]
    workflow: WorkflowState | None


def find_record(records: SyncRecordRepo, key: str) -> SyncRecordView | None:
    """The bill record named by `key`: a record id, or a `bill/{zoho_org_id}/{zoho_bill_id}` workflow id."""
    parts = key.split("/")
    if len(parts) == 3 and parts[0] == BILL_ENTITY:
        return records.get(parts[1], BILL_ENTITY, parts[2])
    return records.get_by_id(key)


async def workflow_state(client: Client, workflow_id: str) -> WorkflowState | None:
    """The latest run of `workflow_id`, or None when the server does not know it (e.g. past retention)."""
    try:
        description = await client.get_workflow_handle(workflow_id).describe()
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            return None
        raise
    status = description.status.name if isinstance(description.status, WorkflowExecutionStatus) else "UNKNOWN"
    attributes = description.typed_search_attributes
    return WorkflowState(
        workflow_id=workflow_id,
        run_id=description.run_id,
        status=status,
        sync_status=attributes.get(SYNC_STATUS),
        bill_bill_id=attributes.get(BILL_BILL_ID),
        closed_at=description.close_time,
    )


async def load_report(records: SyncRecordRepo, audit: AuditLog, client: Client, key: str) -> RecordReport | None:
    """Everything `status` shows about `key`, or None when no such record exists."""
    record = find_record(records, key)
    if record is None:
        return None
    workflow_id = bill_workflow_id(record.zoho_org_id, record.zoho_id)
    return RecordReport(record, audit.events(record.id), await workflow_state(client, workflow_id))


async def replay_record(client: Client, record: SyncRecordView, *, task_queue: str) -> str | None:
    """Start the record's keyed workflow again with trigger `replay` (or nudge the running one); its run id."""
    params = BillSyncInput(
        connection_id=record.connection_id,
        zoho_org_id=record.zoho_org_id,
        zoho_bill_id=record.zoho_id,
        trigger="replay",
    )
    handle = await signal_with_start_bill_sync(client, params, task_queue=task_queue)
    return handle.result_run_id


def report_tables(report: RecordReport) -> list[Table]:
    """The record, its audit trail and its workflow as rich tables (ids, statuses and reasons only)."""
    record = report.record
    summary = Table(title=f"Sync record {record.id}", show_header=False)
    for label, value in (
        ("connection", record.connection_id),
        ("Zoho org / bill", f"{record.zoho_org_id} / {record.zoho_id}"),
        ("BILL bill", record.bill_id or "-"),
        ("status", record.status),
        ("last error", record.last_error or "-"),
        ("attempts", str(record.attempts)),
        ("Zoho version handled", _when(record.zoho_modified_at)),
        ("updated", _when(record.updated_at)),
    ):
        summary.add_row(label, value)

    trail = Table(title="Audit trail")
    for column in ("#", "at", "event", "detail"):
        trail.add_column(column)
    for event in report.events:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(event.detail.items()) if v is not None)
        trail.add_row(str(event.id), _when(event.at), event.kind, detail)

    workflow = Table(title="Workflow", show_header=False)
    state = report.workflow
    if state is None:
        workflow.add_row("state", "not known to Temporal (never started here, or past retention)")
    else:
        for label, value in (
            ("workflow id", state.workflow_id),
            ("run id", state.run_id or "-"),
            ("execution", state.status),
            ("SyncStatus", state.sync_status or "-"),
            ("BillBillId", state.bill_bill_id or "-"),
            ("closed", _when(state.closed_at)),
        ):
            workflow.add_row(label, value)
    return [summary, trail, workflow]


async def show_status(settings: Settings, key: str, console: Console) -> int:
    """`ml-connector status KEY`: print the report; exit code 1 when no record matches."""
    engine = make_engine(settings.effective_database_url())
    try:
        report = await load_report(SyncRecordRepo(engine), AuditLog(engine), await temporal_client(settings), key)
    finally:
        engine.dispose()
    if report is None:
        console.print(f"no bill sync record {key!r}")
        return NOT_FOUND_EXIT
    for table in report_tables(report):
        console.print(table)
    return 0


async def run_replay(settings: Settings, key: str, console: Console) -> int:
    """`ml-connector replay KEY`: re-drive the record's workflow; exit code 1 when no record matches."""
    client = await temporal_client(settings)
    engine = make_engine(settings.effective_database_url())
    try:
        records = SyncRecordRepo(engine)
        record = find_record(records, key)
        if record is not None and clear_operator_skip(records, AuditLog(engine), record, by="replay"):
            console.print(f"cleared the operator skip of {record.id}")
    finally:
        engine.dispose()
    if record is None:
        console.print(f"no bill sync record {key!r}")
        return NOT_FOUND_EXIT
    run_id = await replay_record(client, record, task_queue=settings.task_queue)
    console.print(f"replaying {bill_workflow_id(record.zoho_org_id, record.zoho_id)} (run {run_id})")
    return 0


async def skip_bill(records: SyncRecordRepo, audit: AuditLog, client: Client | None, key: str, reason: str) -> str:
    """Operator-skip the record named by `key` and tell its running workflow (if `client`); a summary line.

    `CliFailure` when no record matches, the reason is empty, or the bill is already synced to BILL.
    """
    record = find_record(records, key)
    if record is None:
        raise CliFailure(f"no bill sync record {key!r}", NOT_FOUND_EXIT)
    if record.status == SyncStatus.SYNCED:
        raise CliFailure(f"record {record.id} is already synced to BILL bill {record.bill_id}: nothing to skip")
    try:
        kept = skip_record(records, audit, record, reason)
    except ValueError as exc:
        raise CliFailure(str(exc)) from None
    workflow_id = bill_workflow_id(record.zoho_org_id, record.zoho_id)
    told = "" if client is None else await _tell_running(client, workflow_id, kept)
    return f"skipped {record.id} ({workflow_id}): {kept}{told}"


async def run_skip(settings: Settings, key: str, reason: str, console: Console) -> int:
    """`ml-connector skip KEY --reason TEXT`: the record is skipped even when Temporal is unreachable (exit 3)."""
    engine = make_engine(settings.effective_database_url())
    try:
        records, audit = SyncRecordRepo(engine), AuditLog(engine)
        try:
            client: Client | None = await temporal_client(settings)
        except CliFailure as unreachable:
            console.print(await skip_bill(records, audit, None, key, reason))
            raise CliFailure(f"{unreachable}; a running workflow was not told", UNREACHABLE_EXIT) from None
        console.print(await skip_bill(records, audit, client, key, reason))
    finally:
        engine.dispose()
    return 0


async def _tell_running(client: Client, workflow_id: str, reason: str) -> str:
    """Signal the bill's workflow when it is running; what happened, for the summary line."""
    state = await workflow_state(client, workflow_id)
    if state is None or state.status != WorkflowExecutionStatus.RUNNING.name:
        return "; no workflow running"
    await client.get_workflow_handle(workflow_id).signal(OPERATOR_SKIP_SIGNAL, reason)
    return "; the running workflow was told to stop before its next write"


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment is not None else "-"
