"""DTOs of the backfill (workflow input, progress, activity arguments and results): ids, dates and counts only."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BackfillEntity = Literal["accounts", "vendors", "bills", "expenses"]
"""Entities a backfill can walk, in the order it walks them (master data first, so bills find their vendor and
accounts mapped). A new entity adds its name here and one step in the workflow."""

PAGE_SIZE_MAX = 200
"""Zoho's largest `per_page`."""


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BackfillCounts(_Dto):
    """What a backfill did (or, in a dry run, would do) with the records it listed."""

    seen: int = 0
    """Zoho records listed."""
    created: int = 0
    """Created in BILL by a bulk call of this backfill."""
    adopted: int = 0
    """Already in BILL (an earlier, unconfirmed create; for master data, a record matched on the other side):
    linked, not created again."""
    updated: int = 0
    """Master data changed on one side and written to the other."""
    already_synced: int = 0
    """Synced before, and Zoho has no newer version: nothing to do."""
    handed_off: int = 0
    """Given to the record's keyed workflow (edits, pending records, records another run holds, bad records)."""
    failed: int = 0
    """Rejected by BILL on its own in a bulk call (handed to its keyed workflow, which records the failure)."""
    needs_mapping: int = 0
    """Waiting for a human: an unmapped vendor or account, or totals that do not add up."""
    skipped: int = 0
    """Not synced by design (drafts, voids, no billable line)."""
    would_create: int = 0
    """Dry run: records with no sync record yet."""
    would_update: int = 0
    """Dry run: synced records whose Zoho version is newer than the one handled."""

    def plus(self, other: BackfillCounts) -> BackfillCounts:
        """Field-wise sum."""
        mine, theirs = self.model_dump(), other.model_dump()
        return BackfillCounts(**{name: mine[name] + theirs[name] for name in mine})


class BackfillInput(_Dto):
    """Start of `BackfillWorkflow` (the README documents this JSON). The last three fields are the cursor a
    continued run carries; leave them out when starting a backfill."""

    connection_id: str
    since: dt.date
    """Records whose Zoho `last_modified_time` is at or after 00:00 UTC of this day."""
    entities: tuple[BackfillEntity, ...] = ("bills",)
    dry_run: bool = False
    """Count what would be created or updated; write nothing (no BILL call, no workflow start, no audit)."""
    page_size: int = Field(default=PAGE_SIZE_MAX, ge=1, le=PAGE_SIZE_MAX)
    entity_index: int = 0
    next_page: int = 1
    counts: dict[str, BackfillCounts] = Field(default_factory=dict)


class BackfillProgress(_Dto):
    """Answer of the `progress` query: counts per entity so far, where the walk is, and whether it ended."""

    counts: dict[str, BackfillCounts]
    entity: str | None
    page: int | None
    dry_run: bool
    done: bool = False
    cancelled: bool = False

    @property
    def total(self) -> BackfillCounts:
        """Counts of every entity summed."""
        total = BackfillCounts()
        for counts in self.counts.values():
            total = total.plus(counts)
        return total


class BackfillPageRequest(_Dto):
    """One Zoho page of an entity, listed by `last_modified_time`."""

    connection_id: str
    since: dt.datetime
    page: int
    page_size: int
    dry_run: bool


class BackfillPage(_Dto):
    """A listed page: the ids a bulk batch may create (no sync record yet), counts of the rest, the next page."""

    zoho_org_id: str
    fresh_ids: tuple[str, ...]
    counts: BackfillCounts
    next_page: int | None


class BillBatchRequest(_Dto):
    """Up to one bulk call's worth of Zoho bills with no sync record when they were listed."""

    connection_id: str
    zoho_org_id: str
    zoho_bill_ids: tuple[str, ...]


class ClaimRelease(_Dto):
    """Signal to a `BillClaimWorkflow`: the BILL bill the backfill created, or None to hand the bill over to
    `BillSyncWorkflow`."""

    bill_bill_id: str | None = None
