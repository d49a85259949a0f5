"""The BILL client's requests count against the right windows: every call against the devKey's hour and its
slots in the organization, logins also against the devKey's login window; the devKey never names a key."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from activities.connections import bill_budgeted_http
from activities.rate_budget import BudgetStore, RateBudget, VendorLimits, bill_rule, dev_key_digest
from tests.ratebudget.conftest import ManualClock

DEV_KEY = SecretStr("01ABCDEFGHIJKLMNOPQRSTUV")


async def test_logins_also_count_against_the_login_window(store: BudgetStore) -> None:
    budget = RateBudget(store, clock=ManualClock())
    shared = httpx.AsyncClient(transport=httpx.MockTransport(lambda _request: httpx.Response(200, json={})))
    http = bill_budgeted_http(shared, budget, VendorLimits(), DEV_KEY, "org-1")

    await http.post("http://bill.test/v3/login", json={})
    await http.get("http://bill.test/v3/bills")
    await http.post("http://bill.test/v3/bills", json={})

    login = bill_rule(dev_key_digest(DEV_KEY.get_secret_value()), "org-1", VendorLimits(), login=True)
    hour, logins = login.rates
    now = budget.clock.now()
    assert (store.in_window(hour, now), store.in_window(logins, now)) == (3, 1)
    assert all(DEV_KEY.get_secret_value() not in key for key in login.all_keys())
