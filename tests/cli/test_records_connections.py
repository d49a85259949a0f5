"""`ml-connector connections`: health, needs_reauth reason, rate-budget use of each Zoho organization and BILL
devKey (read from the shared budget tables), and last sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from rich.console import Console

from activities.rate_budget import BudgetStore, SystemClock, VendorLimits, bill_rule, dev_key_digest, zoho_rule
from activities.rate_budget.schema import create_budget_schema
from cli.connections import list_connections
from common.settings import Settings
from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine
from persistence.repositories import ConnectionRepo, CredentialStore
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind
from tests.persistence.builders import add_connection


@pytest.fixture
def env(tmp_path: Path) -> Settings:
    """Settings for a fresh SQLite store with one connection."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'connector.db'}",
        encryption_key=SecretStr(CredentialCipher.generate_key()),
    )
    engine = make_engine(settings.effective_database_url())
    create_schema(engine)
    add_connection(engine, zoho_org_id="81001")
    engine.dispose()
    return settings


def test_connections_shows_health_reason_budget_use_and_last_sync(env: Settings) -> None:
    engine = make_engine(env.effective_database_url())
    second = add_connection(engine, zoho_org_id="81002")
    assert env.encryption_key is not None
    credentials = CredentialStore(engine, CredentialCipher.from_setting(env.encryption_key))
    dev_key = SecretStr("dev-key-of-81002")
    credentials.put(OwnerKind.BILL_ORG, second.bill_org_id, CredentialKind.BILL_DEV_KEY, dev_key)
    ConnectionRepo(engine).set_status(second.id, ConnectionStatus.NEEDS_REAUTH.value, "Zoho refused the grant")
    create_budget_schema(engine)
    budgets, limits = BudgetStore(engine), VendorLimits()
    clock = SystemClock().now
    for _ in range(3):
        budgets.try_acquire(zoho_rule("81002", limits), clock)
    budgets.try_acquire(bill_rule(dev_key_digest("dev-key-of-81002"), second.bill_org_id, limits, login=False), clock)
    engine.dispose()
    console = Console(record=True, width=300)

    assert list_connections(env, console) == 0

    rows = {line.split("│")[1].strip(): line for line in console.export_text().splitlines() if "│ Org 8100" in line}
    assert set(rows) == {"Org 81001", "Org 81002"}
    assert "needs_reauth" in rows["Org 81002"]
    assert "Zoho refused the grant" in rows["Org 81002"]
    assert "3/100 per min" in rows["Org 81002"]
    assert "1/20000 per h" in rows["Org 81002"]
    assert "0/100 per min" in rows["Org 81001"]
    assert "never" in rows["Org 81001"]
