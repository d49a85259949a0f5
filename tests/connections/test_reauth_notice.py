"""A re-authorization whose `reauth_complete` cannot reach the connection's workflow is reported loudly: in the
callback's answer and as an error log naming `ml-connector resume` (the workflow waits for that update)."""

from __future__ import annotations

import logging

import pytest

from persistence.vocabulary import ConnectionStatus
from tests.connections.conftest import Onboard, connect_bill_org, zoho_user


async def test_an_undelivered_reauth_is_listed_and_logged_with_the_resume_command(
    onboard: Onboard, caplog: pytest.LogCaptureFixture
) -> None:
    email, [org_id] = zoho_user(onboard, "eu", "Berlin GmbH")
    bill_org = await connect_bill_org(onboard, "BILL EU")
    granted = await onboard.authorize(email, label="berlin", dc="eu")
    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    connection_id = picked.json()["connection_id"]
    onboard.store.connections.set_status(connection_id, ConnectionStatus.NEEDS_REAUTH.value, "refresh token revoked")

    with caplog.at_level(logging.ERROR, logger="webhook_gateway.oauth"):
        again = await onboard.authorize(email, connection=connection_id)  # no worker runs the started workflow

    assert again["resumed_connection_ids"] == [connection_id]
    assert again["reauth_not_delivered"] == [connection_id]
    [record] = [r for r in caplog.records if r.name == "webhook_gateway.oauth"]
    assert record.levelno == logging.ERROR
    assert f"ml-connector resume {connection_id}" in record.getMessage()
