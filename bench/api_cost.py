"""api_cost: Zoho and BILL requests per synced bill through the full path, cold and in steady state.

Cold bills are the first bill of a vendor the connector has never seen (half of those vendors exist in BILL
under the same name, half are created). Steady-state bills are later bills of the same vendors, once vendor
and account mappings exist. Bills are synced one at a time so the counts are the path's own cost, free of
rate-limit rejections (the throughput bench measures concurrency). The emulators do the counting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.calls import CallCount, bill_endpoints
from bench.report import BenchReport, Figure
from bench.seeding import Supplier
from bench.stack import FullStack, full_stack

DEFAULT_SIZE = 60
"""Bills in a default run (`python -m bench`)."""
ZOHO_STEADY_GOAL = 1.0
BILL_STEADY_GOAL = 1.05


@dataclass(frozen=True)
class PhaseCost:
    """What syncing one batch of bills cost."""

    bills: int
    calls: CallCount
    zoho_endpoints: Counter[str]
    bill_endpoints: Counter[str]
    not_synced: int

    def breakdown(self, phase: str) -> list[str]:
        """One line per endpoint: requests per bill, most frequent first within each API."""
        return [
            f"{phase} {api}: {path} {n / self.bills:.2f} per bill"
            for api, endpoints in (("Zoho", self.zoho_endpoints), ("BILL", self.bill_endpoints))
            for path, n in endpoints.most_common()
        ]


async def _phase(stack: FullStack, suppliers: list[Supplier]) -> PhaseCost:
    """Sync one bill per supplier, one by one, and count what they cost."""
    before, zoho_before, log_start = stack.calls(), Counter(stack.zoho_requests.seen), len(stack.bill.request_log)
    results = [result for _, result in await stack.sync_one_by_one(suppliers)]
    return PhaseCost(
        bills=len(suppliers),
        calls=stack.calls() - before,
        zoho_endpoints=stack.zoho_requests.seen - zoho_before,
        bill_endpoints=bill_endpoints(stack.bill, log_start),
        not_synced=sum(1 for r in results if r.status != "synced"),
    )


def _per_bill(phase: str, calls: CallCount, bills: int, goals: tuple[float, float] | None) -> list[Figure]:
    zoho, bill = calls.zoho_total / bills, calls.bill_total / bills
    return [
        Figure(
            f"{phase}: Zoho calls per bill",
            zoho,
            goal=f"<= {goals[0]}" if goals else "",
            met=zoho <= goals[0] if goals else None,
        ),
        Figure(
            f"{phase}: BILL calls per bill",
            bill,
            goal=f"<= {goals[1]}" if goals else "",
            met=bill <= goals[1] if goals else None,
        ),
        Figure(f"{phase}: Zoho token requests", calls.zoho_tokens),
        Figure(f"{phase}: BILL logins", calls.bill_logins),
        Figure(f"{phase}: 429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
    ]


async def run(bills: int, workdir: Path) -> BenchReport:
    """Half the bills cold (new vendors), then the other half in steady state."""
    async with full_stack(workdir, task_queue="bench-api-cost") as stack:
        orgs = len(stack.orgs)
        cold = await _phase(stack, stack.new_suppliers(max(1, bills // 2 // orgs)))
        steady = await _phase(stack, stack.known_suppliers(max(1, bills - cold.bills)))
    not_synced = cold.not_synced + steady.not_synced
    return BenchReport(
        name="api_cost",
        title="API calls per synced bill",
        params={"cold_bills": cold.bills, "steady_bills": steady.bills, "orgs": orgs},
        figures=[
            *_per_bill("cold", cold.calls, cold.bills, None),
            *_per_bill("steady", steady.calls, steady.bills, (ZOHO_STEADY_GOAL, BILL_STEADY_GOAL)),
            Figure("bills not synced", not_synced, goal="0", met=not_synced == 0),
        ],
        notes=[*cold.breakdown("cold"), *steady.breakdown("steady")],
    )
