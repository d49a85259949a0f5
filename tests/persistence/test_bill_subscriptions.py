"""BillSubscriptionRepo: which subscriptions (and so which security keys) belong to a BILL organization."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from persistence.bill_subscriptions import BillSubscriptionRepo
from tests.persistence.racing import race


def test_ids_are_listed_per_organization(engine: Engine) -> None:
    repo = BillSubscriptionRepo(engine)
    repo.register("sub-1", "00801A")
    repo.register("sub-2", "00801A")
    repo.register("sub-3", "00801B")
    assert repo.ids_for_org("00801A") == ["sub-1", "sub-2"]
    assert repo.ids_for_org("00801B") == ["sub-3"]
    assert repo.ids_for_org("00801C") == []


def test_register_is_idempotent_and_race_safe(engine: Engine) -> None:
    repo = BillSubscriptionRepo(engine)
    race(lambda _: repo.register("sub-1", "00801A"))
    repo.register("sub-1", "00801A")
    assert repo.ids_for_org("00801A") == ["sub-1"]


def test_a_subscription_cannot_move_to_another_organization(engine: Engine) -> None:
    repo = BillSubscriptionRepo(engine)
    repo.register("sub-1", "00801A")
    with pytest.raises(ValueError, match="registered to organization 00801A"):
        repo.register("sub-1", "00801B")
    assert repo.ids_for_org("00801B") == []


def test_forget(engine: Engine) -> None:
    repo = BillSubscriptionRepo(engine)
    repo.register("sub-1", "00801A")
    assert repo.forget("sub-1") is True
    assert repo.forget("sub-1") is False
    assert repo.ids_for_org("00801A") == []
