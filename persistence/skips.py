"""Operator skips: bills an operator told the connector not to sync (`ml-connector skip`), until a replay.

A skip is the record's `skipped` status with a reason that starts with `OPERATOR_SKIP_PREFIX` (skips the
pipeline decides itself — draft or void bills — carry no prefix and are re-evaluated on every run), plus an
audit event. `fetch_zoho_bill` reports it to the bill workflow, which then ends `skipped` without a write.
"""

from __future__ import annotations

from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.views import SyncRecordView
from persistence.vocabulary import SyncStatus

OPERATOR_SKIP_PREFIX = "skipped by operator: "
SKIPPED_EVENT = "operator_skipped"
UNSKIPPED_EVENT = "operator_skip_cleared"
MAX_REASON_LENGTH = 500


def operator_skip_reason(record: SyncRecordView | None) -> str | None:
    """The operator's reason when the record is operator-skipped, else None."""
    if record is None or record.status != SyncStatus.SKIPPED or record.last_error is None:
        return None
    if not record.last_error.startswith(OPERATOR_SKIP_PREFIX):
        return None
    return record.last_error.removeprefix(OPERATOR_SKIP_PREFIX)


def skip_record(records: SyncRecordRepo, audit: AuditLog, record: SyncRecordView, reason: str) -> str:
    """Mark the record operator-skipped with `reason` (trimmed, at most `MAX_REASON_LENGTH`); the reason kept."""
    kept = " ".join(reason.split())[:MAX_REASON_LENGTH]
    if not kept:
        raise ValueError("a skip needs a reason")
    records.mark_status(record.id, SyncStatus.SKIPPED.value, OPERATOR_SKIP_PREFIX + kept)
    audit.append(record.id, SKIPPED_EVENT, {"reason": kept, "previous_status": record.status})
    return kept


def clear_operator_skip(records: SyncRecordRepo, audit: AuditLog, record: SyncRecordView, *, by: str) -> bool:
    """Put an operator-skipped record back to `pending` (audited); False when it was not operator-skipped."""
    if operator_skip_reason(record) is None:
        return False
    records.mark_status(record.id, SyncStatus.PENDING.value)
    audit.append(record.id, UNSKIPPED_EVENT, {"by": by})
    return True
