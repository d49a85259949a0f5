"""Spend & Expense: apiToken-only auth, reimbursements, transactions (max 50), budgets, current user."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from tests.emulators.bill.conftest import API, Org, error_code, seed_org

TOKEN = "spend-token-1"
SPEND = {"apiToken": TOKEN}


@pytest.fixture
def spend_org(emu: BillEmulator, org: Org) -> Org:
    emu.set_spend_api_token(org.id, TOKEN)
    return org


async def _reimbursement_body(http: httpx.AsyncClient) -> dict[str, Any]:
    user = (await http.get(f"{API}/v3/spend/users/current", headers=SPEND)).json()
    budget = (await http.get(f"{API}/v3/spend/budgets", headers=SPEND)).json()["results"][0]
    return {
        "budgetId": budget["uuid"],
        "userId": user["uuid"],
        "occurredDate": "2026-02-25",
        "merchantName": "Jasmine Thai",
        "amount": 50,
        "note": "Team lunch",
        "receipts": [{"url": "https://files.example.test/r.jpg", "filename": "r.jpg"}],
    }


@pytest.mark.parametrize("headers", [{}, {"apiToken": "wrong"}])
async def test_missing_or_unknown_token_is_401(
    http: httpx.AsyncClient, spend_org: Org, headers: dict[str, str]
) -> None:
    response = await http.get(f"{API}/v3/spend/transactions", headers=headers)
    assert (response.status_code, error_code(response)) == (401, "BDC_1401")


async def test_session_headers_do_not_open_spend(http: httpx.AsyncClient, spend_org: Org) -> None:
    response = await http.get(f"{API}/v3/spend/reimbursements", headers=spend_org.headers)
    assert response.status_code == 401


async def test_reimbursement_roundtrip(emu: BillEmulator, http: httpx.AsyncClient, spend_org: Org) -> None:
    body = await _reimbursement_body(http)
    created = await http.post(f"{API}/v3/spend/reimbursements", headers=SPEND, json=body)
    assert created.status_code == 200
    record = created.json()
    assert (record["amount"], record["budgetUuid"], record["userUuid"]) == (50, body["budgetId"], body["userId"])
    fetched = await http.get(f"{API}/v3/spend/reimbursements/{record['id']}", headers=SPEND)
    assert fetched.json() == record
    listed = (await http.get(f"{API}/v3/spend/reimbursements", headers=SPEND)).json()
    assert [r["id"] for r in listed["results"]] == [record["id"]]
    assert emu.reimbursements(spend_org.id) == [record]


@pytest.mark.parametrize("missing", ["budgetId", "userId", "occurredDate", "merchantName", "amount"])
async def test_reimbursement_required_fields(http: httpx.AsyncClient, spend_org: Org, missing: str) -> None:
    body = await _reimbursement_body(http)
    del body[missing]
    assert error_code(await http.post(f"{API}/v3/spend/reimbursements", headers=SPEND, json=body)) == "BDC_1001"


@pytest.mark.parametrize(
    ("field", "value"), [("amount", 0), ("occurredDate", "25/02/2026"), ("budgetId", "nope"), ("userId", "nope")]
)
async def test_reimbursement_invalid_values(http: httpx.AsyncClient, spend_org: Org, field: str, value: Any) -> None:
    body = {**(await _reimbursement_body(http)), field: value}
    assert error_code(await http.post(f"{API}/v3/spend/reimbursements", headers=SPEND, json=body)) == "BDC_1001"


async def test_transactions_page_at_most_50(emu: BillEmulator, http: httpx.AsyncClient, spend_org: Org) -> None:
    for index in range(55):
        emu.add_spend_transaction(spend_org.id, f"Merchant {index}", 10.0 + index)
    first = (await http.get(f"{API}/v3/spend/transactions", headers=SPEND, params={"max": "50"})).json()
    assert len(first["results"]) == 50
    rest = await http.get(
        f"{API}/v3/spend/transactions", headers=SPEND, params={"max": "50", "nextPage": first["nextPage"]}
    )
    assert len(rest.json()["results"]) == 5
    assert error_code(await http.get(f"{API}/v3/spend/transactions", headers=SPEND, params={"max": "51"})) == "BDC_1001"
    big = await http.get(
        f"{API}/v3/spend/transactions", headers=SPEND, params={"filters": "amount:gte:60", "max": "50"}
    )
    assert len(big.json()["results"]) == 5


async def test_tokens_are_per_organization(emu: BillEmulator, http: httpx.AsyncClient, spend_org: Org) -> None:
    other_id, _, _ = seed_org(emu, "Globex")
    emu.set_spend_api_token(other_id, "other-token")
    mine = (await http.get(f"{API}/v3/spend/users/current", headers=SPEND)).json()
    theirs = (await http.get(f"{API}/v3/spend/users/current", headers={"apiToken": "other-token"})).json()
    assert mine["id"] != theirs["id"]
    assert mine["role"] == "ADMIN"
