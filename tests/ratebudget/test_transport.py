"""BudgetTransport: the slot is held exactly while the shared client sends, bodies (compressed or not) reach
the caller intact, and a rate-limit answer that still got through pauses the budget it names."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import httpx
import pytest

from activities.rate_budget import (
    BudgetStore,
    Deferred,
    RateBudget,
    VendorLimits,
    WaitReason,
    bill_penalty,
    bill_rule,
    budgeted_client,
    zoho_penalty,
    zoho_rule,
)
from activities.rate_budget.penalties import PenaltyRule
from tests.ratebudget.conftest import ManualClock

ZOHO = zoho_rule("60001", VendorLimits())
BILL = bill_rule("devkeydigest", "org-1", VendorLimits(), login=False)
ZOHO_PENALTY = zoho_penalty(ZOHO.rates[0].key, ZOHO.concurrency[0].key)
BILL_PENALTY = bill_penalty(BILL.rates[0].key, BILL.concurrency[0].key)


def client(budget: RateBudget, penalty: PenaltyRule, reply: httpx.Response) -> httpx.AsyncClient:
    shared = httpx.AsyncClient(transport=httpx.MockTransport(lambda _request: reply), timeout=12.5)
    rule = ZOHO if penalty is ZOHO_PENALTY else BILL
    return budgeted_client(shared, budget, lambda _request: rule, penalty)


def deferral(budget: RateBudget, store: BudgetStore, zoho: bool = True) -> Deferred | None:
    decision = store.try_acquire(ZOHO if zoho else BILL, budget.clock.now)
    return decision if isinstance(decision, Deferred) else None


@pytest.fixture
def budget(store: BudgetStore) -> RateBudget:
    return RateBudget(store, clock=ManualClock(start=datetime(2027, 1, 15, 10, 45, tzinfo=UTC).timestamp()))


async def test_the_slot_is_held_while_sending_and_released_after(budget: RateBudget, store: BudgetStore) -> None:
    leased_while_sending: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        leased_while_sending.append(store.leased(ZOHO.concurrency[0], budget.clock.now()))
        return httpx.Response(200, json={"code": 0, "bill": {"bill_id": "1"}})

    shared = httpx.AsyncClient(transport=httpx.MockTransport(handler), timeout=12.5)
    async with budgeted_client(shared, budget, lambda _request: ZOHO, ZOHO_PENALTY) as http:
        response = await http.get("http://zoho.test/books/v3/bills/1")

    assert response.json() == {"code": 0, "bill": {"bill_id": "1"}}
    assert http.timeout == shared.timeout
    assert leased_while_sending == [1]
    assert store.leased(ZOHO.concurrency[0], budget.clock.now()) == 0
    assert store.in_window(ZOHO.rates[0], budget.clock.now()) == 1


async def test_a_compressed_body_is_decoded_once(budget: RateBudget) -> None:
    body = json.dumps({"code": 0, "message": "success"}).encode()
    reply = httpx.Response(200, content=gzip.compress(body), headers={"content-encoding": "gzip"})

    response = await client(budget, ZOHO_PENALTY, reply).get("http://zoho.test/books/v3/bills")

    assert response.json() == {"code": 0, "message": "success"}


@pytest.mark.parametrize(
    ("reply", "paused_for"),
    [
        (httpx.Response(429, json={"code": 44, "message": "minute limit"}), 60.0),
        (httpx.Response(429, json={"code": 44, "message": "minute limit"}, headers={"Retry-After": "7"}), 7.0),
        (httpx.Response(429, json={"code": 45, "message": "daily limit"}), 3600.0),
        (httpx.Response(429, json={"code": 1070, "message": "concurrency"}), 1.0),
    ],
)
async def test_a_zoho_limit_answer_pauses_the_organization(
    budget: RateBudget, store: BudgetStore, reply: httpx.Response, paused_for: float
) -> None:
    response = await client(budget, ZOHO_PENALTY, reply).get("http://zoho.test/books/v3/bills")

    assert response.status_code == 429
    paused = deferral(budget, store)
    assert paused is not None
    assert paused.reason is WaitReason.PAUSED
    assert paused.wait_seconds == pytest.approx(paused_for)


async def test_other_zoho_errors_change_nothing(budget: RateBudget, store: BudgetStore) -> None:
    await client(budget, ZOHO_PENALTY, httpx.Response(400, json={"code": 4, "message": "bad"})).get("http://z.test/")
    assert deferral(budget, store) is None


@pytest.mark.parametrize(
    ("reply", "paused_for"),
    [
        (httpx.Response(400, json=[{"code": "BDC_1144", "message": "Maximum of 20000 API requests"}]), 15 * 60.0),
        (httpx.Response(429, json=[{"code": "BDC_1322", "message": "concurrent"}]), 1.0),
    ],
)
async def test_a_bill_limit_answer_pauses_the_dev_key(
    budget: RateBudget, store: BudgetStore, reply: httpx.Response, paused_for: float
) -> None:
    await client(budget, BILL_PENALTY, reply).get("http://bill.test/v3/bills")

    paused = deferral(budget, store, zoho=False)
    assert paused is not None
    assert paused.reason is WaitReason.PAUSED
    assert paused.wait_seconds == pytest.approx(paused_for)  # BDC_1144: until the next clock hour (10:45 -> 11:00)


async def test_other_bill_errors_change_nothing(budget: RateBudget, store: BudgetStore) -> None:
    reply = httpx.Response(400, json=[{"code": "BDC_1001", "message": "invalid"}])
    await client(budget, BILL_PENALTY, reply).get("http://bill.test/v3/bills")
    assert deferral(budget, store, zoho=False) is None
