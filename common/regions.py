"""The one table of outbound hosts: Zoho data centres and BILL environments.

Nothing else in the code base names a Zoho or BILL host. `common.settings.Settings` starts from these
defaults and lets every URL be overridden (emulators, BILL's sandbox, a proxy).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit


class ZohoDataCenter(StrEnum):
    """Zoho Books data centres (the 8 documented ones, plus Zoho Accounts' newer UK DC)."""

    US = "us"
    EU = "eu"
    IN = "in"
    AU = "au"
    JP = "jp"
    CA = "ca"
    CN = "cn"
    SA = "sa"
    UK = "uk"


@dataclass(frozen=True, slots=True)
class ZohoRegion:
    """Where one data centre's OAuth server and Books API live."""

    dc: ZohoDataCenter
    accounts_url: str
    api_domain: str

    @property
    def books_base(self) -> str:
        """Base URL of the Books v3 API in this DC."""
        return f"{self.api_domain.rstrip('/')}/books/v3"


ZOHO_DEFAULT_REGIONS: dict[ZohoDataCenter, ZohoRegion] = {
    r.dc: r
    for r in (
        ZohoRegion(ZohoDataCenter.US, "https://accounts.zoho.com", "https://www.zohoapis.com"),
        ZohoRegion(ZohoDataCenter.EU, "https://accounts.zoho.eu", "https://www.zohoapis.eu"),
        ZohoRegion(ZohoDataCenter.IN, "https://accounts.zoho.in", "https://www.zohoapis.in"),
        ZohoRegion(ZohoDataCenter.AU, "https://accounts.zoho.com.au", "https://www.zohoapis.com.au"),
        ZohoRegion(ZohoDataCenter.JP, "https://accounts.zoho.jp", "https://www.zohoapis.jp"),
        ZohoRegion(ZohoDataCenter.CA, "https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
        ZohoRegion(ZohoDataCenter.CN, "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"),
        ZohoRegion(ZohoDataCenter.SA, "https://accounts.zoho.sa", "https://www.zohoapis.sa"),
        # Zoho Accounts lists a UK DC; its Books API host is unconfirmed (API-FACTS §1.1).
        ZohoRegion(ZohoDataCenter.UK, "https://accounts.zoho.uk", "https://www.zohoapis.uk"),
    )
}

BOOKS_DATA_CENTERS: tuple[ZohoDataCenter, ...] = tuple(dc for dc in ZohoDataCenter if dc is not ZohoDataCenter.UK)
"""The 8 data centres Zoho Books documents."""


class BillEnvironment(StrEnum):
    """BILL environments; they share no data or keys."""

    PRODUCTION = "production"
    SANDBOX = "sandbox"


@dataclass(frozen=True, slots=True)
class BillEndpoints:
    """Base URLs of BILL's v3 API (AP/AR and Spend & Expense) and its webhook (events) API."""

    api_base: str
    events_base: str
    spend_base: str


BILL_DEFAULT_ENDPOINTS: dict[BillEnvironment, BillEndpoints] = {
    BillEnvironment.PRODUCTION: BillEndpoints(
        api_base="https://gateway.prod.bill.com/connect",
        events_base="https://gateway.prod.bill.com/connect-events",
        spend_base="https://gateway.prod.bill.com/connect",
    ),
    BillEnvironment.SANDBOX: BillEndpoints(
        api_base="https://gateway.stage.bill.com/connect",
        events_base="https://gateway.stage.bill.com/connect-events",
        spend_base="https://gateway.stage.bill.com/connect",
    ),
}


def normalize_base_url(url: str) -> str:
    """`scheme://host[:port]/path` lower-cased without trailing slash, query or fragment, for comparing servers."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"
