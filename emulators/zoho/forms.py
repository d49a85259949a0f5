"""URL-encoded form bodies, parsed without python-multipart (which the project does not install).

Only ``application/x-www-form-urlencoded`` is understood; any other content type yields no fields.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

FORM_TYPE = "application/x-www-form-urlencoded"


def media_type(request: Request) -> str:
    """The request's content type without parameters, lower-cased."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def form_fields(request: Request) -> dict[str, str]:
    """The form's fields (last value wins), or ``{}`` when the body is not URL-encoded."""
    if media_type(request) != FORM_TYPE:
        return {}
    return dict(parse_qsl((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True))
