"""ConnectionRepo: grants, connections (one per Zoho organization) and their health."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from persistence.errors import ConnectionConflict, UnknownConnection, UnknownGrant
from persistence.repositories import ConnectionRepo
from persistence.tables import Connection, ZohoGrant
from tests.persistence.builders import add_grant, new_connection


def test_grant_round_trip(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    grant = repo.add_grant(
        ZohoGrant(dc="in", accounts_url="https://a.example", api_domain="https://b.example", user_label="cfo")
    )
    loaded = repo.get_grant(grant.id)
    assert loaded is not None
    assert loaded.model_dump() == grant.model_dump()
    assert repo.get_grant("missing") is None


def test_add_and_read_back_by_id_and_zoho_org(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    added = repo.add(new_connection(add_grant(engine), zoho_org_id="90001"))
    by_id, by_org = repo.get(added.id), repo.get_by_zoho_org("90001")
    assert by_id is not None
    assert by_org is not None
    assert by_id.model_dump() == by_org.model_dump() == added.model_dump()
    assert by_id.status == "active"
    assert repo.get("missing") is None
    assert repo.get_by_zoho_org("missing") is None


def test_rows_are_detached_copies(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    added = repo.add(new_connection(add_grant(engine), zoho_org_id="90002"))
    loaded = repo.get(added.id)
    assert loaded is not None
    loaded.name = "changed locally"
    stored = repo.get(added.id)
    assert stored is not None
    assert stored.name == "Org 90002"


def test_a_zoho_org_belongs_to_one_connection(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    grant = add_grant(engine)
    repo.add(new_connection(grant, zoho_org_id="90003"))
    with pytest.raises(ConnectionConflict, match="90003"):
        repo.add(new_connection(grant, zoho_org_id="90003"))


def test_a_connection_needs_an_existing_grant(engine: Engine) -> None:
    orphan = new_connection(ZohoGrant(dc="us", accounts_url="a", api_domain="b", user_label="c"), zoho_org_id="1")
    with pytest.raises(UnknownGrant):
        ConnectionRepo(engine).add(orphan)


def test_list_orders_by_name(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    grant = add_grant(engine)
    for org, name in (("1", "Beta"), ("2", "Alpha"), ("3", "Gamma")):
        connection = new_connection(grant, zoho_org_id=org)
        connection.name = name
        repo.add(connection)
    assert [c.name for c in repo.list()] == ["Alpha", "Beta", "Gamma"]


def test_set_status_records_health_and_reason(engine: Engine) -> None:
    repo = ConnectionRepo(engine)
    added = repo.add(new_connection(add_grant(engine), zoho_org_id="90004"))
    repo.set_status(added.id, "needs_reauth", "Zoho refresh token revoked")
    stored = repo.get(added.id)
    assert stored is not None
    assert (stored.status, stored.status_reason) == ("needs_reauth", "Zoho refresh token revoked")
    assert stored.updated_at > added.updated_at
    repo.set_status(added.id, "active")
    stored = repo.get(added.id)
    assert stored is not None
    assert (stored.status, stored.status_reason) == ("active", None)


def test_set_status_rejects_unknown_values_and_connections(engine: Engine, connection: Connection) -> None:
    repo = ConnectionRepo(engine)
    with pytest.raises(ValueError, match="deleted"):
        repo.set_status(connection.id, "deleted")
    with pytest.raises(UnknownConnection, match="missing"):
        repo.set_status("missing", "paused", "operator")
