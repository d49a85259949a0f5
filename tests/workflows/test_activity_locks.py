"""`KeyedLocks`: one holder per key at a time, independent keys, no leftover locks."""

from __future__ import annotations

import asyncio

from activities.locks import KeyedLocks


async def test_same_key_is_serialized_other_keys_are_not() -> None:
    locks = KeyedLocks()
    inside: dict[str, int] = {"a": 0, "b": 0}
    peak: dict[str, int] = {"a": 0, "b": 0}

    async def hold(key: str) -> None:
        async with locks.hold(key):
            inside[key] += 1
            peak[key] = max(peak[key], inside[key])
            await asyncio.sleep(0.05)
            inside[key] -= 1

    started = asyncio.get_running_loop().time()
    await asyncio.gather(*(hold("a") for _ in range(5)), *(hold("b") for _ in range(5)))
    elapsed = asyncio.get_running_loop().time() - started

    assert peak == {"a": 1, "b": 1}
    assert elapsed < 0.45, "keys a and b must not wait for each other (serialized: 0.5 s)"
    assert len(locks) == 0
