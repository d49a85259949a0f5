"""Scripted stand-ins for the polling sweep's activities (same names, same DTOs, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from common.models import SweepCursor, SweepCursorRequest, SweepPage, SweepPageRequest

STORED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@dataclass
class StandInSweep:
    """A Zoho org with `pages` pages of `per_page` bills each; page `failing` fails permanently."""

    pages: int
    per_page: int = 3
    failing: int | None = None
    requests: list[SweepPageRequest] = field(default_factory=list)
    advanced: list[SweepCursor] = field(default_factory=list)

    @activity.defn(name="load_sweep_cursor")
    async def load_sweep_cursor(self, request: SweepCursorRequest) -> SweepCursor:
        return SweepCursor(connection_id=request.connection_id, modified_since=STORED)

    @activity.defn(name="sweep_bill_page")
    async def sweep_bill_page(self, request: SweepPageRequest) -> SweepPage:
        self.requests.append(request)
        if request.page == self.failing:
            raise ApplicationError("Zoho rejected the list", type="PayloadRejected", non_retryable=True)
        next_page = request.page + 1 if request.page < self.pages else None
        return SweepPage(listed=self.per_page, started=1, next_page=next_page)

    @activity.defn(name="advance_sweep_cursor")
    async def advance_sweep_cursor(self, cursor: SweepCursor) -> SweepCursor:
        self.advanced.append(cursor)
        return cursor

    def all(self) -> list[Callable[..., Any]]:
        """Every stand-in, for `Worker(activities=...)`."""
        return [self.load_sweep_cursor, self.sweep_bill_page, self.advance_sweep_cursor]
