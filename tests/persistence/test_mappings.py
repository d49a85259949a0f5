"""MappingRepo: idempotent links, conflicts, and one row when workers race."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from persistence.db import session_scope
from persistence.errors import MappingConflict, UnknownConnection
from persistence.repositories import MappingRepo
from persistence.tables import Connection, IdMapping
from tests.persistence.builders import add_connection
from tests.persistence.racing import WORKERS, race


def _count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(IdMapping)).one()


def test_link_then_look_up_both_ways(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    assert repo.link(connection.id, "vendor", "z1", "b1") == "b1"
    assert repo.bill_id_for(connection.id, "vendor", "z1") == "b1"
    assert repo.zoho_id_for(connection.id, "vendor", "b1") == "z1"
    assert repo.bill_id_for(connection.id, "account", "z1") is None
    assert repo.zoho_id_for(connection.id, "vendor", "b2") is None


def test_link_is_idempotent_and_keeps_the_first_bill_id(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    repo.link(connection.id, "vendor", "z1", "b1")
    assert repo.link(connection.id, "vendor", "z1", "b1") == "b1"
    assert repo.link(connection.id, "vendor", "z1", "b9") == "b1"
    assert _count(engine) == 1


def test_a_bill_id_linked_to_another_zoho_id_conflicts(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    repo.link(connection.id, "vendor", "z1", "b1")
    with pytest.raises(MappingConflict, match="already linked to Zoho vendor z1") as raised:
        repo.link(connection.id, "vendor", "z2", "b1")
    assert raised.value.linked_zoho_id == "z1"
    assert repo.bill_id_for(connection.id, "vendor", "z2") is None


def test_links_are_scoped_by_connection_and_entity(engine: Engine, connection: Connection) -> None:
    other = add_connection(engine, zoho_org_id="60002")
    repo = MappingRepo(engine)
    repo.link(connection.id, "vendor", "z1", "b1")
    assert repo.link(other.id, "vendor", "z2", "b1") == "b1"
    assert repo.link(connection.id, "account", "z2", "b1") == "b1"


def test_unknown_connection(engine: Engine) -> None:
    with pytest.raises(UnknownConnection, match="missing"):
        MappingRepo(engine).link("missing", "vendor", "z1", "b1")


def test_racing_links_of_the_same_pair_leave_one_row(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    results = race(lambda _: repo.link(connection.id, "vendor", "z1", "b1"))
    assert results == ["b1"] * WORKERS
    assert _count(engine) == 1


def test_racing_links_with_different_bill_ids_agree_on_one_winner(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    results = race(lambda i: repo.link(connection.id, "vendor", "z1", f"b{i}"))
    winner = repo.bill_id_for(connection.id, "vendor", "z1")
    assert results == [winner] * WORKERS
    assert _count(engine) == 1


def test_losing_the_insert_race_re_reads_the_winner(
    engine: Engine, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic version of the race: another worker commits between our lookup and our insert."""
    repo = MappingRepo(engine)
    real_resolve = MappingRepo._resolve

    def resolve_then_lose(self: MappingRepo, *args: str) -> str | None:
        monkeypatch.setattr(MappingRepo, "_resolve", real_resolve)
        MappingRepo(engine).link(connection.id, "vendor", "z1", "b-other-worker")
        return None

    monkeypatch.setattr(MappingRepo, "_resolve", resolve_then_lose)
    assert repo.link(connection.id, "vendor", "z1", "b-mine") == "b-other-worker"
    assert _count(engine) == 1


def test_several_zoho_accounts_may_book_to_one_bill_account(engine: Engine, connection: Connection) -> None:
    repo = MappingRepo(engine)
    assert repo.link(connection.id, "account", "z-office", "coa-1") == "coa-1"
    assert repo.link(connection.id, "account", "z-stationery", "coa-1") == "coa-1"
    assert repo.bill_id_for(connection.id, "account", "z-stationery") == "coa-1"
    assert repo.zoho_id_for(connection.id, "account", "coa-1") == "z-office", "the first link answers"
    assert repo.link(connection.id, "account", "z-office", "coa-2") == "coa-1", "a Zoho account keeps its link"
    assert _count(engine) == 2


def test_the_database_still_refuses_a_shared_bill_id_for_one_to_one_entities(
    engine: Engine, connection: Connection
) -> None:
    with session_scope(engine) as session:
        session.add(IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z1", bill_id="b1"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z2", bill_id="b1"))
    with session_scope(engine) as session:
        session.add(IdMapping(connection_id=connection.id, entity="account", zoho_id="z1", bill_id="b1"))
        session.add(IdMapping(connection_id=connection.id, entity="account", zoho_id="z2", bill_id="b1"))
    assert _count(engine) == 3
