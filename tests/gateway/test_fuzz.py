"""Fuzzing the gateway with hypothesis: every operation of its OpenAPI description, paths it does not have, and
(most heavily) near-valid deliveries to both webhook routes.

Whatever the method, path, headers and body: the answer is never a 5xx, and nothing reaches Temporal or the
database unless the delivery carries a valid signature over its exact body.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.settings import Settings
from tests.gateway.conftest import GatewayFixture
from tests.gateway.endpoints import BILL, WEBHOOK_ROUTES, ZOHO, WebhookRoute
from webhook_gateway.openapi import gateway_openapi

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

FUZZ = settings(
    max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ORG = "<org>"  # replaced by the connection's org id of the route (Zoho or BILL) before sending
OPERATIONS = sorted(
    (method.upper(), path) for path, ops in gateway_openapi(Settings())["paths"].items() for method in ops
)

printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
ids = st.text("0123456789abcdefABC-", min_size=1, max_size=12) | st.integers(0, 10**12) | json_values
orgs = st.sampled_from([ORG, ORG, ORG]) | ids
zoho_events = st.fixed_dictionaries(
    {"bill": st.fixed_dictionaries({"bill_id": ids})}, optional={"organization_id": orgs, "event": json_values}
)
bill_events = st.fixed_dictionaries(
    {
        "metadata": st.fixed_dictionaries(
            {"eventId": ids, "eventType": st.sampled_from(["bill.updated", "vendor.created", "payment.updated"]) | ids},
            optional={"organizationId": orgs},
        )
    },
    optional={"bill": st.fixed_dictionaries({"id": ids}), "vendor": st.fixed_dictionaries({"id": ids})},
)
signatures = st.sampled_from(["valid", "valid", "absent", "other-key", "other-body"]) | printable
content_types = st.sampled_from(["application/json", "application/json", "application/json; charset=utf-8"]) | printable


@st.composite
def deliveries(draw: st.DrawFn) -> dict[str, Any]:
    """A delivery to one webhook route, usually well-formed, with a signature that may or may not be right."""
    route: WebhookRoute = draw(st.sampled_from(WEBHOOK_ROUTES))
    event = draw(zoho_events if route is ZOHO else bill_events)
    body = draw(
        st.sampled_from(
            [json.dumps(event), json.dumps(event), json.dumps(json.dumps(event)), json.dumps(event)[:-1]]
        ).map(str.encode)
        | st.binary(max_size=3000)
    )
    known = draw(st.sampled_from([True, True, True, False]))
    return {
        "route": route,
        "connection_id": None if known else draw(printable),
        "content_type": draw(content_types),
        "signature": draw(signatures),
        "body": body,
    }


def _org_id(gw: GatewayFixture, route: WebhookRoute) -> str:
    return gw.connection.zoho_org_id if route is ZOHO else gw.connection.bill_org_id


@FUZZ
@given(delivery=deliveries())
async def test_webhook_deliveries_never_5xx_and_act_only_when_signed(
    gateway: GatewayFixture, delivery: dict[str, Any]
) -> None:
    route: WebhookRoute = delivery["route"]
    body: bytes = delivery["body"].replace(ORG.encode(), _org_id(gateway, route).encode())
    connection_id = delivery["connection_id"]
    path = route.path(gateway.connection.id if connection_id is None else quote(connection_id, safe=""))
    headers = {"content-type": delivery["content_type"]}
    signature = {
        "valid": route.sign(gateway, body, None),
        "absent": None,
        "other-key": route.sign(gateway, body, "another-key-0123456789"),
        "other-body": route.sign(gateway, body + b"\n", None),
    }.get(delivery["signature"], delivery["signature"])
    if signature is not None:
        headers[route.signature_header(gateway)] = signature
    counts, calls = gateway.row_counts(), len(gateway.temporal_calls)

    response = await gateway.http.post(path, content=body, headers=headers)

    assert response.status_code < 500, response.text
    if delivery["signature"] != "valid":
        assert response.status_code not in (200, 202)
        assert len(gateway.temporal_calls) == calls
        assert gateway.row_counts() == counts
    if response.status_code in (200, 202):
        assert (route is BILL) == (response.status_code == 200)


@FUZZ
@given(
    operation=st.sampled_from(OPERATIONS) | st.tuples(st.sampled_from(["GET", "POST", "PUT", "DELETE"]), printable),
    connection_id=printable,
    headers=st.dictionaries(
        st.sampled_from(["content-type", "x-bill-sha-signature", "x-zoho-webhook-signature"]), printable
    ),
    body=st.binary(max_size=3000),
)
async def test_any_request_to_any_path_never_5xx_nor_acts(
    gateway: GatewayFixture, operation: tuple[str, str], connection_id: str, headers: dict[str, str], body: bytes
) -> None:
    method, template = operation
    if template.startswith("/"):
        path = template.replace("{connection_id}", quote(connection_id, safe="") or "x")
    else:
        path = "/" + quote(template)
    counts = gateway.row_counts()

    response = await gateway.http.request(method, path, content=body, headers=headers)

    assert response.status_code < 500 or (path == "/readyz" and response.status_code == 503), response.text
    assert gateway.temporal_calls == []
    assert gateway.row_counts() == counts
