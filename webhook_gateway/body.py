"""Read a request body with a hard size cap, without buffering more than the cap."""

from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    """The body exceeds the configured cap."""


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The raw body bytes; raises `BodyTooLarge` as soon as more than `limit` bytes are declared or received."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)
