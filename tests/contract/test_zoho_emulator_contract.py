"""The Zoho emulator against Zoho's own OpenAPI documents (``shared/reference/zoho-openapi``).

Every Books route the emulator serves (read from its route table, not listed here) must: exist in the spec;
accept a body built from the spec's own ``example`` values; answer with the documented status and only
documented keys; require the operation's OAuth scope; reject each dropped ``required`` field, each property
sent with the wrong JSON type, and a missing ``organization_id`` with HTTP 4xx and ``{"code": != 0, ...}``.
The only hand-written data is `REFERENCES`: body fields the emulator resolves against stored records, which
must point at records that exist (the spec's example ids cannot).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from emulators.clock import EmulatorClock
from emulators.zoho import ZohoEmulator
from tests.conftest import reference_path

pytestmark = pytest.mark.contract

BOOKS_PREFIX = "/{dc}/api/books/v3"
BASE = "http://zoho.test"
Json = dict[str, Any]


def load_specs(folder: Path) -> list[Json]:
    """Every Zoho OpenAPI document in the reference folder."""
    files = sorted(folder.glob("*.yml"))
    assert files, f"no OpenAPI files in {folder}"
    return [yaml.safe_load(path.read_text()) for path in files]


def normalized(path: str) -> str:
    """A path with every ``{param}`` replaced by ``{}`` so spec and emulator paths compare."""
    return re.sub(r"\{[^}]+\}", "{}", path)


@dataclass(frozen=True)
class Operation:
    """One spec operation the emulator serves."""

    method: str
    path: str
    doc: Json
    spec: Json

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    def resolve(self, schema: Json) -> Json:
        while "$ref" in schema:
            schema = self.doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def request_schema(self) -> Json | None:
        body = self.spec.get("requestBody")
        return self.resolve(body["content"]["application/json"]["schema"]) if body else None

    def response(self) -> tuple[int, Json]:
        [(status, response)] = self.spec["responses"].items()
        return int(status), self.resolve(response["content"]["application/json"]["schema"])

    def scope(self) -> str:
        [requirement] = self.spec["security"]
        [scope] = requirement["Zoho_Auth"]
        return str(scope)


def served_routes() -> set[tuple[str, str]]:
    """(method, normalized Books path) for every Books route of a fresh emulator."""
    served = set()
    for route in ZohoEmulator().app.routes:
        path = getattr(route, "path", "")
        if path.startswith(BOOKS_PREFIX):
            for method in getattr(route, "methods", None) or ():
                if method != "HEAD":
                    served.add((method, normalized(path.removeprefix(BOOKS_PREFIX))))
    return served


def spec_operations(specs: list[Json]) -> dict[tuple[str, str], Operation]:
    operations = {}
    for doc in specs:
        for path, item in doc["paths"].items():
            for method, spec in item.items():
                if method != "parameters":
                    operations[(method.upper(), normalized(path))] = Operation(method.upper(), path, doc, spec)
    return operations


SERVED = sorted(served_routes())
OPERATIONS = spec_operations(load_specs(reference_path() / "zoho-openapi"))
SERVED_OPERATIONS = [OPERATIONS[key] for key in SERVED if key in OPERATIONS]
WRITES = [op for op in SERVED_OPERATIONS if op.request_schema() is not None]


def example(schema: Json, op: Operation) -> Any:
    """A value for `schema` from its own ``example`` (coerced to the declared type), else a typed default."""
    schema = op.resolve(schema)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object":
        return {name: example(sub, op) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema["items"], op)]
    value = schema.get("example")
    if kind == "string":
        if isinstance(value, datetime):  # YAML turns unquoted dates into datetimes
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, date) else str(value if value is not None else "sample")
    if kind == "integer":
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 1
    if kind == "number":
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 1.0
    if kind == "boolean":
        return value if isinstance(value, bool) else True
    raise AssertionError(f"{op.name}: unsupported schema {schema}")


@dataclass
class World:
    """An organization with one record of each entity, and an authorized client."""

    emu: ZohoEmulator
    org_id: str
    user_id: str
    ids: dict[str, str]
    references: dict[str, Any]

    def path(self, op: Operation) -> str:
        collection = op.path.strip("/").split("/")[0]
        return normalized(op.path).replace("{}", self.ids.get(collection, "0"))


def build_world() -> World:
    emu = ZohoEmulator(clock=EmulatorClock(start=datetime(2026, 11, 25, 10, tzinfo=UTC), frozen=True))
    user_id = emu.add_user("contract@acme.test", "us")
    org_id = emu.add_organization("us", "Contract Org")
    emu.grant_access(user_id, org_id)
    vendor = emu.add_contact(org_id, "Contract Vendor")
    account = emu.add_account(org_id, "Contract Expense", "expense")
    bank = emu.add_account(org_id, "Contract Bank", "bank")
    line = [{"account_id": account, "rate": 1.0}]
    po = emu.add_purchase_order(org_id, vendor_id=vendor, line_items=line, purchaseorder_number="PO-WORLD-1")
    bill = emu.add_bill(
        org_id, vendor_id=vendor, bill_number="WORLD-1", date="2026-11-01", due_date="2026-12-01", line_items=line
    )
    expense = emu.add_expense(org_id, account_id=account, paid_through_account_id=bank, amount=5, date="2026-11-02")
    currency_id = emu.accounts(org_id)[0]["currency_id"]
    references = {
        "vendor_id": vendor,
        "account_id": account,
        "paid_through_account_id": bank,
        "parent_account_id": account,
        "purchaseorder_ids": [po],
        "currency_id": currency_id,
    }
    ids = {"bills": bill, "contacts": vendor, "chartofaccounts": account, "expenses": expense, "purchaseorders": po}
    return World(emu, org_id, user_id, ids, references)


REFERENCES = (
    "vendor_id",
    "account_id",
    "paid_through_account_id",
    "parent_account_id",
    "purchaseorder_ids",
    "currency_id",
)
"""Body fields the emulator resolves against stored records (documented as such in `REFERENCES` above)."""


def with_references(value: Any, world: World) -> Any:
    """`value` with every `REFERENCES` field, at any depth, pointing at the world's records."""
    if isinstance(value, dict):
        return {k: world.references[k] if k in REFERENCES else with_references(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [with_references(item, world) for item in value]
    return value


def valid_body(op: Operation, world: World) -> Json:
    schema = op.request_schema()
    assert schema is not None
    body = with_references(example(schema, op), world)
    assert isinstance(body, dict)
    return body


async def call(
    world: World,
    op: Operation,
    *,
    body: Json | None = None,
    scopes: tuple[str, ...] | None = None,
    org: bool = True,
    query: dict[str, str] | None = None,
) -> httpx.Response:
    """One request for `op` with a fresh access token (``scopes`` default: the operation's own scope)."""
    refresh = world.emu.issue_refresh_token(world.user_id, scopes if scopes is not None else (op.scope(),))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=world.emu.app), base_url=BASE) as http:
        form = {"grant_type": "refresh_token", "client_id": "1000.DEMO", "client_secret": "demo-secret"}
        token = (await http.post("/us/accounts/oauth/v2/token", data={**form, "refresh_token": refresh})).json()
        params = {"organization_id": world.org_id} if org and not op.path.startswith("/organizations") else {}
        return await http.request(
            op.method,
            f"/us/api/books/v3{world.path(op)}",
            params={**params, **(query or {})},
            headers={"Authorization": f"Zoho-oauthtoken {token['access_token']}"},
            json=body,
        )


def assert_zoho_error(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert isinstance(body["code"], int)
    assert body["code"] != 0
    assert isinstance(body["message"], str)


def documented_keys(op: Operation, schema: Json) -> set[str]:
    schema = op.resolve(schema)
    if schema.get("type") == "array":
        schema = op.resolve(schema["items"])
    return set(schema.get("properties", {}))


def undocumented(op: Operation, value: Any, schema: Json, path: str) -> list[str]:
    """Paths of keys in `value` (at any depth) that `schema` does not document."""
    schema = op.resolve(schema)
    if isinstance(value, list) and "items" in schema:
        return [p for item in value for p in undocumented(op, item, schema["items"], f"{path}[]")]
    if not isinstance(value, dict) or "properties" not in schema:
        return []
    found = [f"{path}.{key}" for key in value if key not in schema["properties"]]
    for key, sub in value.items():
        if key in schema["properties"]:
            found += undocumented(op, sub, schema["properties"][key], f"{path}.{key}")
    return found


def is_list(op: Operation) -> bool:
    """GET of a collection: Zoho's pagination page documents ``page_context`` on every list response, even
    where an operation's schema omits it (``GET /chartofaccounts``)."""
    return op.method == "GET" and "{" not in op.path and op.path != "/organizations"


PAGE_CONTEXT_KEYS = set().union(
    *(documented_keys(op, op.response()[1]["properties"].get("page_context", {})) for op in SERVED_OPERATIONS)
)
"""Every page_context key the specs document (expenses.yml omits ``has_more_page``; bills.yml has it)."""


def test_reference_files_are_the_ones_loaded(reference_dir: Path) -> None:
    assert reference_dir / "zoho-openapi" == reference_path() / "zoho-openapi"
    assert len(SERVED_OPERATIONS) >= 20


@pytest.mark.parametrize(("method", "path"), SERVED, ids=[f"{m} {p}" for m, p in SERVED])
def test_every_served_route_is_in_the_spec(method: str, path: str) -> None:
    assert (method, path) in OPERATIONS


@pytest.mark.parametrize("op", SERVED_OPERATIONS, ids=lambda op: op.name)
async def test_valid_request_gets_the_documented_response(op: Operation) -> None:
    world = build_world()
    response = await call(world, op, body=valid_body(op, world) if op.request_schema() else None)
    status, schema = op.response()
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == 0
    top = documented_keys(op, schema) | ({"page_context"} if is_list(op) else set())
    assert set(body) <= top, f"undocumented top-level keys {set(body) - top}"
    for key, value in body.items():
        if key in schema["properties"] and key != "page_context":
            assert undocumented(op, value, schema["properties"][key], key) == []
    assert set(body.get("page_context", {})) <= PAGE_CONTEXT_KEYS


@pytest.mark.parametrize("op", SERVED_OPERATIONS, ids=lambda op: op.name)
async def test_the_operations_scope_is_required(op: Operation) -> None:
    world = build_world()
    other = "ZohoBooks.settings.READ" if op.scope() != "ZohoBooks.settings.READ" else "ZohoBooks.bills.READ"
    response = await call(world, op, body=valid_body(op, world) if op.request_schema() else None, scopes=(other,))
    assert response.status_code == 401
    assert response.json()["code"] == 57


@pytest.mark.parametrize("op", [op for op in SERVED_OPERATIONS if op.path != "/organizations"], ids=lambda o: o.name)
async def test_missing_organization_id_is_rejected(op: Operation) -> None:
    world = build_world()
    assert_zoho_error(await call(world, op, body=valid_body(op, world) if op.request_schema() else None, org=False))


def allowed_values(op: Operation, parameter: str) -> list[str]:
    """The values a query parameter's description lists in ``<code>`` tags ("a, b and c" split too)."""
    [description] = [p.get("description", "") for p in op.spec.get("parameters", []) if p.get("name") == parameter]
    codes = re.findall(r"<code>(.*?)</code>", description)
    return [value.strip() for code in codes for value in re.split(r",|\band\b", code) if value.strip()]


LIST_VALUE_CASES = [
    (op, parameter, value)
    for op in SERVED_OPERATIONS
    if is_list(op)
    for parameter in ("sort_column", "filter_by")
    if any(p.get("name") == parameter for p in op.spec.get("parameters", []))
    for value in allowed_values(op, parameter)
]


@pytest.mark.parametrize(
    ("op", "parameter", "value"), LIST_VALUE_CASES, ids=[f"{op.name}?{p}={v}" for op, p, v in LIST_VALUE_CASES]
)
async def test_documented_list_options_are_accepted(op: Operation, parameter: str, value: str) -> None:
    response = await call(build_world(), op, query={parameter: value})
    if response.status_code == 501:  # documented, honestly reported as not modelled
        assert response.json()["code"] != 0
    else:
        assert response.status_code == 200, response.text
        assert response.json()["page_context"]["applied_filter" if parameter == "filter_by" else parameter] == value


def query_value(op: Operation, parameter: Json) -> str:
    """A query-string value for a documented parameter, from its own example."""
    value = example({**parameter["schema"], "example": parameter.get("example")}, op)
    return str(value).lower() if isinstance(value, bool) else str(value)


LIST_PARAMETER_CASES = [
    (op, parameter["name"], query_value(op, parameter))
    for op in SERVED_OPERATIONS
    if is_list(op)
    for parameter in op.spec.get("parameters", [])
    if "name" in parameter and parameter.get("in") == "query"
]


@pytest.mark.parametrize(
    ("op", "parameter", "value"), LIST_PARAMETER_CASES, ids=[f"{op.name}?{p}" for op, p, _ in LIST_PARAMETER_CASES]
)
async def test_documented_list_parameters_are_served_or_declined(op: Operation, parameter: str, value: str) -> None:
    response = await call(build_world(), op, query={parameter: value})
    assert response.status_code in (200, 501), response.text
    assert (response.json()["code"] == 0) == (response.status_code == 200)


Mutation = Callable[[Json], None]


def wrong_value(kind: str | None) -> Any:
    """A JSON value of a different type than `kind`."""
    return {"string": 12345, "array": "not-an-array", "object": "not-an-object"}.get(
        kind or "object", "not-a-" + str(kind)
    )


def _set(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(body: Json) -> None:
        target: Any = body
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _drop(name: str) -> Mutation:
    return lambda body: body.pop(name)


def mutations(op: Operation) -> Iterator[tuple[str, Mutation]]:
    """Each required field dropped; each documented property (any depth) given a wrong JSON type."""
    schema = op.request_schema()
    assert schema is not None
    for name in schema.get("required", []):
        yield f"drop {name}", _drop(name)

    def walk(schema: Json, path: tuple[str | int, ...]) -> Iterator[tuple[str, Mutation]]:
        schema = op.resolve(schema)
        for name, sub in schema.get("properties", {}).items():
            sub = op.resolve(sub)
            here = (*path, name)
            label = ".".join(str(p) for p in here)
            yield f"{label} as wrong type", _set(here, wrong_value(sub.get("type")))
            if sub.get("type") == "array" and "properties" in op.resolve(sub["items"]):
                yield from walk(sub["items"], (*here, 0))
            elif sub.get("type") == "object":
                yield from walk(sub, here)

    yield from walk(schema, ())


INVALID_CASES = [(op, label, mutate) for op in WRITES for label, mutate in mutations(op)]


@pytest.mark.parametrize(
    ("op", "label", "mutate"), INVALID_CASES, ids=[f"{op.name}: {label}" for op, label, _ in INVALID_CASES]
)
async def test_invalid_body_is_rejected(op: Operation, label: str, mutate: Mutation) -> None:
    world = build_world()
    body = valid_body(op, world)
    mutate(body)
    assert_zoho_error(await call(world, op, body=body))
