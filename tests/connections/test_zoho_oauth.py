"""The Zoho authorization-code flow through the gateway, on the Zoho emulator (which binds codes, tokens and
organizations to one data centre, so a call sent to the wrong DC fails there)."""

from __future__ import annotations

import logging

import pytest

from activities.connections import ConnectionClients
from common.errors import AuthRejected
from common.regions import BOOKS_DATA_CENTERS, ZohoDataCenter
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind
from tests.connections.conftest import FORGED, ZOHO, Onboard, connect_bill_org, zoho_user


@pytest.mark.parametrize("dc", BOOKS_DATA_CENTERS, ids=str)
async def test_connecting_in_each_dc_routes_every_call_to_that_dc(onboard: Onboard, dc: ZohoDataCenter) -> None:
    email, [org_id] = zoho_user(onboard, dc.value, f"Books {dc.value}")
    bill_org = await connect_bill_org(onboard, f"BILL {dc.value}")

    granted = await onboard.authorize(email, label="finance-ops", dc=dc.value)
    assert granted["dc"] == dc.value
    assert [o["organization_id"] for o in granted["organizations"]] == [org_id]
    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    assert picked.status_code == 201, picked.text
    assert picked.json()["workflow_started"] is True
    assert ("start", f"connection/{picked.json()['connection_id']}") in onboard.temporal_calls
    connection = onboard.store.connections.get(picked.json()["connection_id"])
    assert connection is not None
    assert connection.zoho_dc == dc.value

    clients = ConnectionClients(settings=onboard.settings, store=onboard.store, http=onboard.http)
    books = await clients.zoho(connection)
    await books.books.list_bills(books.org_id)

    assert onboard.zoho.stats.api_calls[org_id] == 1
    zoho_urls = [url for url in onboard.sent if url.startswith(ZOHO)]
    assert zoho_urls
    assert all(url.startswith(f"{ZOHO}/{dc.value}/") for url in zoho_urls)


async def test_a_user_of_another_dc_may_start_at_the_us_accounts_server(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "eu", "UK Ltd")

    granted = await onboard.authorize(email, label="uk")

    assert granted["dc"] == "eu"
    assert [o["organization_id"] for o in granted["organizations"]] == [org_id]


async def test_china_starts_at_its_own_accounts_server(onboard: Onboard) -> None:
    started = await onboard.gateway.get("/oauth/zoho/start?label=cn&dc=cn", headers=onboard.admin)

    assert started.headers["location"].startswith(f"{ZOHO}/cn/accounts/oauth/v2/auth?")


async def test_a_forged_accounts_server_is_refused_before_any_token_request(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "eu", "UK Ltd")
    params = await onboard.consent(email, label="uk", dc="eu")

    answer = await onboard.callback({**params, "accounts-server": f"{FORGED}/eu/accounts"})

    assert answer.status_code == 400
    assert onboard.forged_requests == []
    assert not onboard.zoho.stats.token_requests
    assert onboard.app.zoho_client_secret.get_secret_value() not in answer.text


async def test_a_location_that_contradicts_the_accounts_server_is_refused(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "eu", "UK Ltd")
    params = await onboard.consent(email, label="uk", dc="eu")

    answer = await onboard.callback({**params, "location": "us"})

    assert answer.status_code == 400
    assert not onboard.zoho.stats.token_requests


async def test_a_state_is_single_use_and_must_be_ours(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "us", "Ireland Ltd")
    params = await onboard.consent(email, label="ie")
    assert (await onboard.callback(params)).status_code == 200

    replayed = await onboard.callback(params)
    invented = await onboard.callback({**params, "state": "not-one-we-issued"})

    assert replayed.status_code == 400
    assert invented.status_code == 400
    assert sum(onboard.zoho.stats.token_requests.values()) == 1


async def test_one_refresh_token_per_grant_however_many_orgs_are_connected(onboard: Onboard) -> None:
    email, org_ids = zoho_user(onboard, "eu", "UK Ltd", "Ireland Ltd")
    bill_orgs = [await connect_bill_org(onboard, name) for name in ("BILL A", "BILL B")]

    granted = await onboard.authorize(email, label="group-finance", dc="eu")
    for org_id, bill_org in zip(org_ids, bill_orgs, strict=True):
        picked = await onboard.gateway.post(
            granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
        )
        assert picked.status_code == 201, picked.text

    connections = onboard.store.connections.list()
    assert {c.zoho_grant_id for c in connections} == {granted["grant_id"]}
    assert len(connections) == 2
    # one code exchange, and the organization lists reused the access token it returned
    assert list(onboard.zoho.stats.token_requests.values()) == [1]
    for connection in connections:
        assert (
            onboard.store.credentials.get(OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_REFRESH_TOKEN)
            is None
        )


async def test_consenting_again_with_the_same_label_replaces_the_grants_token(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "eu", "UK Ltd")
    first = await onboard.authorize(email, label="uk", dc="eu")
    old_token = onboard.store.credentials.require(
        OwnerKind.ZOHO_GRANT, first["grant_id"], CredentialKind.ZOHO_REFRESH_TOKEN
    )

    second = await onboard.authorize(email, label="uk", dc="eu")

    assert second["grant_id"] == first["grant_id"]
    new_token = onboard.store.credentials.require(
        OwnerKind.ZOHO_GRANT, first["grant_id"], CredentialKind.ZOHO_REFRESH_TOKEN
    )
    assert new_token.get_secret_value() != old_token.get_secret_value()
    refreshed = await onboard.http.post(
        f"{ZOHO}/eu/accounts/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": old_token.get_secret_value(),
            "client_id": onboard.app.zoho_client_id,
            "client_secret": onboard.app.zoho_client_secret.get_secret_value(),
        },
    )
    assert refreshed.json() == {"error": "invalid_code"}  # the replaced token was revoked


async def test_reauthorizing_a_revoked_grant_resumes_its_connections(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "in", "Mumbai Pvt Ltd")
    bill_org = await connect_bill_org(onboard, "BILL IN")
    granted = await onboard.authorize(email, label="mumbai", dc="in")
    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    connection_id = picked.json()["connection_id"]
    grant_id = granted["grant_id"]
    revoked = onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    onboard.zoho.revoke_refresh_token(revoked.get_secret_value())
    onboard.store.connections.set_status(connection_id, ConnectionStatus.NEEDS_REAUTH.value, "refresh token revoked")

    again = await onboard.authorize(email, connection=connection_id)

    assert again["grant_id"] == grant_id
    assert again["resumed_connection_ids"] == [connection_id]
    connection = onboard.store.connections.get(connection_id)
    assert connection is not None
    assert connection.status == ConnectionStatus.ACTIVE
    assert ("update", f"connection/{connection_id}") in onboard.temporal_calls
    assert [o.organization_id for o in await onboard.onboarding.organizations(grant_id)] == [org_id]


async def test_reauthorization_by_a_user_of_another_dc_is_refused(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "eu", "UK Ltd")
    bill_org = await connect_bill_org(onboard, "BILL UK")
    granted = await onboard.authorize(email, label="uk", dc="eu")
    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    intruder, _ = zoho_user(onboard, "us", "Elsewhere Inc")
    params = await onboard.consent(intruder, connection=picked.json()["connection_id"])

    answer = await onboard.callback({**params, "accounts-server": f"{ZOHO}/us/accounts", "location": "us"})

    assert answer.status_code == 400


async def test_onboarding_routes_need_the_admin_token(onboard: Onboard) -> None:
    assert (await onboard.gateway.get("/oauth/zoho/start?label=x")).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert (await onboard.gateway.get("/oauth/zoho/grants/g/organizations", headers=wrong)).status_code == 401
    assert (await onboard.gateway.post("/oauth/zoho/grants/g/connections", json={})).status_code == 401


async def test_picking_an_organization_the_grant_cannot_reach_is_refused(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "eu", "UK Ltd")
    _, [foreign_org] = zoho_user(onboard, "eu", "Someone Else Ltd")
    bill_org = await connect_bill_org(onboard, "BILL UK")
    granted = await onboard.authorize(email, label="uk", dc="eu")

    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": foreign_org, "bill_org_id": bill_org}, headers=onboard.admin
    )

    assert picked.status_code == 400
    assert onboard.store.connections.list() == []


async def test_no_token_code_or_client_secret_reaches_logs_or_answers(
    onboard: Onboard, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    email, [org_id] = zoho_user(onboard, "sa", "Riyadh Co")
    bill_org = await connect_bill_org(onboard, "BILL SA")
    params = await onboard.consent(email, label="riyadh", dc="sa")
    answer = await onboard.callback(params)
    picked = await onboard.gateway.post(
        answer.json()["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    grant_id = answer.json()["grant_id"]
    refresh = onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)

    secrets = [
        params["code"],
        refresh.get_secret_value(),
        onboard.app.zoho_client_secret.get_secret_value(),
        onboard.app.bill_dev_key.get_secret_value(),
    ]
    # httpx's own request lines are the test client's (Zoho puts the code in the redirect's query string)
    logged = [record.getMessage() for record in caplog.records if record.name != "httpx"]
    texts = [answer.text, picked.text, *logged]
    assert not [secret for secret in secrets for text in texts if secret in text]


async def test_reauthorization_by_a_user_who_cannot_open_the_connected_org_is_refused(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "ca", "Toronto Inc")
    bill_org = await connect_bill_org(onboard, "BILL CA")
    granted = await onboard.authorize(email, label="toronto", dc="ca")
    picked = await onboard.gateway.post(
        granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
    )
    grant_id = granted["grant_id"]
    kept = onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    stranger, _ = zoho_user(onboard, "ca", "Unrelated Inc")

    answer = await onboard.callback(await onboard.consent(stranger, connection=picked.json()["connection_id"]))

    assert answer.status_code == 400
    assert "cannot open" in answer.json()["error"]
    assert onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN) == kept


async def test_listing_organizations_of_a_rejected_grant_asks_zoho_once(onboard: Onboard) -> None:
    email, _ = zoho_user(onboard, "eu", "UK Ltd")
    grant_id = (await onboard.authorize(email, label="uk", dc="eu"))["grant_id"]
    credentials = onboard.store.credentials
    refresh_token = credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    onboard.zoho.revoke_refresh_token(refresh_token.get_secret_value())
    credentials.delete(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_ACCESS_TOKEN)  # as if it had expired

    for _ in range(3):
        with pytest.raises(AuthRejected):
            await onboard.onboarding.organizations(grant_id)

    token_requests = [url for url in onboard.sent if url.endswith("/oauth/v2/token")]
    assert len(token_requests) == 2, "the code exchange, then one refused refresh: the rejection is remembered"
