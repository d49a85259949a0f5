"""``GET /organizations``: the organizations a user can open in the calling data centre."""

from __future__ import annotations

from typing import Any

from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import project
from emulators.zoho.state import Organization, currency_symbol
from emulators.zoho.timefmt import local_date

PLAN_TYPES = {"free": 0, "standard": 1, "professional": 2, "premium": 3, "elite": 4, "ultimate": 5}


def organization_view(org: Organization, *, email: str, is_default: bool) -> dict[str, Any]:
    """One organization as the list shows it."""
    created = local_date(org.created, org.time_zone)
    full = {
        "organization_id": org.organization_id,
        "name": org.name,
        "contact_name": email.split("@")[0],
        "email": email,
        "is_default_org": is_default,
        "plan_type": PLAN_TYPES[org.plan],
        "plan_name": org.plan.capitalize(),
        "plan_period": "yearly",
        "language_code": "en",
        "fiscal_year_start_month": 0,
        "account_created_date": created.isoformat(),
        "account_created_date_formatted": created.strftime("%d %b %Y"),
        "time_zone": org.time_zone,
        "is_org_active": True,
        "currency_id": org.currency_id,
        "currency_code": org.currency_code,
        "currency_symbol": currency_symbol(org.currency_code),
        "currency_format": "###,##0.00",
        "price_precision": 2,
    }
    return project(full, documented.ORGANIZATION)
