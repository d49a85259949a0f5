"""api_cost: Zoho and BILL requests per synced bill through the full path, cold and in steady state.

Cold bills are the first bill of a vendor the connector has never seen (half of those vendors exist in BILL
under the same name, half are created). Steady-state bills are later bills of the same vendors, once vendor
and account mappings exist. Bills are synced one at a time so the counts are the path's own cost, free of
rate-limit rejections (the throughput bench measures concurrency). The emulators do the counting.
"""

from __future__ import annotations

from pathlib import Path

from bench.calls import CallCount, bill_endpoints
from bench.report import BenchReport, Figure
from bench.seeding import BenchBill
from bench.stack import FullStack, full_stack

DEFAULT_SIZE = 40
"""Bills in a default run (`python -m bench`)."""
ZOHO_STEADY_GOAL = 1.0
BILL_STEADY_GOAL = 1.05


async def _phase(stack: FullStack, entered: list[BenchBill]) -> tuple[CallCount, int, int]:
    """Sync the bills one by one: the calls they cost, the BILL log offset before them, how many failed."""
    before, log_start = stack.calls(), len(stack.bill.request_log)
    results = await stack.sync_one_by_one(entered)
    return stack.calls() - before, log_start, sum(1 for r in results if r.status != "synced")


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
        cold_entered = stack.new_vendor_bills(max(1, bills // 2 // orgs))
        cold_bills = len(cold_entered)
        cold, _, cold_failed = await _phase(stack, cold_entered)
        steady_bills = max(1, bills - cold_bills)
        steady, steady_log_start, steady_failed = await _phase(stack, stack.repeat_bills(steady_bills))
        endpoints = bill_endpoints(stack.bill, steady_log_start)
    figures = [
        *_per_bill("cold", cold, cold_bills, None),
        *_per_bill("steady", steady, steady_bills, (ZOHO_STEADY_GOAL, BILL_STEADY_GOAL)),
        Figure("bills not synced", cold_failed + steady_failed, goal="0", met=cold_failed + steady_failed == 0),
    ]
    notes = [
        f"steady BILL calls per bill by endpoint: {path} {n / steady_bills:.2f}"
        for path, n in sorted(endpoints.items(), key=lambda item: -item[1])
    ]
    return BenchReport(
        name="api_cost",
        title="API calls per synced bill",
        params={"cold_bills": cold_bills, "steady_bills": steady_bills, "orgs": orgs},
        figures=figures,
        notes=notes,
    )
