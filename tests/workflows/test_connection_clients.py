"""`ConnectionClients.bill`: one BILL client (one session) per organization, replaced once the organization's
stored credentials change (`connect bill` run again), without a worker restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from activities.connections import BILL_CREDENTIALS_RECHECK, ConnectionClients
from emulators.clock import EmulatorClock
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.workflows.test_connection_tokens import World, build_world


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async for built in build_world(tmp_path, EmulatorClock().now()):
        yield built


def bill_logins(world: World) -> int:
    return sum(1 for r in world.bill.request_log if r.path.endswith("/v3/login") and r.status == 200)


async def test_credentials_stored_again_are_used_after_the_recheck(world: World) -> None:
    now = [0.0]
    clients = ConnectionClients(settings=world.settings, store=world.store, http=world.http, monotonic=lambda: now[0])
    uk, ireland = world.connections
    first = await clients.bill(uk)
    await first.list_vendors()
    assert await clients.bill(ireland) is first, "one client per BILL organization"

    world.bill.add_user(world.bill_org_id, "ap@group.example", "a new password")  # changed in BILL
    credentials = world.store.credentials
    credentials.put(OwnerKind.BILL_ORG, world.bill_org_id, CredentialKind.BILL_PASSWORD, SecretStr("a new password"))
    assert await clients.bill(uk) is first, "credentials are compared at most every recheck period"
    now[0] += BILL_CREDENTIALS_RECHECK

    second = await clients.bill(uk)
    await second.list_vendors()

    assert second is not first
    assert bill_logins(world) == 2, "the new client logged in with the new password"
    now[0] += BILL_CREDENTIALS_RECHECK
    assert await clients.bill(ireland) is second, "unchanged credentials keep the client and its session"
