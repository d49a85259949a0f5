"""Pull a record or a page out of a Books response envelope and validate it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from clients.zoho._errors import BOOKS
from clients.zoho.models import ZohoPage, ZohoPageContext
from common.errors import Unavailable

M = TypeVar("M", bound=BaseModel)

_ENVELOPE_KEYS = frozenset({"code", "message"})


def record(body: dict[str, Any], keys: Sequence[str], model: type[M], *, flat: bool = False) -> M:
    """The record under the first of `keys` present; with `flat`, the envelope itself when none is."""
    for key in keys:
        if key in body:
            return validated(model, body[key], key)
    if flat:
        return validated(model, {k: v for k, v in body.items() if k not in _ENVELOPE_KEYS}, "body")
    raise Unavailable(f"response lacks '{keys[0]}'", service=BOOKS)


def records(body: dict[str, Any], key: str, model: type[M]) -> list[M]:
    """The list under `key`."""
    items = body.get(key)
    if not isinstance(items, list):
        raise Unavailable(f"response lacks the '{key}' list", service=BOOKS)
    return [validated(model, item, key) for item in items]


def page(body: dict[str, Any], key: str, model: type[M]) -> ZohoPage[M]:
    """The list under `key` with its ``page_context``."""
    items = records(body, key, model)
    context = validated(ZohoPageContext, body.get("page_context"), "page_context")
    return ZohoPage[M](
        items=items,
        page=context.page,
        per_page=context.per_page,
        has_more_page=context.has_more_page,
    )


def validated(model: type[M], data: object, where: str) -> M:
    """`data` as `model`; a mismatch is `Unavailable` naming field paths only (values may be personal data)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        paths = sorted({".".join(str(part) for part in error["loc"]) or "(root)" for error in exc.errors()})
        raise Unavailable(f"unexpected {where} shape at {', '.join(paths[:5])}", service=BOOKS) from None
