"""Page loops over Zoho lists: follow ``has_more_page``, refuse loops, stop at a watermark."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from datetime import datetime
from typing import TypeVar

from clients.zoho._errors import BOOKS
from clients.zoho.models import ZohoPage
from common.errors import Unavailable

T = TypeVar("T")

MAX_PAGES = 5_000
"""1,000,000 records at 200 per page; past that the loop is a server bug, not data."""


async def iterate_pages(
    fetch: Callable[[int], Awaitable[ZohoPage[T]]],
    *,
    record_id: Callable[[T], str],
    max_pages: int = MAX_PAGES,
) -> AsyncGenerator[T, None]:
    """Every record of pages 1, 2, ... while ``has_more_page``; raises `Unavailable` if a page repeats."""
    previous: list[str] | None = None
    for number in range(1, max_pages + 1):
        page = await fetch(number)
        ids = [record_id(item) for item in page.items]
        if page.page != number or (ids and ids == previous):
            raise Unavailable(f"pagination repeated a page (asked for {number}, got {page.page})", service=BOOKS)
        for item in page.items:
            yield item
        if not page.has_more_page:
            return
        if not ids:
            raise Unavailable(f"empty page {number} claims more pages", service=BOOKS)
        previous = ids
    raise Unavailable(f"pagination exceeded {max_pages} pages", service=BOOKS)


async def newest_until(
    records: AsyncGenerator[T, None],
    watermark: datetime | None,
    stamp: Callable[[T], datetime | None],
) -> AsyncGenerator[T, None]:
    """Records of a newest-first stream down to `watermark` (inclusive); stops fetching at the first older one."""
    async with aclosing(records) as stream:
        async for record in stream:
            when = stamp(record)
            if watermark is not None and when is not None and when < watermark:
                return
            yield record
