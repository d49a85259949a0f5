"""The invariants are not vacuous: each one fails on the breach it guards against (a bill whose webhook never
arrived, a second BILL bill entered by another writer, a failure state without its audit event, a secret in
a log line or a history, including an access token or a session id the emulators issued)."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from cli.demo import DemoConnection, add_demo_bill
from persistence.vocabulary import CredentialKind, OwnerKind, SyncStatus
from tests.e2e.conftest import BILL, Stack
from tests.fault.conftest import world_of
from tests.fault.invariants import (
    BILL_ENTITY,
    assert_counts_match,
    assert_failures_audited,
    assert_invariants,
    assert_no_duplicates,
    assert_no_secrets,
    assert_nothing_lost,
    connection_secrets,
)

pytestmark = [pytest.mark.temporal, pytest.mark.fault]


async def synced_demo_bill(stack: Stack) -> tuple[DemoConnection, str]:
    """The UK demo bill, synced; (its company, its Zoho id)."""
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    assert await stack.deliver_webhooks() == [202]
    assert (await stack.result(uk, zoho_bill)).status == "synced"
    return uk, zoho_bill


async def copy_in_bill_as_another_writer(stack: Stack, demo: DemoConnection, bill: dict[str, object]) -> None:
    """Enter a second BILL bill with the same vendor and invoice number through BILL's API."""
    seeded = stack.seeded
    connection = seeded.store.connections.get(demo.connection_id)
    assert connection is not None
    secret = seeded.store.credentials.require
    dev_key = secret(OwnerKind.BILL_ORG, demo.bill_org_id, CredentialKind.BILL_DEV_KEY).get_secret_value()
    password = secret(OwnerKind.BILL_ORG, demo.bill_org_id, CredentialKind.BILL_PASSWORD).get_secret_value()
    login = await seeded.http.post(
        f"{BILL}/connect/v3/login",
        json={
            "username": connection.bill_username,
            "password": password,
            "organizationId": demo.bill_org_id,
            "devKey": dev_key,
        },
    )
    assert login.status_code == 200, login.text
    headers = {"devKey": dev_key, "sessionId": login.json()["sessionId"]}
    body = {key: bill[key] for key in ("vendorId", "dueDate", "invoice")}
    body["billLineItems"] = [{"amount": 1}]
    created = await seeded.http.post(f"{BILL}/connect/v3/bills", json=body, headers=headers)
    assert created.status_code == 201, created.text


async def test_a_bill_whose_webhook_never_arrived_is_lost(stack: Stack) -> None:
    await synced_demo_bill(stack)
    ie = stack.seeded.demos["Ireland Ltd"]
    add_demo_bill(stack.seeded.zoho, ie)  # its webhook is never delivered
    world = world_of(stack)
    with pytest.raises(AssertionError, match="1 Zoho bills, 0 in BILL"):
        assert_counts_match(world)
    with pytest.raises(AssertionError, match="has no sync record"):
        assert_nothing_lost(world)


async def test_a_second_bill_with_the_same_vendor_and_number_is_a_duplicate(stack: Stack) -> None:
    uk, _ = await synced_demo_bill(stack)
    (bill,) = stack.seeded.bill.bills(uk.bill_org_id)
    await copy_in_bill_as_another_writer(stack, uk, bill)
    world = world_of(stack)
    with pytest.raises(AssertionError, match="duplicate bills"):
        assert_no_duplicates(world)
    with pytest.raises(AssertionError, match="1 Zoho bills, 2 in BILL"):
        assert_counts_match(world)


async def test_a_failure_state_without_its_audit_event_is_caught(stack: Stack) -> None:
    uk, zoho_bill = await synced_demo_bill(stack)
    record = stack.seeded.store.records.get(uk.zoho_org_id, BILL_ENTITY, zoho_bill)
    assert record is not None
    assert_failures_audited(world_of(stack))
    stack.seeded.store.records.mark_status(record.id, SyncStatus.FAILED, "set behind the audit trail's back")
    with pytest.raises(AssertionError, match="is not audited"):
        assert_failures_audited(world_of(stack))


async def test_a_secret_in_a_log_line_or_a_history_is_caught(stack: Stack, logs: pytest.LogCaptureFixture) -> None:
    uk, zoho_bill = await synced_demo_bill(stack)
    world = world_of(stack)
    await assert_invariants(world, [r.getMessage() for r in logs.records])

    secret = connection_secrets(world.store, world.settings, uk.connection_id)[0]
    logging.getLogger("tests.fault").info("careless log line with %s", secret)
    with pytest.raises(AssertionError, match="secrets found"):
        await assert_no_secrets(world, [r.getMessage() for r in logs.records])
    (session_id, *_) = world.bill.issued_session_ids()
    with pytest.raises(AssertionError, match="secrets found"):
        await assert_no_secrets(world, [f"BILL answered for session {session_id}"])
    (access_token, *_) = world.zoho.issued_access_tokens()
    with pytest.raises(AssertionError, match="secrets found"):
        await assert_no_secrets(world, [f"Zoho-oauthtoken {access_token}"])
    in_history = replace(world, extra_secrets=(f'"zoho_bill_id":"{zoho_bill}"',))
    with pytest.raises(AssertionError, match="secrets found"):
        await assert_no_secrets(in_history, [])
