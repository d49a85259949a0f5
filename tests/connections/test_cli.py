"""`ml-connector connect zoho` (paste flow) and `ml-connector connections` (health listing)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from rich.console import Console

from cli.connect import authorize_zoho, start_workflow
from cli.connections import UNREACHABLE_EXIT, list_connections
from common.regions import ZohoDataCenter
from connections.errors import OnboardingRefused
from connections.zoho_onboarding import SCOPES
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind
from tests.connections.conftest import Onboard, connect_bill_org, zoho_user


async def test_a_pasted_redirect_address_completes_the_grant(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "au", "Sydney Pty Ltd")
    printed: list[str] = []

    async def paste_redirect(_prompt: str) -> str:
        consent_url = printed[-1].splitlines()[-1]
        redirected = await onboard.http.get(f"{consent_url}&{urlencode({'login_hint': email})}")
        return redirected.headers["location"]

    grant = await authorize_zoho(
        onboard.onboarding,
        label="sydney",
        connection_id=None,
        dc=ZohoDataCenter.AU,
        ask_secret=paste_redirect,
        say=printed.append,
    )

    assert grant.dc == "au"
    assert [o.organization_id for o in await onboard.onboarding.organizations(grant.grant_id)] == [org_id]


async def test_a_self_client_code_is_exchanged_at_the_dc_accounts_server(onboard: Onboard) -> None:
    email, [org_id] = zoho_user(onboard, "jp", "Tokyo KK")
    user_id = onboard.zoho.add_user(f"self-{email}", "jp")
    onboard.zoho.grant_access(user_id, org_id)
    code = onboard.zoho.issue_authorization_code(user_id, onboard.onboarding.redirect_uri, SCOPES)

    async def paste_code(_prompt: str) -> str:
        return code

    grant = await authorize_zoho(
        onboard.onboarding,
        label="tokyo",
        connection_id=None,
        dc=ZohoDataCenter.JP,
        ask_secret=paste_code,
        say=lambda _line: None,
    )

    stored = onboard.store.credentials.get(OwnerKind.ZOHO_GRANT, grant.grant_id, CredentialKind.ZOHO_REFRESH_TOKEN)
    assert stored is not None
    assert grant.dc == "jp"


async def test_a_pasted_address_without_a_code_is_refused(onboard: Onboard) -> None:
    async def paste_error(_prompt: str) -> str:
        return "http://gateway.test/oauth/zoho/callback?error=access_denied&state=x"

    with pytest.raises(OnboardingRefused):
        await authorize_zoho(
            onboard.onboarding,
            label="x",
            connection_id=None,
            dc=ZohoDataCenter.US,
            ask_secret=paste_error,
            say=lambda _line: None,
        )


async def test_connections_are_listed_with_their_health(onboard: Onboard) -> None:
    email, org_ids = zoho_user(onboard, "eu", "UK Ltd", "Ireland Ltd")
    granted = await onboard.authorize(email, label="group", dc="eu")
    for org_id in org_ids:
        bill_org = await connect_bill_org(onboard, f"BILL for {org_id}")
        made = await onboard.onboarding.connect(granted["grant_id"], org_id, bill_org, None)
    onboard.store.connections.set_status(made.connection.id, ConnectionStatus.NEEDS_REAUTH.value, "token revoked")
    console = Console(record=True, width=250)

    assert list_connections(onboard.settings, console) == 0

    text = console.export_text()
    assert "UK Ltd" in text
    assert "Ireland Ltd" in text
    assert "needs_reauth" in text
    assert "token revoked" in text
    assert "never" in text


def test_an_unreachable_database_exits_non_zero(onboard: Onboard) -> None:
    settings = onboard.settings.model_copy(
        update={"database_url": "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"}
    )
    console = Console(record=True)

    assert list_connections(settings, console) == UNREACHABLE_EXIT
    assert "unreachable" in console.export_text()


async def test_connect_org_reports_an_unreachable_temporal_without_failing(onboard: Onboard) -> None:
    console = Console(record=True, width=200)
    settings = onboard.settings.model_copy(update={"temporal_address": "127.0.0.1:1"})

    await start_workflow(settings, "connection-id", console)

    assert "workflow not started" in console.export_text()
