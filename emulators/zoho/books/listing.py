"""List endpoints: paging, sorting, ``filter_by``, field filters and the ``last_modified_time`` watermark.

Defaults: ``page=1``; ``per_page=200`` (Zoho's pagination page; the spec says 10 — clients should always
send it), at most 200; ``sort_order`` ``D`` for time/date columns, ``A`` otherwise. Unknown sort columns,
``filter_by`` values, bad numbers and offset-less timestamps are HTTP 400 code 2; documented ``filter_by``
values and parameters the emulator does not model are HTTP 501. A parameter the spec does
not document for the entity (e.g. ``last_modified_time`` on contacts) is ignored, as Zoho ignores it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from emulators.zoho.books.entity import Entity, project
from emulators.zoho.errors import invalid_value, not_emulated
from emulators.zoho.state import Organization, Record
from emulators.zoho.timefmt import parse_date, parse_timestamp

DEFAULT_PER_PAGE = MAX_PER_PAGE = 200
_DESCENDING_BY_DEFAULT = ("date", "due_date", "delivery_date", "created_time", "last_modified_time")
_DATE_TESTS: dict[str, Callable[[date, date], bool]] = {
    "date": lambda value, bound: value == bound,
    "date_start": lambda value, bound: value >= bound,
    "date_end": lambda value, bound: value <= bound,
    "date_before": lambda value, bound: value < bound,
    "date_after": lambda value, bound: value > bound,
}
Row = tuple[Record, dict[str, Any]]


def _positive_int(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise invalid_value(name)
    return int(raw)


def _text_match(value: Any, params: Mapping[str, str], name: str) -> bool:
    text = str(value if value is not None else "").lower()
    tests = (
        (name, lambda wanted: text == wanted),
        (f"{name}_startswith", text.startswith),
        (f"{name}_contains", lambda wanted: wanted in text),
    )
    return all(test(params[param].lower()) for param, test in tests if param in params)


def _matches(
    entity: Entity, row: Row, params: Mapping[str, str], since: datetime | None, dates: Mapping[str, date]
) -> bool:
    record, full = row
    if since is not None and record.modified.replace(microsecond=0) < since:
        return False
    if not all(_text_match(full.get(name), params, name) for name in entity.text_filters):
        return False
    if "purchaseorder_id" in params and params["purchaseorder_id"] not in full.get("purchaseorder_ids", []):
        return False
    if "search_text" in params:
        needle = params["search_text"].lower()
        if not any(needle in str(full.get(name, "")).lower() for name in entity.text_filters):
            return False
    if not dates:
        return True
    day = date.fromisoformat(full["date"])
    return all(_DATE_TESTS[param](day, bound) for param, bound in dates.items())


def _sort_key(column: str) -> Callable[[Row], tuple[Any, ...]]:
    def key(row: Row) -> tuple[Any, ...]:
        record, full = row
        if column in ("created_time", "last_modified_time"):
            value: Any = record.created if column == "created_time" else record.modified
        else:
            value = full.get(column)
            value = value.lower() if isinstance(value, str) else value
        return (value is None, value if value is not None else 0, int(record.record_id))

    return key


def list_response(org: Organization, entity: Entity, params: Mapping[str, str]) -> dict[str, Any]:
    """The list envelope for `entity` in `org` under the query `params`."""
    for name in params:
        if name.startswith(entity.unmodelled_params):
            raise not_emulated(f"the {name} parameter")
    page = _positive_int(params, "page", 1)
    per_page = min(_positive_int(params, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    column = params.get("sort_column") or entity.default_sort
    if column not in entity.sort_columns:
        raise invalid_value("sort_column")
    order = params.get("sort_order") or ("D" if column in _DESCENDING_BY_DEFAULT else "A")
    if order not in ("A", "D"):
        raise invalid_value("sort_order")
    applied = params.get("filter_by") or next(iter(entity.filters_by))
    if applied in entity.unmodelled_filters:
        raise not_emulated(f"filter_by={applied}")
    if applied not in entity.filters_by:
        raise invalid_value("filter_by")
    since = None
    if entity.modified_filter and "last_modified_time" in params:
        since = parse_timestamp(params["last_modified_time"], "last_modified_time")
    dates = {p: parse_date(params[p], p) for p in _DATE_TESTS if p in params} if entity.date_filter else {}
    rows = [(record, entity.full(org, record)) for record in org.table(entity.plural).values()]
    keep = entity.filters_by[applied]
    rows = [row for row in rows if keep(row[1]) and _matches(entity, row, params, since, dates)]
    rows.sort(key=_sort_key(column), reverse=order == "D")
    start = (page - 1) * per_page
    return {
        "code": 0,
        "message": "success",
        entity.plural: [project(full, entity.summary_fields) for _, full in rows[start : start + per_page]],
        "page_context": {
            "page": page,
            "per_page": per_page,
            "has_more_page": len(rows) > start + per_page,
            "applied_filter": applied,
            "sort_column": column,
            "sort_order": order,
        },
    }
