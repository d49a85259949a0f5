"""Credentials that expire mid-sync: BILL sessions dropped while bills are being created (the client logs in
again, single-flight, and retries) and Zoho access tokens expired while bills are being read (the client
refreshes once and retries). No bill is lost or duplicated, and no new session or token leaks."""

from __future__ import annotations

import pytest

from emulators.faults import Fault, FaultKind
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.e2e.conftest import Stack
from tests.fault.api.flow import enter_in_every_org, post_deliveries, results, statuses
from tests.fault.conftest import world_of
from tests.fault.invariants import assert_invariants

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

BILLS_PER_ORG = 8
EXPIRIES = 3


def bill_logins(stack: Stack) -> int:
    """Successful BILL logins so far."""
    return sum(1 for r in stack.seeded.bill.request_log if r.path.endswith("/v3/login") and r.status == 200)


def zoho_token_requests(stack: Stack) -> int:
    """Token requests made with the seeded grants' refresh tokens."""
    store, zoho = stack.seeded.store, stack.seeded.zoho
    grants = {connection.zoho_grant_id for connection in store.connections.list()}
    tokens = [store.credentials.require(OwnerKind.ZOHO_GRANT, g, CredentialKind.ZOHO_REFRESH_TOKEN) for g in grants]
    return sum(zoho.stats.token_requests_for(token.get_secret_value()) for token in tokens)


async def test_bill_sessions_expiring_mid_sync(stack: Stack, logs: pytest.LogCaptureFixture) -> None:
    seeded = stack.seeded
    expired = seeded.bill.faults.add(
        Fault(kind=FaultKind.EXPIRE_SESSION, method="POST", path=r"^/connect/v3/bills$", times=EXPIRIES)
    )
    entered = enter_in_every_org(stack, BILLS_PER_ORG)
    assert await stack.deliver_webhooks() == [202] * (2 * BILLS_PER_ORG)
    seeded.bill.expire_sessions()  # and every session, idle-timeout style, while the bills are in flight

    outcomes = await results(stack, entered)

    assert expired.hits == EXPIRIES
    assert statuses(outcomes) == ["synced"] * (2 * BILLS_PER_ORG)
    assert bill_logins(stack) > len(seeded.demos), "sessions were renewed by logging in again"
    assert any(r.code == "BDC_1109" for r in seeded.bill.request_log), "BILL refused an expired session"
    await assert_invariants(world_of(stack), [r.getMessage() for r in logs.records])


async def test_zoho_access_tokens_expiring_mid_sync(stack: Stack, logs: pytest.LogCaptureFixture) -> None:
    """Half the bills sync on each grant's access token; then each token expires (the next Books read with it
    is refused, and so is every later one) while the other half is read: one refresh per grant, no churn."""
    seeded = stack.seeded
    entered = enter_in_every_org(stack, BILLS_PER_ORG)
    pending = list(seeded.zoho.outbox)
    seeded.zoho.outbox.clear()
    first = {org: dict(list(bills.items())[: BILLS_PER_ORG // 2]) for org, bills in entered.items()}
    first_ids = [e.zoho_bill_id.encode() for bills in first.values() for e in bills.values()]
    early = [d for d in pending if any(bill_id in d.body for bill_id in first_ids)]
    assert len(early) == BILLS_PER_ORG
    assert await post_deliveries(stack, early) == [202] * BILLS_PER_ORG
    assert statuses(await results(stack, first)) == ["synced"] * BILLS_PER_ORG
    expired = [
        seeded.zoho.faults.add(Fault(kind=FaultKind.EXPIRE_SESSION, method="GET", path=rf"^/{dc}/api/books/v3/bills/"))
        for dc in sorted({demo.company.dc for demo in seeded.demos.values()})
    ]
    before = zoho_token_requests(stack)

    late = [d for d in pending if d not in early]
    assert await post_deliveries(stack, late) == [202] * BILLS_PER_ORG
    outcomes = await results(stack, entered)

    assert [fault.hits for fault in expired] == [1, 1]
    assert statuses(outcomes) == ["synced"] * (2 * BILLS_PER_ORG)
    assert seeded.zoho.stats.statuses[401] >= len(expired), "Zoho refused the expired tokens"
    assert zoho_token_requests(stack) == before + len(seeded.demos), "one refresh per grant"
    await assert_invariants(world_of(stack), [r.getMessage() for r in logs.records])
