"""DTOs of the vendor sync that cross Temporal boundaries: ids, flags and counts only (they land in history)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VendorSyncInput(_Dto):
    """Start of `VendorSyncWorkflow` and input of its activity: which connection, and whether to only plan."""

    connection_id: str
    dry_run: bool = False


class VendorSyncResult(_Dto):
    """What one vendor sync did (or, in a dry run, would do).

    `actions` counts writes per `side.action` (`bill.create`, `bill.update`, `bill.archive`, `bill.restore`,
    `zoho.create`, `zoho.update`, `zoho.archive`, `zoho.restore`); absent keys are zero.
    """

    connection_id: str
    dry_run: bool
    actions: dict[str, int] = {}
    linked: int = 0
    """New links found by the identity rules (tax id, email, name)."""
    ambiguous: int = 0
    """Records with several candidates: stored as pending link candidates, nothing written for them."""
    pending: int = 0
    """Changed records skipped because a link candidate of theirs awaits a human decision."""
    conflicts: int = 0
    """Linked pairs changed on both sides since the last sync (resolved by field ownership, audited)."""
    failed: int = 0
    """Records a side refused (audited with the reason); the rest of the sync went on."""
    zoho_read: int = 0
    bill_read: int = 0

    @property
    def writes(self) -> int:
        """Total writes (planned writes in a dry run)."""
        return sum(self.actions.values())
