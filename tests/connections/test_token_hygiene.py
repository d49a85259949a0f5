"""A rejected refresh token stops token requests for the whole grant until it is re-authorized."""

from __future__ import annotations

import pytest

from activities.connections import ConnectionClients
from common.errors import AuthRejected
from persistence.tables import Connection
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind
from tests.connections.conftest import Onboard, connect_bill_org, zoho_user


def token_requests(onboard: Onboard) -> int:
    return sum(url.endswith("/oauth/v2/token") for url in onboard.sent)


async def two_connections_of_one_grant(onboard: Onboard) -> tuple[str, list[Connection]]:
    email, org_ids = zoho_user(onboard, "eu", "UK Ltd", "Ireland Ltd")
    granted = await onboard.authorize(email, label="group", dc="eu")
    for org_id, name in zip(org_ids, ("BILL A", "BILL B"), strict=True):
        bill_org = await connect_bill_org(onboard, name)
        picked = await onboard.gateway.post(
            granted["pick"], json={"zoho_org_id": org_id, "bill_org_id": bill_org}, headers=onboard.admin
        )
        assert picked.status_code == 201, picked.text
    return email, onboard.store.connections.list()


async def test_revoked_grant_puts_every_connection_in_needs_reauth_and_stops_token_requests(
    onboard: Onboard,
) -> None:
    _, [first, second] = await two_connections_of_one_grant(onboard)
    grant_id = first.zoho_grant_id
    refresh = onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    onboard.zoho.revoke_refresh_token(refresh.get_secret_value())
    clients = ConnectionClients(settings=onboard.settings, store=onboard.store, http=onboard.http)

    books = await clients.zoho(first)
    with pytest.raises(AuthRejected):
        await books.books.list_bills(books.org_id)
    after_rejection = token_requests(onboard)

    assert {c.status for c in onboard.store.connections.list()} == {ConnectionStatus.NEEDS_REAUTH}
    reread = onboard.store.connections.get(second.id)
    assert reread is not None
    with pytest.raises(AuthRejected):
        await clients.zoho(reread)
    stale = await clients.zoho(second)  # a row read before the grant was marked
    with pytest.raises(AuthRejected):
        await stale.books.list_bills(stale.org_id)
    assert token_requests(onboard) == after_rejection


async def test_reauthorization_resumes_the_grant(onboard: Onboard) -> None:
    email, [first, second] = await two_connections_of_one_grant(onboard)
    grant_id = first.zoho_grant_id
    refresh = onboard.store.credentials.require(OwnerKind.ZOHO_GRANT, grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    onboard.zoho.revoke_refresh_token(refresh.get_secret_value())
    clients = ConnectionClients(settings=onboard.settings, store=onboard.store, http=onboard.http)
    books = await clients.zoho(first)
    with pytest.raises(AuthRejected):
        await books.books.list_bills(books.org_id)

    again = await onboard.authorize(email, connection=second.id)

    assert sorted(again["resumed_connection_ids"]) == sorted([first.id, second.id])
    for connection in onboard.store.connections.list():
        assert connection.status == ConnectionStatus.ACTIVE
        org = await clients.zoho(connection)
        await org.books.list_bills(org.org_id)
        assert onboard.zoho.stats.api_calls[connection.zoho_org_id] == 1
