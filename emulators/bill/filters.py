"""BILL's ``filters=field:op:value,...`` parameter: parsing, typing the values and matching records.

Operators ``eq ne gt gte lt lte in nin sw``; ``in``/``nin`` take ``A,B`` or ``"A,B"``. A field that is not
filterable (such as ``invoice.invoiceNumber`` on bills) is rejected, as BILL does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from emulators.bill.errors import invalid
from emulators.bill.timefmt import is_bill_date, parse_time


class FieldKind(Enum):
    """How a filterable field's value is compared."""

    TEXT = "text"
    BOOL = "bool"
    TIME = "time"
    DATE = "date"
    NUMBER = "number"


ORDERING_OPS = {"gt", "gte", "lt", "lte"}
ALL_OPS = {"eq", "ne", "in", "nin", "sw", *ORDERING_OPS}


@dataclass(frozen=True)
class Filter:
    """One parsed ``field:op:value`` term."""

    field: str
    op: str
    values: tuple[Any, ...]


def field_value(record: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path (``invoice.invoiceNumber``), or None."""
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _split_terms(raw: str) -> list[str]:
    terms, current, quoted = [], "", False
    for char in raw:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            terms.append(current)
            current = ""
        else:
            current += char
    terms.append(current)
    return terms


def _coerce(kind: FieldKind, field: str, raw: str) -> Any:
    text = raw.strip().strip('"')
    if kind is FieldKind.BOOL:
        if text not in ("true", "false"):
            raise invalid(f"Filter value for '{field}' must be true or false.")
        return text == "true"
    if kind is FieldKind.TIME:
        moment = parse_time(text)
        if moment is None:
            raise invalid(f"Filter value for '{field}' must be an ISO-8601 date-time.")
        return moment
    if kind is FieldKind.DATE:
        if not is_bill_date(text):
            raise invalid(f"Filter value for '{field}' must be a date in yyyy-MM-dd format.")
        return text
    if kind is FieldKind.NUMBER:
        try:
            return float(text)
        except ValueError:
            raise invalid(f"Filter value for '{field}' must be a number.") from None
    return text


def _list_values(chunks: list[str]) -> list[str]:
    """The members of an ``in``/``nin`` list, written ``A,B`` or ``"A,B"``."""
    return [value for chunk in chunks for value in _split_terms(chunk.strip().strip('"'))]


def parse_filters(raw: str, fields: Mapping[str, FieldKind]) -> list[Filter]:
    """Parse ``filters``; unknown fields (e.g. ``invoice.invoiceNumber``) and ops are BDC_1001."""
    parsed: list[tuple[str, str, list[str]]] = []
    for term in _split_terms(raw):
        parts = term.split(":", 2)
        if len(parts) == 3 and parts[0].strip() in fields and parts[1].strip() in ALL_OPS:
            parsed.append((parts[0].strip(), parts[1].strip(), [parts[2]]))
        elif parsed and parsed[-1][1] in ("in", "nin"):
            parsed[-1][2].append(term)  # in:A,B,C — the list continues
        elif len(parts) == 3 and parts[0].strip() not in fields:
            raise invalid(f"Field '{parts[0].strip()}' is not filterable.")
        else:
            raise invalid(f"Invalid filter '{term}'. Use field:operator:value with operators {sorted(ALL_OPS)}.")
    filters = []
    for name, op, raw_values in parsed:
        kind = fields[name]
        if op in ORDERING_OPS and kind is FieldKind.BOOL:
            raise invalid(f"Operator '{op}' is not supported for '{name}'.")
        if op == "sw" and kind is not FieldKind.TEXT:
            raise invalid(f"Operator 'sw' is supported only for text fields, not '{name}'.")
        values = _list_values(raw_values) if op in ("in", "nin") else raw_values
        filters.append(Filter(name, op, tuple(_coerce(kind, name, v) for v in values)))
    return filters


def _comparable(kind: FieldKind, value: Any) -> Any:
    if value is None:
        return None
    if kind is FieldKind.TIME and isinstance(value, str):
        return parse_time(value)
    return value


def matches(record: Mapping[str, Any], term: Filter, kind: FieldKind, path: str) -> bool:
    """True when the record's value at `path` passes the filter term."""
    value = _comparable(kind, field_value(record, path))
    target = term.values[0]
    tests: dict[str, Callable[[], bool]] = {
        "eq": lambda: value == target,
        "ne": lambda: value != target,
        "in": lambda: value in term.values,
        "nin": lambda: value not in term.values,
        "sw": lambda: isinstance(value, str) and value.startswith(str(target)),
        "gt": lambda: value is not None and value > target,
        "gte": lambda: value is not None and value >= target,
        "lt": lambda: value is not None and value < target,
        "lte": lambda: value is not None and value <= target,
    }
    try:
        return tests[term.op]()
    except TypeError:  # a record value of another type than the filter's never matches
        return False
