"""`connect bill`: credentials are stored only after BILL accepted them; the S&E token is separate."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from common.errors import SyncError
from connections.bill_onboarding import BillLogin, connect_bill
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.connections.conftest import Onboard


def _login(onboard: Onboard, org_id: str, password: str, spend: SecretStr | None = None) -> BillLogin:
    return BillLogin(
        organization_id=org_id,
        username="ap@example.test",
        password=SecretStr(password),
        dev_key=onboard.app.bill_dev_key,
        spend_api_token=spend,
    )


async def test_verified_credentials_are_stored_encrypted(onboard: Onboard) -> None:
    org_id = onboard.bill.add_organization("BILL A")
    onboard.bill.add_user(org_id, "ap@example.test", "right")

    info = await connect_bill(
        _login(onboard, org_id, "right"),
        settings=onboard.settings,
        store=onboard.store,
        http=onboard.http,
        budget=onboard.budget,
    )

    assert info.organization_id == org_id
    get = onboard.store.credentials.get
    assert get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_PASSWORD) == SecretStr("right")
    assert get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_USERNAME) == SecretStr("ap@example.test")
    assert get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_DEV_KEY) == onboard.app.bill_dev_key
    assert get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_SPEND_API_TOKEN) is None  # S&E not active


async def test_rejected_credentials_are_not_stored(onboard: Onboard) -> None:
    org_id = onboard.bill.add_organization("BILL A")
    onboard.bill.add_user(org_id, "ap@example.test", "right")

    with pytest.raises(SyncError):
        await connect_bill(
            _login(onboard, org_id, "wrong"),
            settings=onboard.settings,
            store=onboard.store,
            http=onboard.http,
            budget=onboard.budget,
        )

    assert onboard.store.credentials.get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_PASSWORD) is None


async def test_the_spend_token_is_stored_apart_and_removed_when_not_given(onboard: Onboard) -> None:
    org_id = onboard.bill.add_organization("BILL A")
    onboard.bill.add_user(org_id, "ap@example.test", "right")

    await connect_bill(
        _login(onboard, org_id, "right", SecretStr("spend-token")),
        settings=onboard.settings,
        store=onboard.store,
        http=onboard.http,
        budget=onboard.budget,
    )
    stored = onboard.store.credentials.get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_SPEND_API_TOKEN)
    await connect_bill(
        _login(onboard, org_id, "right"),
        settings=onboard.settings,
        store=onboard.store,
        http=onboard.http,
        budget=onboard.budget,
    )

    assert stored == SecretStr("spend-token")
    assert onboard.store.credentials.get(OwnerKind.BILL_ORG, org_id, CredentialKind.BILL_SPEND_API_TOKEN) is None
