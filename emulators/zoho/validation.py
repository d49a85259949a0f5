"""A small strict validator for Zoho request bodies, driven by the emulator's own shapes (`shapes.py`).

Rules (stricter than a lenient server, on purpose — the emulator is an oracle):
- a `required` field that is absent is HTTP 400 code 4;
- a field whose JSON type differs from the documented one (strings are not numbers, ``null`` is not a
  string, booleans are not integers) is HTTP 400 code 2 naming the field's path;
- a field the spec does not document is HTTP 400 code 2 too, so a client's typo cannot pass silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from emulators.zoho.errors import invalid_value, missing_field


class Kind(StrEnum):
    """JSON types used by Zoho's OpenAPI documents."""

    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ARRAY = "array"
    OBJECT = "object"


@dataclass(frozen=True)
class Shape:
    """An object schema: its documented properties and which of them are required."""

    fields: Mapping[str, Field]
    required: tuple[str, ...] = ()

    def require(self, *names: str) -> Shape:
        """This shape with `names` required as well."""
        return Shape(self.fields, (*self.required, *names))

    def extend(self, **fields: Field | Shape) -> Shape:
        """This shape with `fields` added or replaced."""
        return Shape({**self.fields, **{k: _as_field(v) for k, v in fields.items()}}, self.required)

    def without(self, *names: str) -> Shape:
        """This shape minus `names`."""
        return Shape({k: v for k, v in self.fields.items() if k not in names}, self.required)


@dataclass(frozen=True)
class Field:
    """One property: its kind, and the element (arrays) or object shape (objects)."""

    kind: Kind
    item: Field | None = None
    shape: Shape | None = field(default=None)


STRING = Field(Kind.STRING)
NUMBER = Field(Kind.NUMBER)
INTEGER = Field(Kind.INTEGER)
BOOLEAN = Field(Kind.BOOLEAN)


def _as_field(value: Field | Shape) -> Field:
    return value if isinstance(value, Field) else Field(Kind.OBJECT, shape=value)


def shape(**fields: Field | Shape) -> Shape:
    """An object shape (nothing required); nested shapes may be passed directly as field values."""
    return Shape({name: _as_field(value) for name, value in fields.items()})


def array_of(item: Field | Shape) -> Field:
    """An array whose elements are `item`."""
    return Field(Kind.ARRAY, item=_as_field(item))


def _has_kind(value: Any, kind: Kind) -> bool:
    if kind is Kind.STRING:
        return isinstance(value, str)
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is Kind.ARRAY:
        return isinstance(value, list)
    return isinstance(value, dict)


def validate(body: Mapping[str, Any], schema: Shape, *, path: str = "") -> None:
    """Raise the Zoho error for the first problem in `body`, or return when it conforms."""
    for name in schema.required:
        if name not in body:
            raise missing_field(f"{path}{name}")
    for name, value in body.items():
        spec = schema.fields.get(name)
        if spec is None:
            raise invalid_value(f"{path}{name}")
        _validate_value(value, spec, f"{path}{name}")


def _validate_value(value: Any, spec: Field, path: str) -> None:
    if not _has_kind(value, spec.kind):
        raise invalid_value(path)
    if spec.kind is Kind.OBJECT and spec.shape is not None:
        validate(value, spec.shape, path=f"{path}.")
    elif spec.kind is Kind.ARRAY and spec.item is not None:
        for index, element in enumerate(value):
            _validate_value(element, spec.item, f"{path}[{index}]")


def _fields(kind: Field, names: str) -> dict[str, Field]:
    return dict.fromkeys(names.split(), kind)


def strings(names: str) -> dict[str, Field]:
    """Space-separated property names that are all strings."""
    return _fields(STRING, names)


def numbers(names: str) -> dict[str, Field]:
    """Space-separated property names that are all numbers."""
    return _fields(NUMBER, names)


def integers(names: str) -> dict[str, Field]:
    """Space-separated property names that are all integers."""
    return _fields(INTEGER, names)


def booleans(names: str) -> dict[str, Field]:
    """Space-separated property names that are all booleans."""
    return _fields(BOOLEAN, names)
