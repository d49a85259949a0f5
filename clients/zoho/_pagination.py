"""Page loops over Zoho lists: follow ``has_more_page``, refuse loops, stop at a watermark."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from datetime import datetime
from itertools import pairwise
from typing import TypeVar

from clients.zoho._errors import BOOKS
from clients.zoho.models import ZohoPage
from common.errors import Unavailable, Unsupported

T = TypeVar("T")

MAX_PAGES = 5_000
"""1,000,000 records at 200 per page; past that the loop is a server bug, not data."""


async def walk_pages(
    fetch: Callable[[int], Awaitable[ZohoPage[T]]],
    *,
    record_id: Callable[[T], str],
    max_pages: int = MAX_PAGES,
) -> AsyncGenerator[ZohoPage[T], None]:
    """Pages 1, 2, ... while ``has_more_page``; raises `Unavailable` if a page repeats or paging never ends."""
    previous: list[str] | None = None
    for number in range(1, max_pages + 1):
        page = await fetch(number)
        ids = [record_id(item) for item in page.items]
        if page.page != number or (ids and ids == previous):
            raise Unavailable(f"pagination repeated a page (asked for {number}, got {page.page})", service=BOOKS)
        yield page
        if not page.has_more_page:
            return
        if not ids:
            raise Unavailable(f"empty page {number} claims more pages", service=BOOKS)
        previous = ids
    raise Unavailable(f"pagination exceeded {max_pages} pages", service=BOOKS)


async def records_of(pages: AsyncGenerator[ZohoPage[T], None]) -> AsyncGenerator[T, None]:
    """Every record of every page."""
    async with aclosing(pages) as stream:
        async for page in stream:
            for record in page.items:
                yield record


async def newest_until(
    pages: AsyncGenerator[ZohoPage[T], None],
    watermark: datetime | None,
    stamp: Callable[[T], datetime | None],
) -> AsyncGenerator[T, None]:
    """Records of newest-first pages down to `watermark` (inclusive); no page is fetched past the first older one.

    Raises `Unsupported` when a page is not newest-first: stopping early would then silently skip changes.
    """
    floor: datetime | None = None
    async with aclosing(pages) as stream:
        async for page in stream:
            stamps = [when for when in map(stamp, page.items) if when is not None]
            if any(later > earlier for earlier, later in pairwise([floor, *stamps] if floor else stamps)):
                raise Unsupported("records are not sorted newest first; a watermark cannot stop the scan")
            for record in page.items:
                when = stamp(record)
                if watermark is not None and when is not None and when < watermark:
                    return
                yield record
            floor = stamps[-1] if stamps else floor
