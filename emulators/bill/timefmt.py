"""BILL's wire formats for instants (``2025-01-31T12:00:00.000Z``) and dates (``yyyy-MM-dd``)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_time(moment: datetime) -> str:
    """An instant in BILL's format: UTC, millisecond precision, ``Z`` suffix."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime | None:
    """An ISO-8601 instant (``Z`` or offset; date-only means midnight UTC), or None when unreadable."""
    raw = text.strip().strip('"')
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_bill_date(value: object) -> bool:
    """True for a real calendar date written ``yyyy-MM-dd``."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
