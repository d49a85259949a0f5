import subprocess

import pytest

from common.regions import BOOKS_DATA_CENTERS, ZohoDataCenter
from common.settings import Settings
from tests.conftest import PROJECT_ROOT


def test_books_has_eight_data_centres() -> None:
    assert {dc.value for dc in BOOKS_DATA_CENTERS} == {"us", "eu", "in", "au", "jp", "ca", "cn", "sa"}


@pytest.mark.parametrize(
    ("dc", "accounts", "api"),
    [
        (ZohoDataCenter.US, "https://accounts.zoho.com", "https://www.zohoapis.com"),
        (ZohoDataCenter.EU, "https://accounts.zoho.eu", "https://www.zohoapis.eu"),
        (ZohoDataCenter.IN, "https://accounts.zoho.in", "https://www.zohoapis.in"),
        (ZohoDataCenter.AU, "https://accounts.zoho.com.au", "https://www.zohoapis.com.au"),
        (ZohoDataCenter.JP, "https://accounts.zoho.jp", "https://www.zohoapis.jp"),
        (ZohoDataCenter.CA, "https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
        (ZohoDataCenter.CN, "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"),
        (ZohoDataCenter.SA, "https://accounts.zoho.sa", "https://www.zohoapis.sa"),
    ],
)
def test_default_hosts(dc: ZohoDataCenter, accounts: str, api: str) -> None:
    region = Settings().zoho_region(dc)
    assert (region.accounts_url, region.api_domain) == (accounts, api)
    assert region.books_base == f"{api}/books/v3"


def test_every_host_is_overridable_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLC_ZOHO_HOSTS__EU__API_DOMAIN", "http://127.0.0.1:9000/eu")
    monkeypatch.setenv("MLC_ZOHO_HOSTS__EU__ACCOUNTS_URL", "http://127.0.0.1:9000/eu-accounts")
    monkeypatch.setenv("MLC_BILL_API_BASE", "http://127.0.0.1:9100/connect")
    monkeypatch.setenv("MLC_BILL_EVENTS_BASE", "http://127.0.0.1:9100/connect-events")
    settings = Settings()
    eu = settings.zoho_region(ZohoDataCenter.EU)
    assert eu.api_domain == "http://127.0.0.1:9000/eu"
    assert settings.zoho_region_for_accounts_server("http://127.0.0.1:9000/eu-accounts") is not None
    assert settings.zoho_region(ZohoDataCenter.US).api_domain == "https://www.zohoapis.com"
    assert settings.bill_endpoints().api_base == "http://127.0.0.1:9100/connect"
    assert settings.bill_endpoints().events_base == "http://127.0.0.1:9100/connect-events"


def test_sandbox_environment_defaults() -> None:
    endpoints = Settings(bill_environment="sandbox").bill_endpoints()
    assert endpoints.api_base == "https://gateway.stage.bill.com/connect"
    assert endpoints.events_base == "https://gateway.stage.bill.com/connect-events"


def test_forged_accounts_server_is_unknown() -> None:
    settings = Settings()
    assert settings.zoho_region_for_accounts_server("https://accounts.zoho.eu") is not None
    assert settings.zoho_region_for_accounts_server("https://accounts.zoho.eu.evil.example") is None
    assert settings.zoho_region_for_accounts_server("http://accounts.zoho.eu") is None


def test_no_real_host_outside_the_region_module() -> None:
    """Issue 3: only common/regions.py names a real Zoho or BILL host (tests excepted)."""
    out = subprocess.run(
        [
            "git",
            "grep",
            "-lE",
            r"zohoapis\.|accounts\.zoho|zohocloud|gateway\.(prod|stage)\.bill\.com",
            "--",
            "*.py",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert [f for f in out if not f.startswith("tests/")] == ["common/regions.py"]
