"""`connect bill`: verify BILL credentials by logging in, then store them encrypted per BILL organization.

Nothing is stored unless the login succeeds. The Spend & Expense `apiToken` is a separate credential: storing
none (or removing it) is how a deployment says "S&E not active" for that organization.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from activities.connections import bill_budgeted_http
from activities.rate_budget import RateBudget, VendorLimits
from activities.store import ConnectorStore
from clients.bill import BillClient, BillCredentials, BillSessionInfo
from common.settings import Settings
from persistence.vocabulary import CredentialKind, OwnerKind

log = logging.getLogger(__name__)

"""The BILL user the connector logs in as (not a secret, but kept with the organization's other credentials)."""


@dataclass(frozen=True)
class BillLogin:
    """What `connect bill` needs; secrets are `SecretStr`."""

    organization_id: str
    username: str
    password: SecretStr
    dev_key: SecretStr
    spend_api_token: SecretStr | None = None


async def connect_bill(
    login: BillLogin, *, settings: Settings, store: ConnectorStore, http: httpx.AsyncClient, budget: RateBudget
) -> BillSessionInfo:
    """Log in once (proving the credentials), log out, then store them; BILL errors propagate as `SyncError`.

    The login counts against the devKey's shared login window (200/hour) like every worker login.
    """
    credentials = BillCredentials(
        dev_key=login.dev_key, username=login.username, password=login.password, organization_id=login.organization_id
    )
    endpoints = settings.bill_endpoints()
    budgeted = bill_budgeted_http(http, budget, VendorLimits(), login.dev_key, login.organization_id)
    client = BillClient(
        budgeted, api_base=endpoints.api_base, events_base=endpoints.events_base, credentials=credentials
    )
    info = await client.login()
    await client.logout()
    await asyncio.to_thread(_store_credentials, store, login)
    log.info("BILL organization %s connected (S&E %s)", login.organization_id, _spend_state(login))
    return info


def _store_credentials(store: ConnectorStore, login: BillLogin) -> None:
    owner, org, put = OwnerKind.BILL_ORG, login.organization_id, store.credentials.put
    put(owner, org, CredentialKind.BILL_USERNAME, SecretStr(login.username))
    put(owner, org, CredentialKind.BILL_PASSWORD, login.password)
    put(owner, org, CredentialKind.BILL_DEV_KEY, login.dev_key)
    if login.spend_api_token is None:
        store.credentials.delete(owner, org, CredentialKind.BILL_SPEND_API_TOKEN)
    else:
        put(owner, org, CredentialKind.BILL_SPEND_API_TOKEN, login.spend_api_token)


def _spend_state(login: BillLogin) -> str:
    """The S&E state for the log; with a token, the connections' expense sweeps re-drive the expenses skipped
    without one (`activities.expenses.sweep`): nothing is started here."""
    if login.spend_api_token is None:
        return "inactive"
    return "active; expenses skipped without a token are submitted by the next expense sweep"
