"""Line items shared by bills and purchase orders: ids, account checks and totals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import lookup, money, project
from emulators.zoho.errors import invalid_value
from emulators.zoho.state import Organization


@dataclass(frozen=True)
class LineKeys:
    """Documented keys of an entity's response line items and of their nested lists."""

    line: frozenset[str]
    tags: frozenset[str]
    custom_fields: frozenset[str]


BILL_LINES = LineKeys(documented.BILL_LINE_ITEM, documented.BILL_LINE_TAGS, documented.BILL_LINE_ITEM_CUSTOM_FIELDS)
PURCHASE_ORDER_LINES = LineKeys(
    documented.PURCHASE_ORDER_LINE_ITEM,
    documented.PURCHASE_ORDER_LINE_TAGS,
    documented.PURCHASE_ORDER_LINE_ITEM_CUSTOM_FIELDS,
)


def prepare_lines(org: Organization, lines: list[dict[str, Any]], new_id: Callable[[], str]) -> list[dict[str, Any]]:
    """Copies of `lines` with a ``line_item_id`` each; referenced accounts must exist; quantities numeric."""
    prepared = []
    for index, line in enumerate(lines):
        if "account_id" in line:
            lookup(org, "chartofaccounts", line["account_id"], f"line_items[{index}].account_id")
        _quantity(line, index)
        prepared.append({"line_item_id": new_id(), **line})
    return prepared


def _quantity(line: Mapping[str, Any], index: int) -> float:
    raw = line.get("quantity", 1)
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise invalid_value(f"line_items[{index}].quantity") from None


def line_views(org: Organization, lines: list[dict[str, Any]], keys: LineKeys) -> list[dict[str, Any]]:
    """Lines as responses show them: account name and ``item_total`` added, undocumented keys dropped."""
    views = []
    for index, line in enumerate(lines):
        total = money(float(line.get("rate", 0)) * _quantity(line, index))
        account = org.table("chartofaccounts").get(line.get("account_id", ""))
        extra = {"account_name": account.fields["account_name"]} if account else {}
        view = project({**line, **extra, "item_total": total, "bcy_rate": line.get("rate", 0)}, keys.line)
        nested = {
            "tags": [project(tag, keys.tags) for tag in line.get("tags", [])],
            "item_custom_fields": [project(field, keys.custom_fields) for field in line.get("item_custom_fields", [])],
        }
        views.append({**view, **{name: items for name, items in nested.items() if name in line}})
    return views


def sub_total(lines: list[dict[str, Any]]) -> float:
    """Sum of the lines' totals (the emulator computes no tax)."""
    return money(sum(line["item_total"] for line in lines))
