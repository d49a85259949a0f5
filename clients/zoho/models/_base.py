"""Base classes shared by every Zoho Books model, plus the generic page."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator


class ZohoModel(BaseModel):
    """A record read from Zoho: unknown fields are ignored, numeric ids become strings, nulls take the default."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        """Zoho sends ``null`` and ``""`` interchangeably for "no value"; treat null as absent."""
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


class ZohoRequest(BaseModel):
    """A request body sent to Zoho: only the fields the caller set (non-None) go on the wire."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, frozen=True)

    def to_body(self) -> dict[str, Any]:
        """JSON-ready body with unset (None) fields left out, so an update never blanks a field by accident."""
        return self.model_dump(mode="json", exclude_none=True)


class ZohoPageContext(ZohoModel):
    """Zoho's ``page_context`` block of a list response."""

    page: int
    per_page: int
    has_more_page: bool


T = TypeVar("T")


class ZohoPage(BaseModel, Generic[T]):
    """One page of a Zoho list."""

    model_config = ConfigDict(frozen=True)

    items: list[T]
    page: int
    per_page: int
    has_more_page: bool
