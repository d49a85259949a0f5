"""Bulk create with BILL's all-or-nothing semantics: a rejected batch is split in halves until the bad
records stand alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from common.errors import PayloadRejected, Unavailable

Item = TypeVar("Item")
Made = TypeVar("Made")


async def create_all_or_split(
    create: Callable[[Sequence[Item]], Awaitable[list[Made]]], items: Sequence[Item]
) -> list[Made | None]:
    """`create(items)`, aligned with `items`; None for each item BILL rejects on its own.

    Only `PayloadRejected` (the request's content) splits; anything else propagates, since nothing was
    created by the failed call (all-or-nothing) or, for a lost answer, the caller's lookup decides.
    A batch with one bad record costs about 2·log2(n) extra calls.
    """
    if not items:
        return []
    try:
        made = await create(items)
    except PayloadRejected:
        if len(items) == 1:
            return [None]
        half = len(items) // 2
        return [*await create_all_or_split(create, items[:half]), *await create_all_or_split(create, items[half:])]
    if len(made) != len(items):
        # what was created cannot be told apart: a retry's lookup-before-create sorts it out
        raise Unavailable(f"bulk create returned {len(made)} records for {len(items)}", service="bill")
    return list(made)
