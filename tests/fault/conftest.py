"""Fixtures of the fault suite: the in-process connector of `tests/e2e` (real emulators, store, gateway,
worker and Temporal dev server) and the `World` the invariants read from it. The `fault` marker itself is
registered in pyproject.toml."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.conftest import Stack, local_env, seeded, stack
from tests.fault.invariants import OrgPair, World

__all__ = ["local_env", "seeded", "stack"]


def world_of(stack: Stack) -> World:
    """The invariants' view of an in-process stack: every seeded connection."""
    seeded = stack.seeded
    pairs = [OrgPair(d.connection_id, d.zoho_org_id, d.bill_org_id) for d in seeded.demos.values()]
    return World(seeded.zoho, seeded.bill, seeded.store, seeded.settings, stack.env.client, pairs)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record at DEBUG and above, for the secret scan."""
    caplog.set_level(logging.DEBUG)
    return caplog
