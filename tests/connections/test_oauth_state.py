"""`OAuthStates`: hashed at rest, single use, expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from connections.oauth_state import STATE_TTL, InvalidState, OAuthIntent, OAuthStateRow, OAuthStates
from persistence.db import make_engine


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'states.db'}")


def test_a_state_returns_its_intent_once(engine: Engine) -> None:
    states = OAuthStates(engine)
    intent = OAuthIntent(dc="eu", connection_id="c1")
    state = states.issue(intent)

    assert states.consume(state) == intent
    with pytest.raises(InvalidState):
        states.consume(state)


def test_only_a_hash_of_the_state_is_stored(engine: Engine) -> None:
    state = OAuthStates(engine).issue(OAuthIntent(dc="us", label="ops"))

    with Session(engine) as session:
        [row] = session.exec(select(OAuthStateRow)).all()
    assert state not in row.state_hash
    assert len(row.state_hash) == 64


def test_a_state_expires(engine: Engine) -> None:
    clock = Clock()
    states = OAuthStates(engine, now=clock)
    state = states.issue(OAuthIntent(dc="us", label="ops"))

    clock.now += STATE_TTL + timedelta(seconds=1)

    with pytest.raises(InvalidState):
        states.consume(state)


def test_an_unknown_state_is_invalid(engine: Engine) -> None:
    with pytest.raises(InvalidState):
        OAuthStates(engine).consume("never-issued")


def test_expired_states_are_purged_when_a_new_one_is_issued(engine: Engine) -> None:
    clock = Clock()
    states = OAuthStates(engine, now=clock)
    states.issue(OAuthIntent(dc="us", label="old"))
    clock.now += STATE_TTL

    states.issue(OAuthIntent(dc="us", label="new"))

    with Session(engine) as session:
        assert [row.label for row in session.exec(select(OAuthStateRow))] == ["new"]
