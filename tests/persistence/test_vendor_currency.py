"""MappingRepo remembers each mapped BILL vendor's currency: unknown vs known-none, latest wins, racing writers."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import select

from persistence.db import session_scope
from persistence.repositories import MappingRepo
from persistence.repositories.mappings import KnownCurrency
from persistence.tables import BillVendorCurrency, Connection
from tests.persistence.builders import add_connection
from tests.persistence.racing import race


def _rows(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(BillVendorCurrency)).one()


def test_unknown_until_remembered_then_latest_wins(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    assert repo.vendor_currency(connection.id, "v1") is None
    repo.remember_vendor_currency(connection.id, "v1", "GBP")
    assert repo.vendor_currency(connection.id, "v1") == KnownCurrency("GBP")
    repo.remember_vendor_currency(connection.id, "v1", "EUR")
    assert repo.vendor_currency(connection.id, "v1") == KnownCurrency("EUR")
    assert _rows(engine) == 1


def test_a_vendor_without_currency_is_known_as_such(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    repo.remember_vendor_currency(connection.id, "v1", None)
    assert repo.vendor_currency(connection.id, "v1") == KnownCurrency(None)


def test_currencies_are_scoped_by_connection(engine: Engine, connection: Connection) -> None:
    other = add_connection(engine, zoho_org_id="60002")
    repo = MappingRepo(engine)
    repo.remember_vendor_currency(connection.id, "v1", "GBP")
    assert repo.vendor_currency(other.id, "v1") is None


def test_racing_first_writes_leave_one_row(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    race(lambda i: repo.remember_vendor_currency(connection.id, "v1", "USD" if i % 2 else "GBP"))
    assert _rows(engine) == 1
    assert repo.vendor_currency(connection.id, "v1") in (KnownCurrency("USD"), KnownCurrency("GBP"))
