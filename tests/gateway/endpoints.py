"""The two webhook routes, described once so the battery and the fuzz test cover both the same way."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from tests.gateway.bill_helpers import bill_event
from tests.gateway.conftest import GatewayFixture
from webhook_gateway.signatures import BILL_SIGNATURE_HEADER


@dataclass(frozen=True)
class WebhookRoute:
    """How to build, sign and post a valid delivery to one webhook route."""

    name: str
    path_template: str
    accepted_status: int
    valid_body: Callable[[GatewayFixture], bytes]
    sign: Callable[[GatewayFixture, bytes, str | None], str]
    signature_header: Callable[[GatewayFixture], str]

    def path(self, connection_id: str) -> str:
        """The route's path for one connection id (already URL-safe)."""
        return self.path_template.format(connection_id=connection_id)


def _zoho_body(gw: GatewayFixture) -> bytes:
    event = {"organization_id": gw.connection.zoho_org_id, "event": "bill.created", "bill": {"bill_id": "4600001"}}
    return json.dumps(event).encode()


def _sign_zoho(gw: GatewayFixture, body: bytes, secret: str | None) -> str:
    return gw.sign(body) if secret is None else gw.sign(body, secret)


def _sign_bill(gw: GatewayFixture, body: bytes, key: str | None) -> str:
    return gw.sign_bill(body) if key is None else gw.sign_bill(body, key)


ZOHO = WebhookRoute(
    name="zoho",
    path_template="/webhooks/zoho/{connection_id}",
    accepted_status=202,
    valid_body=_zoho_body,
    sign=_sign_zoho,
    signature_header=lambda gw: gw.settings.zoho_webhook_signature_header,
)

BILL = WebhookRoute(
    name="bill",
    path_template="/webhooks/bill/{connection_id}",
    accepted_status=200,
    valid_body=lambda gw: bill_event(gw.connection.bill_org_id, event_type="vendor.updated", object_id="00901V"),
    sign=_sign_bill,
    signature_header=lambda gw: BILL_SIGNATURE_HEADER,
)

WEBHOOK_ROUTES = (ZOHO, BILL)
