"""Which side wins a field: the change when only one side changed, the field's owner when both did (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from activities.vendor_sync.fields import FIELDS, ZOHO_TO_BILL_ONLY, FieldName, VendorFields

Side = Literal["zoho", "bill"]
DEFAULT_BILL_OWNED: tuple[FieldName, ...] = ("email", "phone")
"""BILL owns payment details (the remittance email and phone BILL uses to reach the vendor); Zoho owns the rest."""


@dataclass(frozen=True)
class Ownership:
    """The per-field owner used when both sides changed (or a new link disagrees)."""

    bill_owned: frozenset[FieldName] = frozenset(DEFAULT_BILL_OWNED)

    @classmethod
    def parse(cls, names: Iterable[str]) -> Ownership:
        """From field names (the `MLC_VENDOR_BILL_OWNED_FIELDS` setting); unknown names are refused."""
        wanted = {name.strip() for name in names if name.strip()}
        unknown = wanted - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown vendor fields {sorted(unknown)}; known: {', '.join(FIELDS)}")
        return cls(frozenset(f for f in FIELDS if f in wanted))

    def owner(self, name: FieldName) -> Side:
        """The side that owns `name`."""
        return "bill" if name in self.bill_owned else "zoho"


@dataclass(frozen=True)
class Merge:
    """What to write where so both sides agree, and the fields decided by ownership (with the winner)."""

    to_zoho: dict[FieldName, Any] = field(default_factory=dict)
    to_bill: dict[FieldName, Any] = field(default_factory=dict)
    by_owner: dict[FieldName, Side] = field(default_factory=dict)


def merge(
    zoho: VendorFields,
    bill: VendorFields,
    *,
    zoho_changed: frozenset[FieldName],
    bill_changed: frozenset[FieldName],
    ownership: Ownership,
    fill_gaps: bool = False,
) -> Merge:
    """Resolve every differing field: the side that changed it wins; if both (or neither) did, its owner.

    With `fill_gaps` (a new link: nothing is known of either side's history) a value on one side and none on
    the other is kept whoever owns the field. Tax id and currency (`ZOHO_TO_BILL_ONLY`) cannot be written to
    Zoho, so Zoho's value, when it has one, always stands: a BILL-side edit of them is overwritten.
    """
    result = Merge()
    for name in FIELDS:
        zoho_value, bill_value = getattr(zoho, name), getattr(bill, name)
        if zoho_value == bill_value:
            continue
        if name in ZOHO_TO_BILL_ONLY:
            if zoho_value is None:
                continue  # Zoho has none (gst_no is India-only): BILL's is kept, never blanked
            winner: Side = "zoho"  # cannot be written to Zoho, so Zoho's value stands
        elif fill_gaps and (zoho_value is None or bill_value is None):
            winner = "bill" if zoho_value is None else "zoho"
        elif (name in zoho_changed) != (name in bill_changed):
            winner = "zoho" if name in zoho_changed else "bill"
        else:
            winner = ownership.owner(name)
            result.by_owner[name] = winner
        if winner == "zoho":
            result.to_bill[name] = zoho_value
        else:
            result.to_zoho[name] = bill_value
    return result
