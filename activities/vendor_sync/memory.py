"""What the vendor sync knows between runs: per-record states, links, pending and rejected candidates, cursors.

Loaded at the start of a run, updated in memory as records are handled (`remember`), saved in batches (`flush`)
so a retried attempt resumes, and, after a complete run, the cursors advanced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from activities.matching import VendorKeys
from activities.store import ConnectorStore
from activities.vendor_sync.fields import FIELDS, FieldName, VendorFields, from_bill, from_zoho
from activities.vendor_sync.scan import Scan
from activities.vendor_sync.store import VendorSyncStore
from clients.bill import BillVendor
from clients.zoho.models import ZohoContact
from persistence.repositories.vendor_links import PENDING, REJECTED
from persistence.repositories.vendor_states import VendorState

VENDOR = "vendor"
ZOHO, BILL = "zoho", "bill"
ZOHO_CURSOR, BILL_CURSOR = "vendor.zoho", "vendor.bill"


@dataclass
class Memory:
    """States and links of one connection, as loaded and as updated during the run."""

    connection_id: str
    zoho: dict[str, VendorState]
    bill: dict[str, VendorState]
    links: dict[str, str]
    """Zoho contact id -> BILL vendor id."""
    pending: set[str]
    """Record ids (either side) with a pending link candidate: left alone until a human decides."""
    rejected: set[tuple[str, str]]
    """(Zoho id, BILL id) pairs a human rejected: never proposed or linked again."""
    dirty: dict[str, dict[str, VendorState]] = field(default_factory=lambda: {ZOHO: {}, BILL: {}})

    @classmethod
    def load(cls, connection_id: str, vendors: VendorSyncStore) -> Memory:
        """Everything remembered for the connection (sync: reads the store)."""
        candidates = vendors.links.list(connection_id, status=None)
        return cls(
            connection_id=connection_id,
            zoho=vendors.states.all(connection_id, ZOHO),
            bill=vendors.states.all(connection_id, BILL),
            links={m.zoho_id: m.bill_id for m in vendors.mappings.list(connection_id, VENDOR)},
            pending={rid for c in candidates if c.status == PENDING for rid in (c.zoho_id, c.bill_id)},
            rejected={(c.zoho_id, c.bill_id) for c in candidates if c.status == REJECTED},
        )

    def states(self, side: str) -> dict[str, VendorState]:
        """The states of one side."""
        return self.zoho if side == ZOHO else self.bill

    def remember(self, record: ZohoContact | BillVendor) -> None:
        """The record as it now is (read or written) becomes what the sync knows of it, with its current partner."""
        if isinstance(record, ZohoContact):
            side, rid, fields, stamp = ZOHO, record.contact_id, from_zoho(record), record.last_modified_time
            partner = self.links.get(rid)
        else:
            side, rid, fields, stamp = BILL, record.id, from_bill(record), record.updated_time
            partner = next((z for z, b in self.links.items() if b == rid), None)
        keys = fields.keys(rid)
        state = VendorState(
            record_id=rid,
            synced_hash=fields.content_hash(),
            modified_at=stamp,
            field_hashes=fields.field_hashes(),
            tax_key=keys.tax_id,
            email_key=keys.email,
            name_key=keys.name,
            archived=fields.archived,
            partner_id=partner,
        )
        self.states(side)[rid] = self.dirty[side][rid] = state

    def unsaved(self) -> int:
        """States remembered since the last flush."""
        return sum(map(len, self.dirty.values()))

    def flush(self, vendors: VendorSyncStore) -> None:
        """Save the states remembered since the last flush (sync: writes the store)."""
        for side in (ZOHO, BILL):
            vendors.states.save(self.connection_id, side, self.dirty[side].values())
            self.dirty[side].clear()

    def pool(self, side: str, fresh: dict[str, VendorKeys]) -> dict[str, VendorKeys]:
        """Identity keys of the side's unlinked records without a pending candidate (`fresh` overrides)."""
        linked = set(self.links) if side == ZOHO else set(self.links.values())
        pool = {rid: VendorKeys(rid, s.tax_key, s.email_key, s.name_key) for rid, s in self.states(side).items()}
        pool.update(fresh)
        return {rid: keys for rid, keys in pool.items() if rid not in linked and rid not in self.pending}


def advance_cursors(store: ConnectorStore, connection_id: str, scan: Scan) -> None:
    """Move both cursors to the newest stamps the scan listed (sync: writes the store)."""
    if scan.zoho_newest is not None:
        store.cursors.advance(connection_id, ZOHO_CURSOR, scan.zoho_newest)
    if scan.bill_newest is not None:
        store.cursors.advance(connection_id, BILL_CURSOR, scan.bill_newest)


def changed_fields(fields: VendorFields, state: VendorState | None) -> frozenset[FieldName]:
    """Fields whose value differs from the remembered one (all of them without a memory)."""
    if state is None:
        return frozenset(FIELDS)
    if state.synced_hash == fields.content_hash():
        return frozenset()
    now = fields.field_hashes()
    return frozenset(name for name in FIELDS if state.field_hashes.get(name) != now[name])


def paired(state: VendorState | None, partner_id: str) -> bool:
    """Whether the last sync merged this record with `partner_id` (otherwise the link is new to the sync)."""
    return state is not None and state.partner_id == partner_id
