"""Walk a BILL list page by page through its `nextPage` tokens."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

from clients.bill._base import BillModel, BillPage
from common.errors import Unavailable

T = TypeVar("T", bound=BillModel)


async def iterate_pages(
    fetch: Callable[[str | None], Awaitable[BillPage[T]]], *, service: str
) -> AsyncGenerator[T, None]:
    """Every item of every page; a repeated page token is `Unavailable` instead of an endless loop."""
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = await fetch(token)
        for item in page.results:
            yield item
        token = page.next_page
        if token is None:
            return
        if token in seen:
            raise Unavailable("BILL returned a page token it had already returned", service=service)
        seen.add(token)
