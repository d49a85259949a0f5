"""A small declarative request-body checker: required keys, JSON types, enums, dates, positive amounts.

Unknown keys are rejected (a misspelt field must not be silently dropped), which is stricter than a lenient
gateway but is what lets the emulator catch a client sending the wrong shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulators.bill.errors import invalid
from emulators.bill.timefmt import is_bill_date

JSON_NAMES: Mapping[type, str] = {
    str: "a string",
    bool: "a boolean",
    float: "a number",
    dict: "an object",
    list: "an array",
}


@dataclass(frozen=True)
class Field:
    """One JSON member: its type, whether it is required, and optional nested shape or value check."""

    kind: type
    required: bool = False
    children: Mapping[str, Field] | None = None
    items: Field | None = None
    choices: frozenset[str] | None = None
    check: Callable[[Any], str | None] | None = None
    max_items: int | None = None


def text(*, required: bool = False, choices: frozenset[str] | None = None) -> Field:
    """A string member (non-blank when required)."""
    return Field(str, required, choices=choices, check=_non_blank if required else None)


def date(*, required: bool = False) -> Field:
    """A ``yyyy-MM-dd`` date member."""
    return Field(str, required, check=lambda v: None if is_bill_date(v) else "must be a date in yyyy-MM-dd format")


def amount(*, required: bool = False) -> Field:
    """A number greater than zero."""
    return Field(float, required, check=lambda v: None if v > 0 else "must be greater than 0")


def number(*, required: bool = False) -> Field:
    """Any JSON number."""
    return Field(float, required)


def obj(children: Mapping[str, Field], *, required: bool = False) -> Field:
    """A nested object with its own members."""
    return Field(dict, required, children=children)


def array(items: Field, *, required: bool = False, max_items: int | None = None) -> Field:
    """A non-empty (when required) array of items."""
    return Field(list, required, items=items, max_items=max_items)


def flag(*, required: bool = False) -> Field:
    """A boolean member."""
    return Field(bool, required)


def _non_blank(value: str) -> str | None:
    return None if value.strip() else "must not be blank"


def _is_kind(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kind)


def check_value(value: Any, spec: Field, path: str) -> None:
    """Validate one value against its spec; raises BDC_1001 naming the offending path."""
    if not _is_kind(value, spec.kind):
        raise invalid(f"{path} must be {JSON_NAMES[spec.kind]}.")
    if spec.choices is not None and value not in spec.choices:
        raise invalid(f"{path} must be one of {', '.join(sorted(spec.choices))}.")
    if spec.check is not None and (problem := spec.check(value)):
        raise invalid(f"{path} {problem}.")
    if spec.children is not None:
        check_object(value, spec.children, f"{path}.")
    if spec.items is not None:
        if spec.required and not value:
            raise invalid(f"{path} must not be empty.")
        if spec.max_items is not None and len(value) > spec.max_items:
            raise invalid(f"{path} accepts at most {spec.max_items} items.")
        for index, item in enumerate(value):
            check_value(item, spec.items, f"{path}[{index}]")


def check_object(body: Any, schema: Mapping[str, Field], prefix: str = "") -> dict[str, Any]:
    """Validate a JSON object against a schema and return it; ``null`` counts as absent."""
    if not isinstance(body, dict):
        raise invalid(f"{prefix.rstrip('.') or 'Request body'} must be a JSON object.")
    for key in body:
        if key not in schema:
            raise invalid(f"Unrecognized field '{prefix}{key}'.")
    for key, spec in schema.items():
        value = body.get(key)
        if value is None:
            if spec.required:
                raise invalid(f"{prefix}{key} is required.")
            continue
        check_value(value, spec, f"{prefix}{key}")
    return body
