"""Pure planning of the account sync: matching order, ambiguity, first sight vs. a later Zoho change."""

from __future__ import annotations

from datetime import timedelta

from activities.account_sync.models import LedgerAccount
from activities.account_sync.plan import content_hash, plan_accounts
from activities.connection_models import ConnectionSettings
from worker.schedules import ACCOUNT_SYNC, SCHEDULE_KINDS
from workflows.account_sync import account_sync_workflow_id


def _acct(id: str, name: str, number: str | None = None, type: str = "EXPENSE") -> LedgerAccount:
    return LedgerAccount(id=id, name=name, type=type, number=number)


def test_number_wins_over_name_and_name_needs_the_same_type() -> None:
    zoho = [_acct("z1", "Rent", "6100"), _acct("z2", "Fuel"), _acct("z3", "Sales", type="INCOME")]
    bill = [_acct("b1", "Premises", "6100"), _acct("b2", "fuel "), _acct("b3", "Sales")]
    plan = plan_accounts(zoho, bill, mapped={}, hashes={})
    assert [(link.zoho_account_id, link.bill_account_id, link.rule) for link in plan.link] == [
        ("z1", "b1", "number"),
        ("z2", "b2", "name"),
    ]
    assert [a.id for a in plan.create_in_bill] == ["z3"]  # BILL's "Sales" is an EXPENSE account
    assert [a.id for a in plan.create_in_zoho] == []  # "Sales" exists in Zoho by name: reported, not duplicated
    assert any("b3" in reason for reason in plan.not_synced)


def test_an_ambiguous_match_is_reported_not_linked_nor_created() -> None:
    plan = plan_accounts(
        [_acct("z1", "Rent", "6100")], [_acct("b1", "A", "6100"), _acct("b2", "B", "6100")], mapped={}, hashes={}
    )
    assert plan.link == ()
    assert plan.create_in_bill == ()
    assert plan.not_synced
    assert "b1, b2" in plan.not_synced[0]


def test_mapped_pairs_first_sight_is_recorded_a_later_zoho_change_updates_bill() -> None:
    renamed = _acct("z1", "Travel and Subsistence", "6400")
    bill = [_acct("b1", "Travel", "6400")]
    first_sight = plan_accounts([renamed], bill, mapped={"z1": "b1"}, hashes={})
    assert [link.rule for link in first_sight.link] == ["mapping"]
    assert first_sight.update_in_bill == ()
    old_hash = content_hash(_acct("z1", "Travel", "6400"))
    changed = plan_accounts([renamed], bill, mapped={"z1": "b1"}, hashes={"z1": old_hash})
    assert [u.zoho.name for u in changed.update_in_bill] == ["Travel and Subsistence"]
    settled = plan_accounts([renamed], bill, mapped={"z1": "b1"}, hashes={"z1": content_hash(renamed)})
    assert (settled.writes, settled.unchanged) == (0, 1)


def test_the_account_sync_schedule_runs_daily_by_default_from_the_connection_settings() -> None:
    assert ACCOUNT_SYNC in SCHEDULE_KINDS
    assert ACCOUNT_SYNC.schedule_id("c-1") == account_sync_workflow_id("c-1")
    assert ACCOUNT_SYNC.interval(ConnectionSettings()) == timedelta(days=1)
    assert ACCOUNT_SYNC.interval(ConnectionSettings(account_sync_interval_minutes=90)) == timedelta(minutes=90)
