"""BILL list semantics: ``max``, opaque ``page`` tokens, ``filters=field:op:value,...`` and ``sort=field:dir``.

A page token encodes the offset and a fingerprint of the query (filters, sort, max); sending a token with a
different query is rejected, like a cursor from another search. Results are ordered by the requested sort,
then by id (ids grow with creation), so pages never overlap or skip while the data is unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
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
class ListSpec:
    """What a list endpoint accepts: filterable/sortable fields and the largest page."""

    fields: Mapping[str, FieldKind]
    max_page: int = 100
    default_page: int = 20
    paths: Mapping[str, str] = field(default_factory=dict)  # query name → record path when they differ

    def path(self, name: str) -> str:
        """Where a filter/sort name reads its value in a record."""
        return self.paths.get(name, name)


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


def parse_filters(raw: str, spec: ListSpec) -> list[Filter]:
    """Parse ``filters``; unknown fields (e.g. ``invoice.invoiceNumber``) and ops are BDC_1001."""
    parsed: list[tuple[str, str, list[str]]] = []
    for term in _split_terms(raw):
        parts = term.split(":", 2)
        if len(parts) == 3 and parts[0].strip() in spec.fields and parts[1].strip() in ALL_OPS:
            parsed.append((parts[0].strip(), parts[1].strip(), [parts[2]]))
        elif parsed and parsed[-1][1] in ("in", "nin"):
            parsed[-1][2].append(term)  # in:A,B,C — the list continues
        elif len(parts) == 3 and parts[0].strip() not in spec.fields:
            raise invalid(f"Field '{parts[0].strip()}' is not filterable.")
        else:
            raise invalid(f"Invalid filter '{term}'. Use field:operator:value with operators {sorted(ALL_OPS)}.")
    filters = []
    for name, op, raw_values in parsed:
        kind = spec.fields[name]
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


def _matches(record: Mapping[str, Any], term: Filter, spec: ListSpec) -> bool:
    kind = spec.fields[term.field]
    value = _comparable(kind, field_value(record, spec.path(term.field)))
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


def parse_sort(raw: str, spec: ListSpec) -> tuple[str, bool]:
    """``field:asc|desc`` → (field, descending)."""
    field, _, direction = raw.partition(":")
    direction = direction or "asc"
    if field not in spec.fields or direction not in ("asc", "desc"):
        raise invalid(f"Invalid sort '{raw}'. Use a filterable field with asc or desc.")
    return field, direction == "desc"


def parse_max(raw: str | None, spec: ListSpec) -> int:
    """``max``: an integer from 1 to the endpoint's cap."""
    if raw is None:
        return spec.default_page
    if not raw.isdigit() or not 1 <= int(raw) <= spec.max_page:
        raise invalid(f"max must be an integer between 1 and {spec.max_page}.")
    return int(raw)


def _fingerprint(query: Mapping[str, str]) -> str:
    canonical = json.dumps({k: query.get(k, "") for k in ("filters", "sort", "max")}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _token(offset: int, fingerprint: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "q": fingerprint}).encode()).decode().rstrip("=")


def _offset(token: str, fingerprint: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset, query = int(data["o"]), str(data["q"])
    except (ValueError, KeyError, TypeError):
        raise invalid("Invalid page token.") from None
    if query != fingerprint or offset < 0:
        raise invalid("Page token does not belong to this query; repeat the same filters, sort and max.")
    return offset


def _sort_key(kind: FieldKind, value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if kind is FieldKind.TIME and isinstance(value, str):
        moment: datetime | None = parse_time(value)
        return (1, moment.timestamp() if moment else 0.0)
    return (1, value)


def page(records: Iterable[Mapping[str, Any]], query: Mapping[str, str], spec: ListSpec) -> dict[str, Any]:
    """One page ``{nextPage?, prevPage?, results}`` of the records matching the query."""
    size = parse_max(query.get("max"), spec)
    filters = parse_filters(query["filters"], spec) if query.get("filters") else []
    sort_field, descending = parse_sort(query["sort"], spec) if query.get("sort") else ("createdTime", False)
    fingerprint = _fingerprint(query)
    token = query.get("page")
    offset = _offset(token, fingerprint) if token else 0
    rows = [r for r in records if all(_matches(r, f, spec) for f in filters)]
    rows.sort(key=lambda r: str(r.get("id", "")))
    kind = spec.fields.get(sort_field, FieldKind.TEXT)
    rows.sort(key=lambda r: _sort_key(kind, field_value(r, spec.path(sort_field))), reverse=descending)
    body: dict[str, Any] = {}
    if offset + size < len(rows):
        body["nextPage"] = _token(offset + size, fingerprint)
    if offset > 0:
        body["prevPage"] = _token(max(0, offset - size), fingerprint)
    body["results"] = [dict(r) for r in rows[offset : offset + size]]
    return body
