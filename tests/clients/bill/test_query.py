"""Filter, sort and page parameters render exactly as BILL documents them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from clients.bill import BillFilter, BillSort
from clients.bill._query import FilterValue, list_params


@pytest.mark.parametrize(
    ("field", "op", "value", "rendered"),
    [
        ("name", "eq", "Happy Music", 'name:eq:"Happy Music"'),
        ("name", "sw", "Hap", 'name:sw:"Hap"'),
        ("createdTime", "gte", datetime(2026, 9, 1, tzinfo=UTC), 'createdTime:gte:"2026-09-01T00:00:00.000Z"'),
        (
            "updatedTime",
            "gt",
            datetime(2026, 9, 1, 2, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2))),
            'updatedTime:gt:"2026-09-01T00:30:15.123Z"',
        ),
        ("dueDate", "lte", date(2026, 12, 31), 'dueDate:lte:"2026-12-31"'),
        ("archived", "eq", False, "archived:eq:false"),
        ("amount", "gte", Decimal("100.00"), "amount:gte:100.00"),
        ("max", "lt", 5, "max:lt:5"),
        ("invoiceCurrency", "in", ["USD", "CAD"], 'invoiceCurrency:in:"USD,CAD"'),
        ("accountType", "nin", ("NONE", "PERSON"), 'accountType:nin:"NONE,PERSON"'),
    ],
)
def test_filter_rendering(field: str, op: str, value: FilterValue, rendered: str) -> None:
    assert BillFilter.model_validate({"field": field, "op": op, "value": value}).render() == rendered


@pytest.mark.parametrize(
    ("field", "op", "value"),
    [
        ("name", "eq", 'say "hi"'),
        ("createdTime", "gte", datetime(2026, 9, 1)),
        ("currency", "in", "USD"),
        ("currency", "eq", ["USD"]),
        ("currency", "in", ["US,D"]),
        ("bad:field", "eq", "x"),
        ("name", "like", "x"),
    ],
)
def test_unrenderable_filters_are_refused_at_construction(field: str, op: str, value: object) -> None:
    with pytest.raises(ValidationError):
        BillFilter.model_validate({"field": field, "op": op, "value": value})


def test_list_params_join_filters_and_sort() -> None:
    params = list_params(
        filters=[
            BillFilter(field="vendorId", op="eq", value="00901ABC"),
            BillFilter(field="archived", op="eq", value=False),
        ],
        sort=BillSort(field="createdTime", direction="desc"),
        max=50,
        page="token-2",
    )
    assert params == {
        "max": "50",
        "filters": 'vendorId:eq:"00901ABC",archived:eq:false',
        "sort": "createdTime:desc",
        "page": "token-2",
    }


def test_list_params_use_the_given_page_parameter() -> None:
    params = list_params(filters=(), sort=None, max=20, page="t", page_param="nextPage")
    assert params == {"max": "20", "nextPage": "t"}


@pytest.mark.parametrize("max_", [0, 101])
def test_page_size_is_bounded(max_: int) -> None:
    with pytest.raises(ValueError, match="max must be between 1 and 100"):
        list_params(filters=(), sort=None, max=max_, page=None)
