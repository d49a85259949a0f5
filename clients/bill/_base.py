"""Shared pydantic plumbing for BILL models: camelCase aliases, money as JSON numbers, list pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer, field_validator
from pydantic.alias_generators import to_camel

Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""An amount: exact `Decimal` in Python, a JSON number on the wire (BILL rejects quoted amounts)."""


class BillModel(BaseModel):
    """Base of every BILL model: Python snake_case, BILL's camelCase on the wire, unknown fields ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON body BILL expects: camelCase names, no unset (None) fields."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


T = TypeVar("T", bound=BillModel)


class BillPage(BillModel, Generic[T]):
    """One page of a BILL list: `results` plus opaque `nextPage` / `prevPage` tokens (None at either end)."""

    results: list[T]
    next_page: str | None = None
    prev_page: str | None = None

    @field_validator("next_page", "prev_page", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """BILL may send an empty token at the end of a list; treat it as no page."""
        return value or None
