"""Done-when test of the bill pipeline: 200 bills across two Zoho orgs in different data centres, every
webhook delivered 3 times concurrently → exactly 200 BILL bills, each in the right BILL org with the right
vendor, amounts, lines and accounts. A real Temporal dev server; emulators, gateway and worker in-process."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from cli.demo import DemoConnection
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.temporal

BILLS_PER_ORG = 100
DELIVERIES_PER_WEBHOOK = 3
CONCURRENT_POSTS = 60


@dataclass(frozen=True)
class Expected:
    """What the BILL bill of one Zoho bill must look like."""

    zoho_bill_id: str
    vendor_name: str
    lines: list[tuple[Decimal, str]]


def enter_bills(stack: Stack, demo: DemoConnection, per_org: int = BILLS_PER_ORG) -> dict[str, Expected]:
    """`per_org` bills over two vendors and the company's accounts, by invoice number."""
    zoho, company = stack.seeded.zoho, demo.company
    second_vendor = f"{company.vendor} Two"
    vendor_ids = {
        company.vendor: demo.zoho_vendor_id,
        second_vendor: zoho.add_contact(demo.zoho_org_id, second_vendor, currency_code=company.currency),
    }
    bill_account = {line.zoho_account: line.bill_account for line in company.lines}
    accounts = sorted(demo.zoho_account_ids)
    today = datetime.now(UTC).date()
    expected: dict[str, Expected] = {}
    for i in range(per_org):
        vendor = (company.vendor, second_vendor)[i % 2]
        lines = [
            (accounts[i % len(accounts)], Decimal(10 + i)),
            (accounts[(i + 1) % len(accounts)], Decimal(i % 7 + 1)),
        ]
        number = f"{company.bill_number}-S{i:03}"
        zoho_bill_id = zoho.add_bill(
            demo.zoho_org_id,
            vendor_id=vendor_ids[vendor],
            bill_number=number,
            date=today,
            due_date=today + timedelta(days=30),
            currency_code=company.currency,
            line_items=[
                {
                    "account_id": demo.zoho_account_ids[name],
                    "description": f"line {n}",
                    "quantity": 1,
                    "rate": float(amount),
                }
                for n, (name, amount) in enumerate(lines)
            ],
        )
        expected[number] = Expected(zoho_bill_id, vendor, [(amount, bill_account[name]) for name, amount in lines])
    return expected


async def deliver_each_three_times(stack: Stack) -> list[int]:
    deliveries = list(stack.seeded.zoho.outbox)
    gate = asyncio.Semaphore(CONCURRENT_POSTS)

    async def post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        async with gate:
            return await stack.gateway.post(url, content=body, headers=headers)

    responses = await asyncio.gather(
        *(
            post(d.url, d.body, d.headers)
            for _ in range(DELIVERIES_PER_WEBHOOK)
            for d in deliveries  # the copies of one webhook are in flight together
        )
    )
    return [r.status_code for r in responses]


async def test_two_hundred_bills_in_two_orgs_three_deliveries_each(stack: Stack) -> None:
    seeded = stack.seeded
    demos = [seeded.demos["UK Ltd"], seeded.demos["Ireland Ltd"]]
    assert demos[0].company.dc != demos[1].company.dc
    expected = {demo.zoho_org_id: enter_bills(stack, demo) for demo in demos}
    assert len(seeded.zoho.outbox) == 2 * BILLS_PER_ORG

    statuses = await deliver_each_three_times(stack)
    assert statuses == [202] * (2 * BILLS_PER_ORG * DELIVERIES_PER_WEBHOOK)
    results = await asyncio.gather(
        *(stack.result(demo, e.zoho_bill_id) for demo in demos for e in expected[demo.zoho_org_id].values())
    )
    assert {r.status for r in results} == {"synced"}

    for demo in demos:
        bills = seeded.bill.bills(demo.bill_org_id)
        by_number = {b["invoice"]["invoiceNumber"]: b for b in bills}
        assert len(bills) == len(by_number) == BILLS_PER_ORG, "exactly one BILL bill per Zoho bill, in its own org"
        assert set(by_number) == set(expected[demo.zoho_org_id])
        vendors = {v["id"]: v["name"] for v in seeded.bill.vendors(demo.bill_org_id)}
        accounts = {a["id"]: a["name"] for a in seeded.bill.accounts(demo.bill_org_id)}
        for number, want in expected[demo.zoho_org_id].items():
            got = by_number[number]
            assert vendors[got["vendorId"]] == want.vendor_name
            lines = [
                (Decimal(str(line["amount"])), accounts[line["classifications"]["chartOfAccountId"]])
                for line in got["billLineItems"]
            ]
            assert lines == want.lines
            assert Decimal(str(got["amount"])) == sum(amount for amount, _ in want.lines)
            record = seeded.store.records.get(demo.zoho_org_id, "bill", want.zoho_bill_id)
            assert record is not None
            assert (record.status, record.bill_id) == ("synced", got["id"])
