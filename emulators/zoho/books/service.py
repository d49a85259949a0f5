"""The one write path for API calls and seeding alike: validate, prepare, store, stamp, emit webhooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulators.clock import EmulatorClock
from emulators.zoho.books.entity import Entity
from emulators.zoho.errors import not_found
from emulators.zoho.state import Organization, Record
from emulators.zoho.validation import validate
from emulators.zoho.webhooks import WebhookHub


class BooksService:
    """Creates and changes records; every change moves ``last_modified_time`` and fires webhooks."""

    def __init__(self, clock: EmulatorClock, new_id: Callable[[], str], hub: WebhookHub) -> None:
        self._clock, self._new_id, self._hub = clock, new_id, hub

    def get(self, org: Organization, entity: Entity, record_id: str) -> Record:
        """The record, or HTTP 404 code 1002."""
        record = org.table(entity.plural).get(record_id)
        if record is None:
            raise not_found(entity.label)
        return record

    def create(
        self, org: Organization, entity: Entity, body: Mapping[str, Any], *, state: Mapping[str, Any] | None = None
    ) -> Record:
        """Validate `body` against the create shape, store it; `state` sets non-body fields (e.g. status)."""
        validate(body, entity.create_shape)
        fields = {**entity.prepare(org, body, None), **(state or {})}
        now = self._clock.now()
        record = Record(self._new_id(), fields, now, now)
        org.table(entity.plural)[record.record_id] = record
        self._emit(org, entity, record, "created")
        return record

    def update(
        self,
        org: Organization,
        entity: Entity,
        record_id: str,
        body: Mapping[str, Any],
        *,
        state: Mapping[str, Any] | None = None,
    ) -> Record:
        """Validate `body` against the update shape and merge it into the record."""
        record = self.get(org, entity, record_id)
        if entity.update_shape is None:
            raise ValueError(f"{entity.label} cannot be updated")
        validate(body, entity.update_shape)
        record.fields = {**entity.prepare(org, body, record), **(state or {})}
        self._touch(org, entity, record)
        return record

    def set_state(self, org: Organization, entity: Entity, record_id: str, **state: Any) -> Record:
        """Change non-body fields (status, payments) as Zoho's own actions do."""
        record = self.get(org, entity, record_id)
        record.fields = {**record.fields, **state}
        self._touch(org, entity, record)
        return record

    def _touch(self, org: Organization, entity: Entity, record: Record) -> None:
        record.modified = self._clock.now()
        self._emit(org, entity, record, "updated")

    def _emit(self, org: Organization, entity: Entity, record: Record, action: str) -> None:
        self._hub.emit(org.organization_id, entity.singular, action, entity.view(org, record))
