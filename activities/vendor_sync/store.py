"""The vendor sync's repositories (beside `ConnectorStore`, over the same database)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from common.settings import Settings
from persistence.db import create_schema, make_engine
from persistence.repositories.mapping_list import MappingList
from persistence.repositories.vendor_links import VendorLinkRepo
from persistence.repositories.vendor_states import VendorStateRepo


@dataclass(frozen=True)
class VendorSyncStore:
    """Per-record sync states, pending link candidates and a bulk view of the id mappings."""

    states: VendorStateRepo
    links: VendorLinkRepo
    mappings: MappingList

    @classmethod
    def open(cls, engine: Engine) -> VendorSyncStore:
        """Repositories over `engine`."""
        return cls(VendorStateRepo(engine), VendorLinkRepo(engine), MappingList(engine))

    @classmethod
    def from_settings(cls, settings: Settings) -> VendorSyncStore:
        """Repositories over the configured database (schema created if missing)."""
        engine = make_engine(settings.effective_database_url())
        create_schema(engine)
        return cls.open(engine)
