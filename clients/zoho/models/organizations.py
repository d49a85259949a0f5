"""Organizations (``GET /organizations``), as in ``organizations.yml``."""

from __future__ import annotations

from clients.zoho.models._base import ZohoModel


class ZohoOrganization(ZohoModel):
    """A Books organization the token's user belongs to."""

    organization_id: str
    name: str
    contact_name: str = ""
    email: str = ""
    is_default_org: bool = False
    is_org_active: bool = True
    plan_name: str = ""
    currency_id: str = ""
    currency_code: str = ""
    time_zone: str = ""
    language_code: str = ""
