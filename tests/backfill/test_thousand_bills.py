"""Done-when test of issue 7's backfill: 1,000 emulated bills, one backfill started with the README's
`temporal workflow start` command (the real Temporal CLI, its JSON through the worker's data converter), one
with `ml-connector backfill` (in-process, with its progress bar), and webhooks for 300 of the same bills
delivered meanwhile → exactly 1,000 BILL bills, each linked to its Zoho bill."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import httpx
import pytest
from rich.console import Console

from cli.backfill import BackfillOptions, run_backfill
from tests.backfill.conftest import BackfillStack
from tests.backfill.readme_command import run_readme_command
from workflows.backfill import BackfillWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal

BILLS = 1000
WEBHOOKS = 300


async def deliver(stack: BackfillStack, deliveries: list[tuple[str, bytes, dict[str, str]]]) -> list[int]:
    gate = asyncio.Semaphore(30)

    async def post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        async with gate:
            return await stack.gateway.post(url, content=body, headers=headers)

    return [r.status_code for r in await asyncio.gather(*(post(*d) for d in deliveries))]


async def test_thousand_bills_two_backfills_and_webhooks_make_exactly_one_bill_each(
    backfill_stack: BackfillStack,
) -> None:
    stack = backfill_stack
    demo, seeded = stack.demo, stack.seeded
    ids = stack.add_bills(BILLS)
    outbox = seeded.zoho.outbox
    deliveries = [(d.url, d.body, d.headers) for d in outbox[: 3 * WEBHOOKS : 3]]
    outbox.clear()
    since = stack.since()

    readme_id = await run_readme_command(stack, since.isoformat())
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    options = BackfillOptions(connection=demo.company.name, since=(since - timedelta(days=1)).isoformat())
    exit_code, statuses = await asyncio.gather(
        run_backfill(
            seeded.settings.model_copy(update={"temporal_address": stack.env.client.service_client.config.target_host}),
            options,
            console,
        ),
        deliver(stack, deliveries),
    )
    readme = await stack.env.client.get_workflow_handle_for(BackfillWorkflow.run, readme_id).result()
    assert exit_code == 0
    assert statuses == [202] * WEBHOOKS
    await asyncio.gather(
        *(stack.env.client.get_workflow_handle(bill_workflow_id(demo.zoho_org_id, i)).result() for i in ids)
    )

    bills = stack.bill_bills()
    numbers = sorted(b["invoice"]["invoiceNumber"] for b in bills)
    assert numbers == sorted(f"BF-{i:04}" for i in range(BILLS)), "exactly one BILL bill per Zoho bill"
    by_id = {b["id"] for b in bills}
    for zoho_bill_id in ids:
        record = seeded.store.records.get(demo.zoho_org_id, "bill", zoho_bill_id)
        assert record is not None
        assert record.status == "synced"
        assert record.bill_id in by_id
    assert readme.counts["bills"].seen == BILLS
    assert readme.counts["bills"].created > 0, "the README backfill created bills in bulk"
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "━" in shown, "a progress bar was drawn"
    assert "Backfill" in shown, "the summary table was printed"
    assert "handed off" in shown
