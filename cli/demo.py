"""Demo data for `ml-connector dev`: two Zoho organizations in different data centres, each connected to its
own BILL organization, seeded into the emulators and into the connector's store exactly as an operator's
onboarding would leave them (connection rows + encrypted credentials + a registered Zoho webhook).

Only the dev command imports this module (and the emulators); production code paths never do.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pydantic import SecretStr

from activities.store import ConnectorStore
from common.regions import ZohoDataCenter
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from persistence.tables import Connection, ZohoGrant
from persistence.vocabulary import CredentialKind, OwnerKind


@dataclass(frozen=True)
class DemoApp:
    """The deployment-wide Zoho OAuth client and BILL devKey, registered with both emulators (random per run)."""

    zoho_client_id: str
    zoho_client_secret: SecretStr
    bill_dev_key: SecretStr

    @classmethod
    def generate(cls) -> DemoApp:
        """Fresh credentials."""
        return cls(
            zoho_client_id=f"1000.{secrets.token_hex(8).upper()}",
            zoho_client_secret=SecretStr(secrets.token_hex(20)),
            bill_dev_key=SecretStr(secrets.token_hex(16)),
        )

    def emulators(self) -> tuple[ZohoEmulator, BillEmulator]:
        """Empty emulators that accept these credentials (BILL allows plain-http loopback notification URLs)."""
        zoho = ZohoEmulator(client_id=self.zoho_client_id, client_secret=self.zoho_client_secret.get_secret_value())
        bill = BillEmulator(allow_http_notifications=True)
        bill.add_dev_key(self.bill_dev_key.get_secret_value())
        return zoho, bill


@dataclass(frozen=True)
class DemoLine:
    """One bill line and the account it books to (same number on both sides, different names)."""

    zoho_account: str
    bill_account: str
    account_number: str
    description: str
    quantity: Decimal
    rate: Decimal


@dataclass(frozen=True)
class DemoCompany:
    """One Zoho organization and the BILL organization it syncs to."""

    name: str
    dc: ZohoDataCenter
    currency: str
    zoho_user: str
    bill_user: str
    vendor: str
    vendor_already_in_bill: bool
    bill_number: str
    purchase_order: str
    lines: tuple[DemoLine, ...]


DEMO_COMPANIES: tuple[DemoCompany, ...] = (
    DemoCompany(
        name="UK Ltd",
        dc=ZohoDataCenter.EU,
        currency="GBP",
        zoho_user="finance@uk-ltd.example",
        bill_user="ap@uk-ltd.example",
        vendor="Acme Supplies Ltd",
        vendor_already_in_bill=True,
        bill_number="UK-1001",
        purchase_order="PO-UK-77",
        lines=(
            DemoLine(
                "Office Supplies", "Office supplies expense", "6100", "Printer paper", Decimal(10), Decimal("4.50")
            ),
            DemoLine(
                "Software", "Software subscriptions", "6200", "Design tool licence", Decimal(1), Decimal("120.00")
            ),
        ),
    ),
    DemoCompany(
        name="Ireland Ltd",
        dc=ZohoDataCenter.US,
        currency="EUR",
        zoho_user="finance@ireland-ltd.example",
        bill_user="ap@ireland-ltd.example",
        vendor="Dublin Office Services",
        vendor_already_in_bill=False,
        bill_number="IE-2001",
        purchase_order="PO-IE-12",
        lines=(
            DemoLine(
                "Cleaning", "Cleaning services", "6300", "Office cleaning, November", Decimal(1), Decimal("300.00")
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoConnection:
    """A seeded company: ids on both sides."""

    company: DemoCompany
    connection_id: str
    zoho_org_id: str
    zoho_vendor_id: str
    zoho_account_ids: dict[str, str]
    bill_org_id: str


def seed(
    company: DemoCompany,
    app: DemoApp,
    emulators: tuple[ZohoEmulator, BillEmulator],
    store: ConnectorStore,
    settings: Settings,
) -> DemoConnection:
    """Create the company in both emulators, its connection and credentials in the store, and its webhook."""
    zoho, bill = emulators
    user_id = zoho.add_user(company.zoho_user, company.dc.value)
    org_id = zoho.add_organization(company.dc.value, company.name, currency_code=company.currency)
    zoho.grant_access(user_id, org_id)
    refresh_token = zoho.issue_refresh_token(user_id)
    vendor_id = zoho.add_contact(org_id, company.vendor, contact_type="vendor", currency_code=company.currency)
    account_ids = {
        line.zoho_account: zoho.add_account(org_id, line.zoho_account, "expense", account_code=line.account_number)
        for line in company.lines
    }

    bill_password = secrets.token_urlsafe(16)
    bill_org_id = bill.add_organization(f"{company.name} (BILL)")
    bill.add_user(bill_org_id, company.bill_user, bill_password)
    for line in company.lines:
        bill.add_account(bill_org_id, line.bill_account, "EXPENSE", line.account_number)
    if company.vendor_already_in_bill:
        bill.add_vendor(bill_org_id, company.vendor, billCurrency=company.currency)

    region = settings.zoho_region(company.dc)
    grant = store.connections.add_grant(
        ZohoGrant(
            dc=company.dc.value,
            accounts_url=region.accounts_url,
            api_domain=region.api_domain,
            user_label=company.zoho_user,
        )
    )
    connection = store.connections.add(
        Connection(
            name=company.name,
            zoho_grant_id=grant.id,
            zoho_dc=company.dc.value,
            zoho_org_id=org_id,
            zoho_org_name=company.name,
            bill_org_id=bill_org_id,
            bill_username=company.bill_user,
        )
    )
    webhook_secret = secrets.token_hex(16)
    credentials = store.credentials
    credentials.put(OwnerKind.ZOHO_GRANT, grant.id, CredentialKind.ZOHO_REFRESH_TOKEN, SecretStr(refresh_token))
    credentials.put(OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET, SecretStr(webhook_secret))
    credentials.put(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_DEV_KEY, app.bill_dev_key)
    credentials.put(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_PASSWORD, SecretStr(bill_password))
    zoho.register_webhook(
        org_id, url=f"{settings.gateway_public_url}/webhooks/zoho/{connection.id}", secret=webhook_secret
    )
    return DemoConnection(company, connection.id, org_id, vendor_id, account_ids, bill_org_id)


def add_demo_bill(zoho: ZohoEmulator, demo: DemoConnection) -> str:
    """Enter the company's demo bill in Zoho Books (the emulator queues the signed webhook); its id."""
    today = datetime.now(UTC).date()
    company = demo.company
    return zoho.add_bill(
        demo.zoho_org_id,
        vendor_id=demo.zoho_vendor_id,
        bill_number=company.bill_number,
        date=today.isoformat(),
        due_date=(today + timedelta(days=30)).isoformat(),
        currency_code=company.currency,
        reference_number=company.purchase_order,
        notes=f"Demo bill from {company.name}",
        line_items=[
            {
                "account_id": demo.zoho_account_ids[line.zoho_account],
                "description": line.description,
                "quantity": float(line.quantity),
                "rate": float(line.rate),
            }
            for line in company.lines
        ],
    )
