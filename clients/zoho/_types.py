"""Field types for Zoho's wire formats: numeric ids, blank strings for "no value", `+0530` offsets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, PlainSerializer


def _blank_to_none(value: object) -> object:
    """Zoho sends ``""`` (or ``" "``) where a date, time or number is absent."""
    return None if isinstance(value, str) and not value.strip() else value


def _decimal_as_json_number(value: Decimal) -> float:
    """JSON number for request bodies: the spec types amounts as numbers, not strings."""
    return float(value)


ZohoDate = Annotated[dt.date | None, BeforeValidator(_blank_to_none)]
"""``YYYY-MM-DD`` or blank."""

ZohoDateTime = Annotated[AwareDatetime | None, BeforeValidator(_blank_to_none)]
"""ISO 8601 with offset (``2026-11-25T10:00:00+0000``) or blank; naive times are rejected."""

Amount = Annotated[Decimal, PlainSerializer(_decimal_as_json_number, return_type=float, when_used="json")]
"""Money, rate or quantity: exact in Python, a JSON number on the wire."""


def format_zoho_datetime(value: dt.datetime) -> str:
    """A timezone-aware datetime in Zoho's filter format ``YYYY-MM-DDTHH:MM:SS+HHMM``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Zoho time filters need a timezone-aware datetime")
    return value.strftime("%Y-%m-%dT%H:%M:%S%z")
