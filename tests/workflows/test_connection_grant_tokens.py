"""The grant's shared access token against the Zoho emulator and a real store: reused across "workers" and
connections, minted single-flight, never reused after a rejection, stored encrypted; the refresh activity's
answer to a revoked grant; the idempotent workflow start."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlmodel import select
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Worker

from activities.connection import ConnectionActivities
from activities.connection_models import ConnectionRef
from activities.grant_tokens import (
    REFRESH_AHEAD,
    GrantTokenProvider,
    SharedGrantTokens,
    StoredAccessToken,
    refresh_token_fingerprint,
)
from common.errors import AuthRejected
from emulators.clock import EmulatorClock
from persistence.db import make_engine, session_scope
from persistence.tables import Credential
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.temporal_env import unique_name
from tests.workflows.test_connection_tokens import World, build_world
from tests.workflows.test_connection_workflow import StandIns
from workflows.connection import ConnectionWorkflow
from workflows.connection_start import start_connection_workflow


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async for built in build_world(tmp_path, EmulatorClock(frozen=True).now()):
        yield built


def worker_tokens(world: World) -> SharedGrantTokens:
    """The token cache of one worker process (each call: a separate process's cache)."""
    return SharedGrantTokens(settings=world.settings, store=world.store, http=world.http, now=world.clock.now)


def mints(world: World) -> int:
    return world.zoho.stats.token_requests_for(world.refresh_token)


async def test_a_second_worker_and_connection_reuse_the_stored_token(world: World) -> None:
    first, second = worker_tokens(world), worker_tokens(world)
    uk, ireland = world.connections

    minted, was_minted = await first.ensure(uk, min_remaining=REFRESH_AHEAD)
    reused, was_reused = await second.ensure(ireland, min_remaining=REFRESH_AHEAD)

    assert (was_minted, was_reused, mints(world)) == (True, False, 1)
    assert reused.access_token.get_secret_value() == minted.access_token.get_secret_value()
    assert reused.expires_at == minted.expires_at == world.clock.now() + timedelta(hours=1)


async def test_concurrent_requests_of_one_grant_mint_once(world: World) -> None:
    tokens = worker_tokens(world)
    requests = [tokens.ensure(c, min_remaining=REFRESH_AHEAD) for c in world.connections * 3]

    results = await asyncio.gather(*requests)

    assert mints(world) == 1
    assert len({token.access_token.get_secret_value() for token, _ in results}) == 1


async def test_a_token_about_to_expire_is_replaced(world: World) -> None:
    tokens = worker_tokens(world)
    connection = world.connections[0]
    await tokens.ensure(connection, min_remaining=REFRESH_AHEAD)

    world.clock.advance(timedelta(minutes=50) + timedelta(seconds=1))
    _, minted = await tokens.ensure(connection, min_remaining=REFRESH_AHEAD)

    assert (minted, mints(world)) == (True, 2)


async def test_a_token_from_a_replaced_refresh_token_is_not_reused(world: World) -> None:
    tokens = worker_tokens(world)
    connection = world.connections[0]
    before, _ = await tokens.ensure(connection, min_remaining=REFRESH_AHEAD)
    renewed = world.zoho.issue_refresh_token(world.zoho_user)  # re-consent: a new refresh token for the grant
    world.store.credentials.put(
        OwnerKind.ZOHO_GRANT, world.grant_id, CredentialKind.ZOHO_REFRESH_TOKEN, SecretStr(renewed)
    )

    after, minted = await tokens.ensure(connection, min_remaining=REFRESH_AHEAD)

    assert minted
    assert after.access_token.get_secret_value() != before.access_token.get_secret_value()
    assert world.zoho.stats.token_requests_for(renewed) == 1


async def test_a_rejected_token_is_replaced_once_even_across_workers(world: World) -> None:
    uk, ireland = world.connections
    provider_a = GrantTokenProvider(worker_tokens(world), uk)
    provider_b = GrantTokenProvider(worker_tokens(world), ireland)
    rejected = await provider_a()
    assert (await provider_b()).get_secret_value() == rejected.get_secret_value()

    replaced_by_b = await provider_b(force_refresh=True)
    seen_by_a = await provider_a(force_refresh=True)

    assert replaced_by_b.get_secret_value() != rejected.get_secret_value()
    assert seen_by_a.get_secret_value() == replaced_by_b.get_secret_value()
    assert mints(world) == 2


async def test_the_stored_token_is_ciphertext_and_never_in_reprs(world: World) -> None:
    tokens = worker_tokens(world)
    token, _ = await tokens.ensure(world.connections[0], min_remaining=REFRESH_AHEAD)
    plaintext = token.access_token.get_secret_value()

    with session_scope(make_engine(world.settings.effective_database_url())) as session:
        row = session.exec(
            select(Credential).where(
                Credential.owner_kind == OwnerKind.ZOHO_GRANT, Credential.kind == CredentialKind.ZOHO_ACCESS_TOKEN
            )
        ).one()
    stored = await tokens.load(world.grant_id)

    assert plaintext.encode() not in row.ciphertext
    assert stored is not None
    assert stored.access_token.get_secret_value() == plaintext
    assert plaintext not in repr(stored) + repr(token) + str(stored.sealed())


def test_an_unreadable_stored_value_counts_as_absent() -> None:
    assert StoredAccessToken.unsealed(SecretStr("not json")) is None


async def test_revoked_grant_fails_the_activity_permanently_and_drops_the_stored_token(world: World) -> None:
    tokens = worker_tokens(world)
    activities = ConnectionActivities(world.store, tokens)
    ref = ConnectionRef(connection_id=world.connections[0].id)
    await ActivityEnvironment().run(activities.refresh_zoho_token, ref)
    world.zoho.revoke_refresh_token(world.refresh_token)
    world.clock.advance(timedelta(minutes=55))

    with pytest.raises(ApplicationError) as failed:
        await ActivityEnvironment().run(activities.refresh_zoho_token, ref)

    assert (failed.value.type, failed.value.non_retryable) == (AuthRejected.__name__, True)
    assert await tokens.load(world.grant_id) is None


async def test_a_revoked_grant_costs_one_token_request_for_every_connection_and_worker(world: World) -> None:
    uk, ireland = world.connections
    await worker_tokens(world).ensure(uk, min_remaining=REFRESH_AHEAD)
    world.zoho.revoke_refresh_token(world.refresh_token)
    world.clock.advance(timedelta(minutes=55))

    for tokens, connection in [(worker_tokens(world), uk), (worker_tokens(world), ireland), (worker_tokens(world), uk)]:
        with pytest.raises(AuthRejected):
            await tokens.ensure(connection, min_remaining=REFRESH_AHEAD)
    with pytest.raises(AuthRejected):
        await GrantTokenProvider(worker_tokens(world), ireland)()

    assert len(world.token_requests_at) == 2, "only the first refusal reached Zoho"
    stored = [world.store.connections.get(c.id) for c in world.connections]
    assert [c.status if c else None for c in stored] == ["needs_reauth", "needs_reauth"]
    renewed = world.zoho.issue_refresh_token(world.zoho_user)
    world.store.credentials.put(
        OwnerKind.ZOHO_GRANT, world.grant_id, CredentialKind.ZOHO_REFRESH_TOKEN, SecretStr(renewed)
    )
    token, minted = await worker_tokens(world).ensure(ireland, min_remaining=REFRESH_AHEAD)
    assert minted
    assert world.zoho.stats.token_requests_for(renewed) == 1
    assert token.source == refresh_token_fingerprint(SecretStr(renewed))


async def test_starting_twice_attaches_to_the_running_workflow(time_skipping_env: WorkflowEnvironment) -> None:
    env, connection_id, queue = time_skipping_env, unique_name("conn"), unique_name("connection-start")
    stand_ins = StandIns()
    async with Worker(env.client, task_queue=queue, workflows=[ConnectionWorkflow], activities=stand_ins.all()):
        first = await start_connection_workflow(env.client, connection_id, task_queue=queue)
        await env.sleep(timedelta(minutes=1))
        second = await start_connection_workflow(env.client, connection_id, task_queue=queue)

        assert first.id == second.id == f"connection/{connection_id}"
        assert first.result_run_id == second.result_run_id
        assert stand_ins.count("refresh_zoho_token") == 1
        await first.terminate("test over")
