"""Zoho's wire formats for dates and timestamps (``2013-09-11``, ``2013-09-11T17:18:32+0530``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from emulators.zoho.errors import invalid_value

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:?\d{2}|Z)")


def format_timestamp(moment: datetime, time_zone: str) -> str:
    """`moment` in the organization's time zone, as Zoho prints ``created_time``/``last_modified_time``."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%dT%H:%M:%S%z")


def local_date(moment: datetime, time_zone: str) -> date:
    """The calendar day of `moment` in the organization's time zone."""
    return moment.astimezone(ZoneInfo(time_zone)).date()


def parse_timestamp(value: str, field: str) -> datetime:
    """An ISO 8601 timestamp WITH offset (Zoho's filter format); anything else is HTTP 400 code 2."""
    if not _TIMESTAMP.fullmatch(value):
        raise invalid_value(field)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise invalid_value(field) from None


def parse_date(value: str, field: str) -> date:
    """A ``yyyy-mm-dd`` date; anything else is HTTP 400 code 2."""
    if not _DATE.fullmatch(value):
        raise invalid_value(field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid_value(field) from None
