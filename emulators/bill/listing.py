"""BILL list semantics: ``max``, opaque ``page`` tokens, ``filters`` (see `filters`) and ``sort=field:dir``.

A page token encodes the offset and a fingerprint of the query (filters, sort, max); sending a token with a
different query is rejected, like a cursor from another search. Results are ordered by the requested sort,
then by id (ids grow with creation), so pages never overlap or skip while the data is unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emulators.bill.errors import invalid
from emulators.bill.filters import FieldKind, field_value, matches, parse_filters
from emulators.bill.timefmt import parse_time


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
    filters = parse_filters(query["filters"], spec.fields) if query.get("filters") else []
    sort_field, descending = parse_sort(query["sort"], spec) if query.get("sort") else ("createdTime", False)
    fingerprint = _fingerprint(query)
    token = query.get("page")
    offset = _offset(token, fingerprint) if token else 0
    rows = [r for r in records if all(matches(r, f, spec.fields[f.field], spec.path(f.field)) for f in filters)]
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
