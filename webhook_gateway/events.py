"""Primitives shared by the event parsers: the refusal they raise, JSON object decoding and id values."""

from __future__ import annotations

import json
from typing import Any


class InvalidEvent(ValueError):
    """The body is not an event the gateway can act on (the message is safe to return to the sender)."""


def json_object(body: bytes, *, allow_string_wrapped: bool = False) -> dict[str, Any]:
    """The JSON object in `body`; with `allow_string_wrapped`, also a JSON string that holds that object.

    BILL documents its notifications as "JSON-escaped as a string": `"{\\"metadata\\": …}"` decodes to a
    string, which decodes to the event. Raises `InvalidEvent` for anything else.
    """
    try:
        value = json.loads(body)
        if allow_string_wrapped and isinstance(value, str):
            value = json.loads(value)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise InvalidEvent("body is not valid JSON") from None
    if not isinstance(value, dict):
        raise InvalidEvent("body is not a JSON object")
    return value


MAX_ID_LENGTH = 128
"""Longer values are not ids (and would not fit a database index)."""


def id_value(value: Any) -> str | None:
    """A string or integer id as a stripped string: 1 to `MAX_ID_LENGTH` printable characters; else None.

    Booleans are not ids; control characters (NUL included, which PostgreSQL text cannot hold) are refused.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    if not 0 < len(text) <= MAX_ID_LENGTH or not text.isprintable():
        return None
    return text
