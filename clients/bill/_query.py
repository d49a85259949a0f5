"""BILL list query parameters: `filters=field:op:value,...`, `sort=field:asc|desc`, `max`.

Rendering follows BILL's "Search operations with lists" guide: text, dates and date-times are
quoted (`name:sw:"Hap"`, `createdTime:gte:"2025-09-01T00:00:00.000Z"`), numbers and booleans are
bare, and `in` / `nin` take one quoted comma-separated list (`invoiceCurrency:in:"USD,CAD"`).
BILL documents no escape for a double quote, so values containing one are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

FilterOp = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "sw"]
FilterValue = str | bool | int | Decimal | date | datetime | Sequence[str]

MAX_PAGE_SIZE = 100
"""BILL's cap on `max` for AP/AR lists (Spend transactions cap at 50)."""


def _quoted(text: str) -> str:
    if '"' in text:
        raise ValueError("BILL filter values cannot contain a double quote")
    return f'"{text}"'


def _timestamp(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("filter date-times must be timezone-aware")
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


class BillFilter(BaseModel):
    """One `field:op:value` list filter."""

    model_config = ConfigDict(frozen=True)

    field: str
    op: FilterOp
    value: FilterValue

    @model_validator(mode="after")
    def _check(self) -> BillFilter:
        if not self.field or ":" in self.field or "," in self.field:
            raise ValueError(f"invalid filter field {self.field!r}")
        is_list = isinstance(self.value, Sequence) and not isinstance(self.value, str)
        if is_list != (self.op in ("in", "nin")):
            raise ValueError("`in` / `nin` take a list of strings; other operators take one value")
        self.render()  # refuse unrenderable values at construction, not at request time
        return self

    def render(self) -> str:
        """`field:op:value` as BILL expects it in the `filters` query parameter."""
        return f"{self.field}:{self.op}:{self._rendered_value()}"

    def _rendered_value(self) -> str:
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | Decimal):
            return str(value)
        if isinstance(value, datetime):
            return _quoted(_timestamp(value))
        if isinstance(value, date):
            return _quoted(value.isoformat())
        if isinstance(value, str):
            return _quoted(value)
        if any("," in item for item in value):
            raise ValueError("`in` / `nin` values cannot contain a comma")
        return _quoted(",".join(value))


class BillSort(BaseModel):
    """`sort=field:asc|desc`."""

    model_config = ConfigDict(frozen=True)

    field: str
    direction: Literal["asc", "desc"] = "asc"

    def render(self) -> str:
        """`field:direction`."""
        return f"{self.field}:{self.direction}"


def list_params(
    *,
    filters: Sequence[BillFilter],
    sort: BillSort | None,
    max: int,
    page: str | None,
    page_param: str = "page",
    max_page_size: int = MAX_PAGE_SIZE,
) -> dict[str, str]:
    """Query parameters of one list call; `page_param` is `page` (AP/AR) or `nextPage` (Spend & Expense)."""
    if not 1 <= max <= max_page_size:
        raise ValueError(f"max must be between 1 and {max_page_size}")
    params = {"max": str(max)}
    if filters:
        params["filters"] = ",".join(f.render() for f in filters)
    if sort is not None:
        params["sort"] = sort.render()
    if page:
        params[page_param] = page
    return params
