"""vendor_sync: Zoho and BILL requests per vendor sync of N vendors: the first sync (every vendor new to BILL),
then syncs with nothing changed (goal: Zoho list pages only, zero BILL writes), then one vendor edited in Zoho.

The vendors live in one connected Zoho organization; the syncs run through the real worker on a Temporal dev
server, one at a time. The emulators do the counting (Zoho requests by endpoint through `RequestTally`, BILL's
own request log).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from bench.calls import bill_endpoints
from bench.report import BenchReport, Figure
from bench.stack import FullStack, full_stack
from clients.zoho.books import MAX_PER_PAGE
from workflows.vendor_sync import VendorSyncWorkflow

DEFAULT_SIZE = 90
"""Vendors in a default run (`python -m bench`): under Zoho's 100 requests/min, so the first sync is not
rate-limited (a larger N shows the resumed attempts, at about 100 contacts a minute)."""
SEED_SPACING_SECONDS = 1
"""Emulator time between two seeded contacts, so their change stamps differ as real edits' would."""
TASK_QUEUE = "bench-vendor-sync"
WRITES = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class SyncCost:
    """What one vendor sync cost, by endpoint (`result`: the counts of its last attempt)."""

    result: VendorSyncResult
    zoho: Counter[str]
    bill: Counter[str]

    @property
    def zoho_lists(self) -> int:
        return sum(n for e, n in self.zoho.items() if e.startswith("GET") and e.endswith("/contacts"))

    @property
    def zoho_reads(self) -> int:
        return sum(n for e, n in self.zoho.items() if e.startswith("GET") and "/contacts/" in e)

    @property
    def zoho_writes(self) -> int:
        return sum(n for e, n in self.zoho.items() if e.split()[0] in WRITES and "/oauth/" not in e)

    @property
    def bill_writes(self) -> int:
        return sum(n for e, n in self.bill.items() if e.split()[0] in WRITES and not e.endswith("/login"))

    @property
    def bill_calls(self) -> int:
        return sum(n for e, n in self.bill.items() if not e.endswith("/login"))

    def notes(self, phase: str) -> list[str]:
        """One line per endpoint."""
        return [
            f"{phase} {api}: {path} x{n}"
            for api, endpoints in (("Zoho", self.zoho), ("BILL", self.bill))
            for path, n in endpoints.most_common()
        ]


async def _sync(stack: FullStack, connection_id: str, run: int) -> SyncCost:
    zoho_before, log_start = Counter(stack.zoho_requests.seen), len(stack.bill.request_log)
    result = await stack.client.execute_workflow(
        VendorSyncWorkflow.run,
        VendorSyncInput(connection_id=connection_id),
        id=f"bench-vendor-sync-{run}",
        task_queue=TASK_QUEUE,
    )
    return SyncCost(result, stack.zoho_requests.seen - zoho_before, bill_endpoints(stack.bill, log_start))


def _phase_figures(phase: str, cost: SyncCost, *, goals: bool) -> list[Figure]:
    return [
        Figure(f"{phase}: Zoho list pages", cost.zoho_lists),
        Figure(
            f"{phase}: Zoho contact reads",
            cost.zoho_reads,
            goal="0" if goals else "",
            met=(cost.zoho_reads == 0) if goals else None,
        ),
        Figure(
            f"{phase}: Zoho writes",
            cost.zoho_writes,
            goal="0" if goals else "",
            met=(cost.zoho_writes == 0) if goals else None,
        ),
        Figure(f"{phase}: BILL calls", cost.bill_calls),
        Figure(
            f"{phase}: BILL writes",
            cost.bill_writes,
            goal="0" if goals else "",
            met=(cost.bill_writes == 0) if goals else None,
        ),
    ]


async def run(vendors: int, workdir: Path) -> BenchReport:
    """Seed `vendors` Zoho vendors, sync, sync twice unchanged, edit one, sync."""
    async with full_stack(workdir, task_queue=TASK_QUEUE, orgs=1) as stack:
        demo = stack.orgs[0].demo
        for i in range(vendors):
            stack.zoho.clock.advance(SEED_SPACING_SECONDS)
            stack.zoho.add_contact(demo.zoho_org_id, f"Bench Vendor {i:05d}", email=f"ap{i}@vendor{i}.test")
        before = len(stack.bill.vendors(demo.bill_org_id))
        first = await _sync(stack, demo.connection_id, 1)
        created = len(stack.bill.vendors(demo.bill_org_id)) - before  # every attempt's creates, duplicates too
        stack.zoho.clock.advance(2)
        stack.bill.clock.advance(2)
        unchanged = await _sync(stack, demo.connection_id, 2)
        again = await _sync(stack, demo.connection_id, 3)
        edited_id = stack.zoho.contacts(demo.zoho_org_id)[0]["contact_id"]
        stack.zoho.clock.advance(2)
        stack.zoho.update_contact(demo.zoho_org_id, edited_id, company_name="Renamed Holdings")
        one_change = await _sync(stack, demo.connection_id, 4)
    pages = math.ceil((vendors + 1) / MAX_PER_PAGE)
    return BenchReport(
        name="vendor_sync",
        title="API calls per vendor sync",
        params={"vendors": vendors, "zoho_pages_for_all": pages},
        figures=[
            Figure("first sync: BILL vendors created", created),
            Figure(
                "first sync: BILL create calls (bulk <= 20)",
                first.bill["POST /connect/v3/vendors"] + first.bill["POST /connect/v3/vendors/bulk"],
            ),
            *_phase_figures("first sync", first, goals=False),
            *_phase_figures("unchanged", unchanged, goals=True),
            *_phase_figures("unchanged again", again, goals=True),
            *_phase_figures("one Zoho edit", one_change, goals=False),
            Figure(
                "one Zoho edit: BILL updates",
                one_change.result.actions.get("bill.update", 0),
                goal="1",
                met=one_change.result.actions.get("bill.update", 0) == 1,
            ),
        ],
        notes=[*unchanged.notes("unchanged"), *again.notes("unchanged again"), *one_change.notes("one Zoho edit")],
    )
