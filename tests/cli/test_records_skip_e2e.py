"""`ml-connector skip` end to end: the skip sticks for later deliveries (the fetch reports it), `replay` clears it
and syncs the bill exactly once, and a synced bill cannot be skipped."""

from __future__ import annotations

import pytest
from rich.console import Console

from cli.demo import add_demo_bill
from cli.failures import CliFailure
from cli.records import find_record, run_replay, run_skip
from common.settings import Settings
from persistence.skips import OPERATOR_SKIP_PREFIX, SKIPPED_EVENT, UNSKIPPED_EVENT
from persistence.vocabulary import SyncStatus
from tests.e2e.conftest import Stack, local_env, seeded, stack  # noqa: F401 (fixtures, requested by name below)
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


@pytest.fixture
def connector(request: pytest.FixtureRequest) -> Stack:
    """The e2e stack (gateway, worker, emulators, store, dev server)."""
    value: Stack = request.getfixturevalue("stack")
    return value


def _cli_settings(connector: Stack) -> Settings:
    target = connector.env.client.service_client.config.target_host
    return connector.seeded.settings.model_copy(update={"temporal_address": target})


async def test_skip_sticks_until_replay_which_syncs_the_bill_once(connector: Stack) -> None:
    stored = connector.seeded
    uk = stored.demos["UK Ltd"]
    zoho_bill_id = add_demo_bill(stored.zoho, uk)
    record = stored.store.records.ensure(
        uk.connection_id, uk.zoho_org_id, "bill", zoho_bill_id, workflow_id=None, run_id=None
    )
    workflow_id = bill_workflow_id(uk.zoho_org_id, zoho_bill_id)
    settings, console = _cli_settings(connector), Console(record=True, width=200)

    assert await run_skip(settings, workflow_id, "  entered twice;\n paid by card ", console) == 0
    assert await connector.deliver_webhooks() == [202]
    skipped = await connector.result(uk, zoho_bill_id)

    assert (skipped.status, skipped.reason) == ("skipped", "skipped by operator: entered twice; paid by card")
    assert stored.bill_bills(uk, uk.company.bill_number) == []
    after_skip = stored.store.records.get_by_id(record.id)
    assert after_skip is not None
    assert (after_skip.status, after_skip.last_error) == (
        SyncStatus.SKIPPED,
        f"{OPERATOR_SKIP_PREFIX}entered twice; paid by card",
    )
    assert f"skipped {record.id} ({workflow_id}): entered twice; paid by card; no workflow running" in " ".join(
        console.export_text().split()
    )

    assert await run_replay(settings, record.id, console) == 0
    replayed = await connector.result(uk, zoho_bill_id)

    assert replayed.status == "synced"
    assert len(stored.bill_bills(uk, uk.company.bill_number)) == 1
    kinds = [event.kind for event in stored.store.audit.events(record.id)]
    assert kinds.index(SKIPPED_EVENT) < kinds.index(UNSKIPPED_EVENT) < kinds.index("synced")
    final = find_record(stored.store.records, workflow_id)
    assert final is not None
    assert final.status == SyncStatus.SYNCED


async def test_skipping_a_synced_bill_is_refused(connector: Stack) -> None:
    stored = connector.seeded
    ie = stored.demos["Ireland Ltd"]
    zoho_bill_id = add_demo_bill(stored.zoho, ie)
    assert await connector.deliver_webhooks() == [202]
    assert (await connector.result(ie, zoho_bill_id)).status == "synced"

    with pytest.raises(CliFailure, match="already synced to BILL bill"):
        await run_skip(_cli_settings(connector), bill_workflow_id(ie.zoho_org_id, zoho_bill_id), "late", Console())
