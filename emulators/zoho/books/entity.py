"""What every emulated Books entity has in common: names, shapes, documented keys, views and lookups."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from emulators.zoho.errors import invalid_value
from emulators.zoho.state import Organization, Record, currency_symbol
from emulators.zoho.timefmt import format_timestamp
from emulators.zoho.validation import Shape

Predicate = Callable[[Mapping[str, Any]], bool]


class Entity(ABC):
    """One Books resource (bills, contacts, ...): how it is validated, stored, shown and listed."""

    label: ClassVar[str]
    """Human name used in errors: ``"Bill"`` -> "Bill does not exist."."""
    plural: ClassVar[str]
    """URL segment, table name and list key (``"bills"``)."""
    singular: ClassVar[str]
    """Entity key in single-record responses and webhooks (``"bill"``)."""
    id_field: ClassVar[str]
    scope: ClassVar[str]
    """OAuth scope prefix, e.g. ``"ZohoBooks.bills"`` (+ ``.READ``/``.CREATE``/``.UPDATE``)."""
    create_shape: ClassVar[Shape]
    update_shape: ClassVar[Shape | None] = None
    create_status: ClassVar[int] = 201
    created_message: ClassVar[str] = "success"
    updated_message: ClassVar[str] = "success"
    flat_get: ClassVar[bool] = False
    """GET of one record puts its keys at the top level instead of under `singular` (chart of accounts)."""
    response_fields: ClassVar[frozenset[str]]
    summary_fields: ClassVar[frozenset[str]]
    sort_columns: ClassVar[tuple[str, ...]]
    default_sort: ClassVar[str]
    filters_by: ClassVar[Mapping[str, Predicate]]
    unmodelled_filters: ClassVar[tuple[str, ...]] = ()
    """Documented ``filter_by`` values the emulator cannot model: answered 501 instead of a wrong list."""
    unmodelled_params: ClassVar[tuple[str, ...]] = ()
    """Documented list parameters (and their ``_startswith``/``_less_than``... variants) the emulator does not
    model: answered 501 rather than silently ignored."""
    text_filters: ClassVar[tuple[str, ...]] = ()
    """View keys filterable by ``key=``, ``key_startswith=`` and ``key_contains=`` query parameters."""
    date_filter: ClassVar[bool] = False
    """Whether ``date``/``date_start``/``date_end``/``date_before``/``date_after`` filter the list."""
    modified_filter: ClassVar[bool] = False
    """Whether the list accepts ``last_modified_time`` (at-or-after filter)."""

    @abstractmethod
    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Check references and uniqueness, fill defaults; return the fields to store (raise `ZohoApiError`)."""

    @abstractmethod
    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Derived keys (names, totals, status, ...) layered over the stored fields."""

    def full(self, org: Organization, record: Record) -> dict[str, Any]:
        """Stored fields, id, timestamps and computed keys, before projection (lists filter on this)."""
        return {
            **record.fields,
            self.id_field: record.record_id,
            "created_time": format_timestamp(record.created, org.time_zone),
            "last_modified_time": format_timestamp(record.modified, org.time_zone),
            **self.computed(org, record),
        }

    def details(self, org: Organization, record: Record) -> dict[str, Any]:
        """Keys only single-record responses carry that would make lists slow (scans of other tables)."""
        return {}

    def view(self, org: Organization, record: Record) -> dict[str, Any]:
        """The entity as GET/POST/PUT return it: documented keys only."""
        return project({**self.full(org, record), **self.details(org, record)}, self.response_fields)

    def summary(self, org: Organization, record: Record) -> dict[str, Any]:
        """The entity as list responses show it."""
        return project(self.full(org, record), self.summary_fields)


def project(full: Mapping[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    """Only the documented `keys` of `full`."""
    return {key: value for key, value in full.items() if key in keys}


def lookup(org: Organization, plural: str, record_id: Any, field: str) -> Record:
    """The referenced record, or HTTP 400 code 2 naming the body field that points nowhere."""
    record = org.table(plural).get(record_id) if isinstance(record_id, str) else None
    if record is None:
        raise invalid_value(field)
    return record


def vendor(org: Organization, vendor_id: Any, field: str = "vendor_id") -> Record:
    """The referenced contact, which must be a vendor."""
    record = lookup(org, "contacts", vendor_id, field)
    if record.fields.get("contact_type") != "vendor":
        raise invalid_value(field)
    return record


def currency_fields(org: Organization, body: Mapping[str, Any], default_id: str | None = None) -> dict[str, Any]:
    """``currency_id`` checked against the organization's currencies (default: `default_id` or the base)."""
    currency_id = body.get("currency_id", default_id or org.currency_id)
    if org.currency_code_of(currency_id) is None:
        raise invalid_value("currency_id")
    return {"currency_id": currency_id}


def currency_view(org: Organization, currency_id: str) -> dict[str, Any]:
    """Currency code and symbol for a stored currency id."""
    code = org.currency_code_of(currency_id) or org.currency_code
    return {"currency_code": code, "currency_symbol": currency_symbol(code), "price_precision": 2}


def money(value: float) -> float:
    """Amounts as Zoho prints them: rounded to 2 decimals."""
    return round(float(value), 2)
