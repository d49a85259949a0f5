"""A Zoho refresh token revoked by the user: the connection moves to `needs_reauth`, its bills stop in
`needs_reauth` with the reason on their records and audit trails (nothing created in BILL, nothing lost),
the other organization keeps syncing, and after the user re-consents through the gateway's onboarding
route the polling sweep brings every stopped bill to BILL exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from cli.demo import DemoConnection
from common.models import BillPollSweepInput
from connections.zoho_onboarding import ZohoOnboarding
from persistence.db import make_engine
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind, SyncStatus
from tests.e2e.conftest import GATEWAY, Stack
from tests.fault.api.flow import enter_in_every_org, results, statuses
from tests.fault.conftest import world_of
from tests.fault.invariants import (
    assert_failures_audited,
    assert_invariants,
    assert_no_duplicates,
    assert_nothing_lost,
    bill_records,
)
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from workflows.bill_poll_sweep import BillPollSweepWorkflow

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

BILLS_PER_ORG = 5
ADMIN = SecretStr("fault-suite-admin-token")


@asynccontextmanager
async def onboarding_gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway with its Zoho onboarding routes (admin token set), over the stack's store and emulators."""
    seeded = stack.seeded
    settings = seeded.settings.model_copy(update={"admin_token": ADMIN})
    engine = make_engine(settings.effective_database_url())
    onboarding = ZohoOnboarding(settings=settings, store=seeded.store, engine=engine, http=seeded.http)
    store = seeded.store
    deps = GatewayDeps(
        settings=settings, temporal=stack.env.client, connections=store.connections, secrets=store.credentials
    )
    transport = httpx.ASGITransport(app=create_app(deps, onboarding))
    try:
        async with httpx.AsyncClient(transport=transport, base_url=GATEWAY) as gateway:
            yield gateway
    finally:
        engine.dispose()


async def reauthorize(stack: Stack, demo: DemoConnection) -> list[str]:
    """The user re-consents for the connection: gateway start -> Zoho consent -> gateway callback; the
    connections it resumed."""
    admin = {"Authorization": f"Bearer {ADMIN.get_secret_value()}"}
    async with onboarding_gateway(stack) as gateway:
        started = await gateway.get(f"/oauth/zoho/start?{urlencode({'connection': demo.connection_id})}", headers=admin)
        assert started.status_code == 302, started.text
        consent = f"{started.headers['location']}&{urlencode({'login_hint': demo.company.zoho_user})}"
        redirected = await stack.seeded.http.get(consent)
        assert redirected.status_code in (302, 303, 307), redirected.text
        query = {k: v[0] for k, v in parse_qs(urlsplit(redirected.headers["location"]).query).items()}
        answer = await gateway.get(f"/oauth/zoho/callback?{urlencode(query)}")
    assert answer.status_code == 200, answer.text
    resumed: list[str] = answer.json()["resumed_connection_ids"]
    return resumed


async def test_revoked_refresh_token_stops_visibly_and_resumes_after_reauth(
    stack: Stack, logs: pytest.LogCaptureFixture
) -> None:
    seeded = stack.seeded
    uk, ie = seeded.demos["UK Ltd"], seeded.demos["Ireland Ltd"]
    uk_grant = seeded.store.connections.get(uk.connection_id)
    assert uk_grant is not None
    revoked = seeded.store.credentials.require(
        OwnerKind.ZOHO_GRANT, uk_grant.zoho_grant_id, CredentialKind.ZOHO_REFRESH_TOKEN
    )
    seeded.zoho.revoke_refresh_token(revoked.get_secret_value())

    entered = enter_in_every_org(stack, BILLS_PER_ORG)
    assert await stack.deliver_webhooks() == [202] * (2 * BILLS_PER_ORG)
    outcomes = await results(stack, entered)

    by_org = dict(zip([org for org, bills in entered.items() for _ in bills], statuses(outcomes), strict=True))
    assert sorted(statuses(outcomes)) == ["needs_reauth"] * BILLS_PER_ORG + ["synced"] * BILLS_PER_ORG
    assert by_org[uk.zoho_org_id] == "needs_reauth"
    assert by_org[ie.zoho_org_id] == "synced"
    connection = seeded.store.connections.get(uk.connection_id)
    assert connection is not None
    assert connection.status == ConnectionStatus.NEEDS_REAUTH
    assert seeded.bill.bills(uk.bill_org_id) == [], "nothing reached BILL without Zoho's data"
    world = world_of(stack)
    (uk_pair,) = [pair for pair in world.pairs if pair.connection_id == uk.connection_id]
    stopped = list(bill_records(world, uk_pair).values())
    assert {r.status for r in stopped} == {SyncStatus.NEEDS_REAUTH}
    assert len(stopped) == BILLS_PER_ORG
    assert_nothing_lost(world)
    assert_failures_audited(world)
    assert_no_duplicates(world)

    assert await reauthorize(stack, uk) == [uk.connection_id]
    renewed = seeded.store.credentials.require(
        OwnerKind.ZOHO_GRANT, uk_grant.zoho_grant_id, CredentialKind.ZOHO_REFRESH_TOKEN
    )
    assert renewed.get_secret_value() != revoked.get_secret_value()
    await stack.env.client.execute_workflow(
        BillPollSweepWorkflow.run,
        BillPollSweepInput(connection_id=uk.connection_id),
        id=f"bill-poll/{uk.connection_id}/after-reauth",
        task_queue=seeded.settings.task_queue,
    )
    resumed = await results(stack, {uk.zoho_org_id: entered[uk.zoho_org_id]})

    assert statuses(resumed) == ["synced"] * BILLS_PER_ORG
    world = replace(world_of(stack), extra_secrets=(revoked.get_secret_value(),))
    await assert_invariants(world, [r.getMessage() for r in logs.records])
