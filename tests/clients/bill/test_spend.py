"""Spend & Expense: `apiToken` only, no login, `nextPage` paging, a 50-row cap on transactions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import httpx
import pytest

from clients.bill import BillFilter, BillSort, SpendReceiptInput, SpendReimbursementCreate
from common.errors import AuthRejected
from tests.clients.bill.fake_bill import API_TOKEN, FakeBill, page_json

REIMBURSEMENT = {
    "id": "r1",
    "uuid": "9f1c",
    "amount": 50,
    "merchantName": "Jasmine Thai",
    "note": "Team lunch",
    "occurredDate": "2026-11-20",
    "submittedTime": "2026-11-21T08:00:00.000Z",
    "status": "AWAITING_APPROVAL",
    "receipts": [{"uuid": "rc1", "filename": "lunch.pdf", "url": "https://files.example/lunch.pdf"}],
}


async def test_spend_sends_only_the_api_token(fake: FakeBill) -> None:
    fake.route("GET", "/connect/v3/spend/users/current", {"id": "u1", "email": "admin@example.com", "role": "ADMIN"})
    user = await fake.spend_client().current_user()
    assert user.role == "ADMIN"
    (request,) = fake.requests
    assert request.headers["apiToken"] == API_TOKEN
    assert "devKey" not in request.headers
    assert "sessionId" not in request.headers


async def test_transactions_page_with_next_page_and_cap_at_50(fake: FakeBill) -> None:
    transaction = {"id": "t1", "amount": 120.5, "merchantName": "Airline", "occurredTime": "2026-11-20T10:00:00.000Z"}
    fake.route("GET", "/connect/v3/spend/transactions", page_json([transaction], "n2"))
    client = fake.spend_client()
    page = await client.list_transactions(
        filters=[BillFilter(field="amount", op="gte", value=Decimal("100.00"))],
        sort=BillSort(field="occurredTime", direction="desc"),
        page="n1",
    )
    assert page.next_page == "n2"
    assert page.results[0].amount == Decimal("120.5")
    params = fake.requests[0].url.params
    assert dict(params) == {
        "max": "50",
        "filters": "amount:gte:100.00",
        "sort": "occurredTime:desc",
        "nextPage": "n1",
    }
    with pytest.raises(ValueError, match="between 1 and 50"):
        await client.list_transactions(max=51)


async def test_budgets_and_reimbursements(fake: FakeBill) -> None:
    fake.route("GET", "/connect/v3/spend/budgets", page_json([{"id": "b1", "name": "Travel", "recurringLimit": 500}]))
    fake.route("GET", "/connect/v3/spend/reimbursements", page_json([REIMBURSEMENT]))
    fake.route("GET", "/connect/v3/spend/reimbursements/r1", REIMBURSEMENT)
    fake.route("POST", "/connect/v3/spend/reimbursements", REIMBURSEMENT)
    client = fake.spend_client()
    assert (await client.list_budgets()).results[0].recurring_limit == Decimal(500)
    assert (await client.list_reimbursements()).results[0].receipts[0].filename == "lunch.pdf"
    assert (await client.get_reimbursement("r1")).occurred_date == date(2026, 11, 20)
    created = await client.create_reimbursement(
        SpendReimbursementCreate(
            budget_id="b1",
            user_id="u1",
            occurred_date=date(2026, 11, 20),
            amount=Decimal(50),
            merchant_name="Jasmine Thai",
            note="Team lunch",
            receipts=[SpendReceiptInput(url="https://files.example/lunch.pdf", filename="lunch.pdf")],
        )
    )
    assert created.id == "r1"
    post = next(r for r in fake.requests if r.method == "POST")
    assert json.loads(post.content) == {
        "budgetId": "b1",
        "userId": "u1",
        "occurredDate": "2026-11-20",
        "amount": 50.0,
        "merchantName": "Jasmine Thai",
        "note": "Team lunch",
        "receipts": [{"url": "https://files.example/lunch.pdf", "filename": "lunch.pdf"}],
    }


async def test_rejected_token_is_auth_rejected_without_the_token(fake: FakeBill) -> None:
    def reject(request: httpx.Request) -> httpx.Response:
        token = request.headers["apiToken"]
        return httpx.Response(401, json=[{"code": "BDC_1101", "message": f"Token {token} is not valid."}])

    fake.route("GET", "/connect/v3/spend/users/current", reject)
    with pytest.raises(AuthRejected) as raised:
        await fake.spend_client().current_user()
    assert API_TOKEN not in str(raised.value)
    assert "Token *** is not valid." in str(raised.value)
