"""Onboarding against the emulators: a fresh store, both emulators over ASGI, and the gateway with its OAuth routes.

`Onboard.authorize` walks the browser's path: gateway start (302) -> emulator consent page (302 back with
`code`, `location`, `accounts-server`) -> gateway callback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from pydantic import SecretStr
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.rate_budget import RateBudget
from activities.store import ConnectorStore
from cli.demo import DemoApp
from cli.dev import emulator_settings, encryption_key, fresh_store
from common.settings import Settings
from connections.bill_onboarding import BillLogin, connect_bill
from connections.zoho_onboarding import ZohoOnboarding
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from persistence.db import make_engine
from tests.gateway.temporal_recorder import TemporalRecorder
from tests.temporal_env import start_time_skipping
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps

ZOHO, BILL, GATEWAY, FORGED = "http://zoho.test", "http://bill.test", "http://gateway.test", "https://evil.test"
ADMIN = SecretStr("admin-token-for-tests")


@dataclass
class Onboard:
    """Everything one onboarding test touches."""

    settings: Settings
    store: ConnectorStore
    zoho: ZohoEmulator
    bill: BillEmulator
    app: DemoApp
    http: httpx.AsyncClient
    gateway: httpx.AsyncClient
    onboarding: ZohoOnboarding
    forged_requests: list[httpx.Request]
    budget: RateBudget
    temporal_calls: list[tuple[str, str]]
    sent: list[str]
    """Every URL the connector's HTTP client requested (what the emulators or the forged host saw)."""

    @property
    def admin(self) -> dict[str, str]:
        """The bearer header of the onboarding routes."""
        return {"Authorization": f"Bearer {ADMIN.get_secret_value()}"}

    async def consent(self, email: str, **start: str) -> dict[str, str]:
        """Start at the gateway and consent at the emulator; the callback's query parameters (not yet sent)."""
        started = await self.gateway.get(f"/oauth/zoho/start?{urlencode(start)}", headers=self.admin)
        assert started.status_code == 302, started.text
        consent_url = f"{started.headers['location']}&{urlencode({'login_hint': email})}"
        redirected = await self.http.get(consent_url)
        assert redirected.status_code in (302, 303, 307), redirected.text
        query = parse_qs(urlsplit(redirected.headers["location"]).query)
        return {key: values[0] for key, values in query.items()}

    async def callback(self, params: dict[str, str]) -> httpx.Response:
        """Deliver Zoho's redirect to the gateway."""
        return await self.gateway.get(f"/oauth/zoho/callback?{urlencode(params)}")

    async def authorize(self, email: str, **start: str) -> dict[str, Any]:
        """A complete, successful consent; the callback's JSON."""
        answer = await self.callback(await self.consent(email, **start))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


def _recording(requests: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"access_token": "x", "refresh_token": "y", "api_domain": FORGED})

    return httpx.MockTransport(handler)


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    """A test server without workers: the gateway's workflow updates are recorded, no workflow runs."""
    env = await start_time_skipping()
    yield env
    await env.shutdown()


@pytest.fixture
async def onboard(tmp_path: Path, temporal_env: WorkflowEnvironment) -> AsyncIterator[Onboard]:
    """Fresh emulators, store and gateway with the onboarding routes, and a recording Temporal client."""
    app = DemoApp.generate()
    settings = emulator_settings(
        app=app,
        zoho_base=ZOHO,
        bill_base=BILL,
        gateway_url=GATEWAY,
        data_dir=tmp_path,
        temporal_address="unused:7233",
        key=encryption_key(tmp_path),
    ).model_copy(update={"admin_token": ADMIN})
    store = fresh_store(settings)
    zoho, bill = app.emulators()
    forged: list[httpx.Request] = []
    mounts = {
        ZOHO: httpx.ASGITransport(app=zoho.app),
        BILL: httpx.ASGITransport(app=bill.app),
        FORGED: _recording(forged),
    }
    sent: list[str] = []

    async def record(request: httpx.Request) -> None:
        sent.append(str(request.url.copy_with(query=None)))

    async with httpx.AsyncClient(mounts=mounts, event_hooks={"request": [record]}) as http:
        engine = make_engine(settings.effective_database_url())
        onboarding = ZohoOnboarding(settings=settings, store=store, engine=engine, http=http)
        recorder = TemporalRecorder()
        config = temporal_env.client.config()
        config["interceptors"] = [recorder]
        deps = GatewayDeps(
            settings=settings, temporal=Client(**config), connections=store.connections, secrets=store.credentials
        )
        transport = httpx.ASGITransport(app=create_app(deps, onboarding))
        async with httpx.AsyncClient(transport=transport, base_url=GATEWAY) as gateway:
            yield Onboard(
                settings,
                store,
                zoho,
                bill,
                app,
                http,
                gateway,
                onboarding,
                forged,
                RateBudget.open(engine),
                recorder.calls,
                sent,
            )


async def connect_bill_org(onboard: Onboard, name: str) -> str:
    """A BILL organization with a user, connected with `connect bill`; its id."""
    org_id = onboard.bill.add_organization(name)
    onboard.bill.add_user(org_id, f"ap@{org_id}.test", "correct horse")
    login = BillLogin(
        organization_id=org_id,
        username=f"ap@{org_id}.test",
        password=SecretStr("correct horse"),
        dev_key=onboard.app.bill_dev_key,
    )
    await connect_bill(login, settings=onboard.settings, store=onboard.store, http=onboard.http, budget=onboard.budget)
    return org_id


def zoho_user(onboard: Onboard, dc: str, *org_names: str) -> tuple[str, list[str]]:
    """A Zoho user in `dc` with access to new organizations; (email, organization ids)."""
    email = f"owner-{len(onboard.zoho.organizations())}@{dc}.test"
    user_id = onboard.zoho.add_user(email, dc)
    org_ids = [onboard.zoho.add_organization(dc, name) for name in org_names]
    for org_id in org_ids:
        onboard.zoho.grant_access(user_id, org_id)
    return email, org_ids
