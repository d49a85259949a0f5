"""The BILL emulator against BILL's own v3 Postman collection (``bill-postman/billdotcom_v3.json``).

For every collection request the emulator serves (matched by method and path template), in a freshly seeded
emulator: the collection's example request (variables replaced by real ids) succeeds with the example's status;
the response uses only keys the example response shows; create requests reject a missing required key or a
wrongly typed member with BILL's error array; dropping an auth header is rejected with the error array.
Also: every route the emulator serves is in the collection, and the collection has no purchase-order path.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from emulators.clock import EmulatorClock
from tests.conftest import reference_path

pytestmark = pytest.mark.contract

ROOT = "http://bill.contract"
BASES = {"{{baseUrl}}": "/connect", "{{webhookBaseUrl}}": "/connect-events"}
AUTH_HEADERS = ("sessionId", "devKey", "apiToken")
VARIABLE = re.compile(r"\{\{(\w+)\}\}")
PLACEHOLDER = "string"  # the collection's generated stand-in value
ERROR_KEYS = {"timestamp", "code", "severity", "category", "message"}
OWN_IDS = {"chart-of-accounts": "chart_of_accounts_id"}  # bulk-update bodies name the object as "id": "string"

# Required members per create endpoint, from API-FACTS §3.2 / §2.9 (the collection marks none as required).
REQUIRED = {
    "/connect/v3/login": ["username", "password", "organizationId", "devKey"],
    "/connect/v3/vendors": ["name"],
    "/connect/v3/vendors/bulk": ["name"],
    "/connect/v3/bills": ["vendorId", "dueDate", "invoice", "billLineItems"],
    "/connect/v3/bills/bulk": ["vendorId", "dueDate", "invoice", "billLineItems"],
    "/connect/v3/bills/record-payment": ["vendorId", "processDate", "payments"],
    "/connect/v3/classifications/chart-of-accounts": ["name", "account"],
    "/connect/v3/classifications/chart-of-accounts/bulk": ["name", "account"],
    "/connect-events/v3/subscriptions": ["name", "events", "notificationUrl"],
    "/connect/v3/spend/reimbursements": ["budgetId", "userId", "occurredDate", "merchantName", "amount"],
}


@dataclass(frozen=True)
class CollectionRequest:
    """One request of the collection, with its first successful example response."""

    name: str
    method: str
    path: str  # e.g. /connect/v3/bills/:billId
    path_variables: dict[str, str]
    query: dict[str, str]
    optional_query: dict[str, str]
    headers: dict[str, str]
    body: str | None
    example_status: int
    example_body: str
    error_examples: tuple[str, ...]

    @property
    def template(self) -> str:
        """The path with every parameter written ``{}``, for matching against emulator routes."""
        return re.sub(r"/:\w+", "/{}", self.path)

    @property
    def auth_headers(self) -> list[str]:
        return [h for h in self.headers if h in AUTH_HEADERS]

    @property
    def creates(self) -> bool:
        """A POST named "Create …" by the collection, or one with required members listed (login, record-payment)."""
        return self.method == "POST" and bool(self.body) and (self.name.startswith("Create") or self.path in REQUIRED)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if "item" in item:
            yield from _walk(item["item"])
        else:
            yield item


def _parse(item: dict[str, Any]) -> CollectionRequest:
    request = item["request"]
    url = request["url"]
    raw = url["raw"].split("?", 1)[0]
    base = next(b for b in BASES if raw.startswith(b))
    successes = [r for r in item.get("response", []) if 200 <= r.get("code", 0) < 300]
    errors = tuple(r.get("body") or "" for r in item.get("response", []) if r.get("code", 0) >= 400)
    queries = url.get("query", [])
    return CollectionRequest(
        name=item["name"],
        method=request["method"],
        path=BASES[base] + raw[len(base) :],
        path_variables={v["key"]: v.get("value") or "" for v in url.get("variable", [])},
        query={q["key"]: q.get("value") or "" for q in queries if not q.get("disabled")},
        optional_query={q["key"]: q["value"] for q in queries if q.get("disabled") and q.get("value")},
        headers={h["key"]: h["value"] for h in request.get("header", []) if h["key"] not in ("Accept", "Content-Type")},
        body=(request.get("body") or {}).get("raw") or None,
        example_status=successes[0]["code"],
        example_body=successes[0].get("body") or "",
        error_examples=errors,
    )


@cache
def collection_requests(path: Path) -> tuple[CollectionRequest, ...]:
    """Every request of the collection."""
    data = json.loads((path / "bill-postman" / "billdotcom_v3.json").read_text())
    return tuple(_parse(item) for item in _walk(data["item"]))


def _served_templates() -> set[tuple[str, str]]:
    return {(m, re.sub(r"\{\w+\}", "{}", p)) for m, p in BillEmulator().served_routes()}


def _served_requests() -> list[CollectionRequest]:
    folder = reference_path()
    if not (folder / "bill-postman" / "billdotcom_v3.json").is_file():
        return []  # test_collection_is_present fails loudly instead
    served = _served_templates()
    return [r for r in collection_requests(folder) if (r.method, r.template) in served]


SERVED = _served_requests()
CREATES = [r for r in SERVED if r.creates]
AUTHENTICATED = [(r, h) for r in SERVED for h in r.auth_headers]
WITH_OPTIONAL_QUERY = [r for r in SERVED if r.optional_query]


# ---------------------------------------------------------------------------------------------- world


@dataclass
class World:
    """A seeded emulator and the values of the collection's ``{{variables}}``."""

    emu: BillEmulator
    http: httpx.AsyncClient
    variables: dict[str, str]

    def fill(self, text: str) -> str:
        """Replace ``{{name}}`` with the world's value (unknown names fail the test)."""
        return VARIABLE.sub(lambda m: self.variables[m.group(1)], text)

    def body(self, request: CollectionRequest) -> Any:
        """The example body with variables and ``"string"`` id placeholders replaced."""
        if request.body is None:
            return None
        parsed = json.loads(self.fill(request.body))
        own_id = next((self.variables[v] for segment, v in OWN_IDS.items() if f"/{segment}/" in request.path), "")
        items = parsed if isinstance(parsed, list) else [parsed]
        for item in items:
            if isinstance(item, dict):
                for key, replacement in (("id", own_id), ("parentId", self.variables["parent_account_id"])):
                    if item.get(key) == PLACEHOLDER:
                        item[key] = replacement
        return parsed

    async def send(
        self,
        request: CollectionRequest,
        *,
        body: Any = None,
        drop_header: str | None = None,
        extra_query: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send the collection's request (optionally with another body, a header dropped, more query)."""
        path = request.path
        for name, value in request.path_variables.items():
            path = path.replace(f":{name}", self.fill(value))
        headers = {k: self.fill(v) for k, v in request.headers.items() if k != drop_header}
        query = {k: self.fill(v) for k, v in {**request.query, **(extra_query or {})}.items()}
        payload = self.body(request) if body is None else body
        content = None if payload is None else json.dumps(payload)
        return await self.http.request(request.method, ROOT + path, params=query, headers=headers, content=content)


async def _seed(emu: BillEmulator, http: httpx.AsyncClient) -> dict[str, str]:
    emu.add_dev_key("contract-dev-key")
    org_id = emu.add_organization("Contract Co")
    emu.add_user(org_id, "ap@contract.test", "s3cret-pass")
    account_id = emu.add_account(org_id, "Supplies", "EXPENSE", "6100")
    parent_id = emu.add_account(org_id, "Operating", "EXPENSE", "6000")
    vendor_id = emu.add_vendor(org_id, "Seeded Vendor")
    emu.set_spend_api_token(org_id, "contract-api-token")
    emu.add_spend_transaction(org_id, "Seeded Merchant", 12.5)
    login = {"username": "ap@contract.test", "password": "s3cret-pass", "organizationId": org_id}
    session = (await http.post(f"{ROOT}/connect/v3/login", json={**login, "devKey": "contract-dev-key"})).json()
    auth = {"devKey": "contract-dev-key", "sessionId": session["sessionId"]}
    lines = [{"amount": 100, "description": "a"}, {"amount": 200, "description": "b"}]
    bill_body = {
        "vendorId": vendor_id,
        "dueDate": "2026-04-01",
        "invoice": {"invoiceNumber": "SEED-1", "invoiceDate": "2026-03-01"},
        "billLineItems": lines,
    }
    bill = (await http.post(f"{ROOT}/connect/v3/bills", headers=auth, json=bill_body)).json()
    subscription_body = {
        "name": "Seeded",
        "events": [{"type": "vendor.created", "version": "1"}],
        "notificationUrl": "https://hooks.contract.test/seeded",
    }
    subscription = (
        await http.post(
            f"{ROOT}/connect-events/v3/subscriptions",
            headers={**auth, "X-Idempotent-Key": str(uuid.uuid4())},
            json=subscription_body,
        )
    ).json()
    spend = {"apiToken": "contract-api-token"}
    user = (await http.get(f"{ROOT}/connect/v3/spend/users/current", headers=spend)).json()
    budget = (await http.get(f"{ROOT}/connect/v3/spend/budgets", headers=spend)).json()["results"][0]
    reimbursement_body = {
        "budgetId": budget["uuid"],
        "userId": user["uuid"],
        "occurredDate": "2026-02-20",
        "merchantName": "Seeded Diner",
        "amount": 20,
    }
    reimbursement = await http.post(f"{ROOT}/connect/v3/spend/reimbursements", headers=spend, json=reimbursement_body)
    return {
        "username": "ap@contract.test",
        "password": "s3cret-pass",
        "organization_id": org_id,
        "developer_key": "contract-dev-key",
        "session_id": session["sessionId"],
        "api_token": "contract-api-token",
        "vendor_id": vendor_id,
        "bill_id": bill["id"],
        "bill_line_item_id01": bill["billLineItems"][0]["id"],
        "bill_line_item_id02": bill["billLineItems"][1]["id"],
        "chart_of_accounts_id": account_id,
        "parent_account_id": parent_id,
        "webhook_subscription_id": subscription["id"],
        "webhook_idempotency_key": str(uuid.uuid4()),
        "webhook_notification_url": "https://hooks.contract.test/bill",
        "se_budget_uuid": budget["uuid"],
        "se_user_uuid": user["uuid"],
        "se_reimbursement_uuid": reimbursement.json()["uuid"],
        "se_reimbursement_url": "https://files.contract.test/receipt.jpg",
        "file_name_with_extension": "receipt.jpg",
    }


@pytest.fixture
async def world() -> AsyncIterator[World]:
    emu = BillEmulator(EmulatorClock(frozen=True))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        yield World(emu, http, await _seed(emu, http))


# --------------------------------------------------------------------------------------------- checks


def _undocumented_keys(actual: Any, example: Any, where: str = "$") -> list[str]:
    """Keys of `actual` that the example does not show (placeholder examples match anything)."""
    if isinstance(example, dict) and (not example or str(example.get("value", "")).startswith("reference #")):
        return []
    if isinstance(actual, dict) and isinstance(example, dict):
        extra = [f"{where}.{key}" for key in actual if key not in example]
        return extra + [
            problem
            for key, value in actual.items()
            if key in example
            for problem in _undocumented_keys(value, example[key], f"{where}.{key}")
        ]
    if isinstance(actual, list) and isinstance(example, list) and example:
        merged: Any = example[0]
        if all(isinstance(e, dict) for e in example):
            merged = {k: v for e in reversed(example) for k, v in e.items()}
        return [p for i, item in enumerate(actual) for p in _undocumented_keys(item, merged, f"{where}[{i}]")]
    return []


def _error_keys(examples: tuple[str, ...]) -> set[str]:
    return {key for example in examples if example.strip() for item in json.loads(example) for key in item}


def _documented_error_keys(request: CollectionRequest) -> set[str]:
    """Members of the request's error examples; the webhook API has none, so then the whole collection's."""
    if request.error_examples:
        return _error_keys(request.error_examples)
    return _error_keys(tuple(e for r in collection_requests(reference_path()) for e in r.error_examples))


def _assert_error_array(response: httpx.Response, request: CollectionRequest) -> None:
    """A 4xx with BILL's error array, using only members the request's own error examples show."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert isinstance(body, list), body
    assert body, "empty error array"
    assert ERROR_KEYS <= set(body[0]) <= _documented_error_keys(request)
    assert re.fullmatch(r"BDC_\d{4}", body[0]["code"])


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return "not-a-number"
    if isinstance(value, str):
        return 12345
    if isinstance(value, dict):
        return "not-an-object"
    return {"not": "an array"}


def _first_object(body: Any) -> dict[str, Any]:
    item = body[0] if isinstance(body, list) else body
    assert isinstance(item, dict), item
    return item


def _with_first_object(body: Any, item: dict[str, Any]) -> Any:
    return [item, *body[1:]] if isinstance(body, list) else item


# ---------------------------------------------------------------------------------------------- tests


def test_collection_is_present_and_served_requests_were_found(reference_dir: Path) -> None:
    requests = collection_requests(reference_dir)
    assert len(requests) > 250
    assert len(SERVED) >= 40
    unlisted = [str(r) for r in CREATES if r.path not in REQUIRED]
    assert unlisted == [], "every served create request needs its required members listed"


def test_every_served_route_is_in_the_collection(reference_dir: Path) -> None:
    in_collection = {(r.method, r.template) for r in collection_requests(reference_dir)}
    assert _served_templates() - in_collection == set()


def test_collection_has_no_purchase_order_path(reference_dir: Path) -> None:
    paths = [r.path.lower() for r in collection_requests(reference_dir)]
    assert not [p for p in paths if "purchase" in p and "order" in p]


@pytest.mark.parametrize("request_", SERVED, ids=str)
async def test_example_request_is_accepted_with_documented_keys(world: World, request_: CollectionRequest) -> None:
    response = await world.send(request_)
    assert response.status_code == request_.example_status, response.text
    if not request_.example_body.strip():
        assert not response.content
        return
    example = json.loads(request_.example_body)
    assert _undocumented_keys(response.json(), example) == []


@pytest.mark.parametrize("request_", WITH_OPTIONAL_QUERY, ids=str)
async def test_example_list_queries_are_accepted(world: World, request_: CollectionRequest) -> None:
    query = {k: v for k, v in request_.optional_query.items() if k not in ("page", "nextPage", "prevPage")}
    response = await world.send(request_, extra_query=query)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("request_", CREATES, ids=str)
async def test_create_rejects_missing_required_members(world: World, request_: CollectionRequest) -> None:
    example = world.body(request_)
    for key in REQUIRED[request_.path]:
        item = {k: v for k, v in _first_object(example).items() if k != key}
        _assert_error_array(await world.send(request_, body=_with_first_object(example, item)), request_)


@pytest.mark.parametrize("request_", CREATES, ids=str)
async def test_create_rejects_wrongly_typed_members(world: World, request_: CollectionRequest) -> None:
    example = world.body(request_)
    for key, value in _first_object(example).items():
        item = {**_first_object(example), key: _wrong_type(value)}
        _assert_error_array(await world.send(request_, body=_with_first_object(example, item)), request_)


@pytest.mark.parametrize(("request_", "header"), AUTHENTICATED, ids=str)
async def test_missing_auth_header_is_rejected(world: World, request_: CollectionRequest, header: str) -> None:
    _assert_error_array(await world.send(request_, drop_header=header), request_)
