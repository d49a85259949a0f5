"""`ml-connector mappings`: list pending vendor links, confirm (the next sync merges the pair), reject, set-account."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

from cli.failures import BAD_INPUT_EXIT
from cli.main import app
from common.settings import get_settings
from persistence.repositories.vendor_links import CONFIRMED, REJECTED
from tests.vendor_sync.conftest import VendorStack


def _cli(stack: VendorStack, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.setenv("MLC_DATABASE_URL", stack.seeded.settings.effective_database_url())
    monkeypatch.setenv("COLUMNS", "240")  # rich tables: room for whole ids
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["mappings", *args])
    finally:
        get_settings.cache_clear()


async def test_a_confirmed_link_is_merged_by_the_next_sync(
    vendor_stack: VendorStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = vendor_stack
    stack.add_contact("Kerry Tools Limited", email="orders@kerry.test")
    chosen = stack.add_vendor("Kerry Tools")
    other = stack.add_vendor("Kerry Tools Ltd")
    await stack.sync()
    pending = {c.bill_id: c for c in stack.store().links.list(stack.demo.connection_id)}

    listed = _cli(stack, monkeypatch)
    confirmed = _cli(stack, monkeypatch, "confirm", pending[chosen].id)
    again = _cli(stack, monkeypatch, "confirm", pending[other].id)

    assert listed.exit_code == 0
    assert pending[chosen].id in listed.output
    assert pending[other].id in listed.output
    assert confirmed.exit_code == 0, confirmed.output
    assert again.exit_code == BAD_INPUT_EXIT  # confirming one rejected the other
    statuses = {c.bill_id: c.status for c in stack.store().links.list(stack.demo.connection_id, status=None)}
    assert statuses == {chosen: CONFIRMED, other: REJECTED}

    result = await stack.sync()

    assert result.actions == {"bill.update": 1}  # Zoho owns the name, so BILL's vendor takes it
    assert stack.vendor("Kerry Tools Limited")["id"] == chosen
    assert stack.vendor("Kerry Tools Ltd")["id"] == other  # left alone, never linked
    assert (await stack.sync()).writes == 0


async def test_reject_and_set_account(vendor_stack: VendorStack, monkeypatch: pytest.MonkeyPatch) -> None:
    stack = vendor_stack
    stack.add_contact("Sligo Timber")
    stack.add_vendor("Sligo Timber Ltd")
    stack.add_vendor("SLIGO TIMBER, Inc.")
    await stack.sync()
    candidate = stack.store().links.list(stack.demo.connection_id)[0]

    rejected = _cli(stack, monkeypatch, "reject", candidate.id)
    unknown = _cli(stack, monkeypatch, "reject", "no-such-candidate")
    first = _cli(stack, monkeypatch, "set-account", stack.demo.company.name, "zoho-acc-1", "bill-acc-1")
    second = _cli(stack, monkeypatch, "set-account", stack.demo.connection_id, "zoho-acc-1", "bill-acc-2")
    nowhere = _cli(stack, monkeypatch, "set-account", "no-such-connection", "zoho-acc-1", "bill-acc-2")

    assert rejected.exit_code == 0
    assert unknown.exit_code == BAD_INPUT_EXIT
    assert first.exit_code == 0
    assert "(was bill-acc-1)" in second.output
    assert nowhere.exit_code == BAD_INPUT_EXIT
    accounts = stack.store().mappings.list(stack.demo.connection_id, "account")
    assert [(m.zoho_id, m.bill_id) for m in accounts] == [("zoho-acc-1", "bill-acc-2")]
