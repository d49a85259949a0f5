"""The Zoho client models against Zoho's own OpenAPI documents (``reference/zoho-openapi/*.yml``).

For every response model: each field (recursively) is a property of the matching response schema with a
compatible type, and the spec's example (assembled from its per-property ``example`` values) parses. For every
create model: each field is a property of the create *and* update request schemas, the spec's required fields are
required here, and the spec's example request parses and round-trips into the same JSON values.
"""

from __future__ import annotations

import types
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import yaml
from pydantic import AwareDatetime, BaseModel

from clients.zoho import (
    ZohoAccount,
    ZohoAccountCreate,
    ZohoBill,
    ZohoBillCreate,
    ZohoBillSummary,
    ZohoContact,
    ZohoContactCreate,
    ZohoContactSummary,
    ZohoExpense,
    ZohoExpenseCreate,
    ZohoExpenseSummary,
    ZohoOrganization,
    ZohoPurchaseOrder,
    ZohoPurchaseOrderSummary,
)
from clients.zoho.models import ZohoPageContext

pytestmark = pytest.mark.contract

Schema = dict[str, Any]
MISSING = object()

# (model, spec file, response schema, key holding the record; None = fields at the envelope's top level)
RESPONSES: list[tuple[type[BaseModel], str, str, str | None]] = [
    (ZohoBill, "bills.yml", "get-a-bill-response", "bill"),
    (ZohoBill, "bills.yml", "create-a-bill-response", "bill"),
    (ZohoBill, "bills.yml", "update-a-bill-response", "bill"),
    (ZohoBillSummary, "bills.yml", "list-bills-response", "bills"),
    (ZohoContact, "contacts.yml", "get-contact-response", "contact"),
    (ZohoContact, "contacts.yml", "create-a-contact-response", "contact"),
    (ZohoContact, "contacts.yml", "update-a-contact-response", "contact"),
    (ZohoContactSummary, "contacts.yml", "list-contacts-response", "contacts"),
    (ZohoAccount, "chart-of-accounts.yml", "get-an-account-response", None),
    (ZohoAccount, "chart-of-accounts.yml", "create-an-account-response", "chart_of_account"),
    (ZohoAccount, "chart-of-accounts.yml", "list-chart-of-accounts-response", "chartofaccounts"),
    (ZohoExpense, "expenses.yml", "get-an-expense-response", "expense"),
    (ZohoExpense, "expenses.yml", "create-an-expense-response", "expense"),
    (ZohoExpenseSummary, "expenses.yml", "list-expenses-response", "expenses"),
    (ZohoPurchaseOrder, "purchase-order.yml", "get-a-purchase-order-response", "purchaseorder"),
    (ZohoPurchaseOrderSummary, "purchase-order.yml", "list-purchase-orders-response", "purchaseorders"),
    (ZohoOrganization, "organizations.yml", "list-organizations-response", "organizations"),
]

# Documented gaps: the account list omits what only the single-account read carries.
ABSENT_FROM_SCHEMA = {
    ("list-chart-of-accounts-response", "description"),
    ("list-chart-of-accounts-response", "currency_id"),
    ("list-chart-of-accounts-response", "currency_code"),
}
# Fields the spec types as string although its own examples (and Zoho) send numbers: read as numbers.
SPEC_TYPE_OVERRIDES = {("purchase-order.yml", "quantity"): "number"}

REQUESTS: list[tuple[type[BaseModel], str, tuple[str, ...]]] = [
    (ZohoBillCreate, "bills.yml", ("create-a-bill-request", "update-a-bill-request")),
    (ZohoContactCreate, "contacts.yml", ("create-a-contact-request", "update-a-contact-request")),
    (ZohoAccountCreate, "chart-of-accounts.yml", ("create-an-account-request", "update-an-account-request")),
    (ZohoExpenseCreate, "expenses.yml", ("create-an-expense-request", "update-an-expense-request")),
]


class _SpecLoader(yaml.SafeLoader):
    """YAML loader that keeps timestamps as the strings Zoho's examples write."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Spec:
    """One OpenAPI document with ``$ref`` resolution."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self._doc: Schema = yaml.load(path.read_text(), Loader=_SpecLoader)  # noqa: S506 - SafeLoader subclass

    def schema(self, name: str) -> Schema:
        return self.resolve(self._doc["components"]["schemas"][name])

    def resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            schema = self._doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def properties(self, schema: Schema) -> dict[str, Schema]:
        schema = self.resolve(schema)
        if schema.get("type") == "array":
            schema = self.resolve(schema.get("items", {}))
        return {name: self.resolve(sub) for name, sub in schema.get("properties", {}).items()}

    def example(self, schema: Schema) -> Any:
        """The example object the spec documents, assembled from per-property examples."""
        schema = self.resolve(schema)
        if "properties" in schema and schema.get("type", "object") == "object":
            built = {k: self.example(v) for k, v in schema["properties"].items()}
            return {k: v for k, v in built.items() if v is not MISSING}
        if schema.get("type") == "array" and "example" not in schema:
            item = self.example(schema.get("items", {}))
            return MISSING if item is MISSING else [item]
        return schema.get("example", MISSING)


@pytest.fixture(scope="module")
def specs(reference_dir: Path) -> dict[str, Spec]:
    folder = reference_dir / "zoho-openapi"
    return {path.name: Spec(path) for path in folder.glob("*.yml")}


def record_schema(spec: Spec, response: str, key: str | None) -> Schema:
    envelope = spec.schema(response)
    return envelope if key is None else spec.resolve(envelope["properties"][key])


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `annotation` (``X``, ``X | None``, ``list[X]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in get_args(annotation) if (found := model_of(arg)) is not None), None)


def spec_types_for(annotation: Any) -> set[str]:
    """OpenAPI types a field of this Python type may carry."""
    if get_origin(annotation) is Annotated:
        return spec_types_for(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return set().union(*(spec_types_for(a) for a in get_args(annotation) if a is not type(None)))
    if get_origin(annotation) is list:
        return {"array"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"object"}
    kinds: dict[Any, set[str]] = {
        str: {"string"},
        bool: {"boolean"},
        int: {"integer"},
        Decimal: {"number", "integer"},
        date: {"string"},
        datetime: {"string"},
        AwareDatetime: {"string"},
    }
    return kinds[annotation]


def field_problems(spec: Spec, model: type[BaseModel], schema: Schema, where: str, absent: set[str]) -> list[str]:
    """Fields of `model` (recursively) that the schema lacks or types differently."""
    properties = spec.properties(schema)
    problems: list[str] = []
    for name, field in model.model_fields.items():
        if name in absent:
            continue
        if name not in properties:
            problems.append(f"{where}.{name}: not in the spec")
            continue
        spec_type = SPEC_TYPE_OVERRIDES.get((spec.name, name), properties[name].get("type", "object"))
        if spec_type not in spec_types_for(field.annotation):
            problems.append(f"{where}.{name}: spec says {spec_type}, model says {field.annotation}")
        nested = model_of(field.annotation)
        if nested is not None:
            problems += field_problems(spec, nested, properties[name], f"{where}.{name}", set())
    return problems


RESPONSE_IDS = [f"{model.__name__}-{response}" for model, _, response, _ in RESPONSES]


@pytest.mark.parametrize(("model", "file", "response", "key"), RESPONSES, ids=RESPONSE_IDS)
def test_response_model_fields_exist_in_the_spec(
    specs: dict[str, Spec], model: type[BaseModel], file: str, response: str, key: str | None
) -> None:
    spec = specs[file]
    absent = {field for schema, field in ABSENT_FROM_SCHEMA if schema == response}
    assert field_problems(spec, model, record_schema(spec, response, key), model.__name__, absent) == []


@pytest.mark.parametrize(("model", "file", "response", "key"), RESPONSES, ids=RESPONSE_IDS)
def test_spec_example_response_parses(
    specs: dict[str, Spec], model: type[BaseModel], file: str, response: str, key: str | None
) -> None:
    spec = specs[file]
    example = spec.example(spec.schema(response))
    payload = example if key is None else example[key]
    records = payload if isinstance(payload, list) else [payload]
    assert records, "the spec documents no example record"
    for record in records:
        parsed = model.model_validate(record)
        texts = [
            name
            for name, field in model.model_fields.items()
            if field.annotation is str and record.get(name) is not None
        ]
        assert texts, "the example should carry some of the model's text fields"
        assert {name: getattr(parsed, name) for name in texts} == {name: str(record[name]) for name in texts}


UNDOCUMENTED_PAGE_CONTEXT = {
    "list-organizations-response",
    "list-chart-of-accounts-response",
    "list-purchase-orders-response",
}
LIST_RESPONSES = [(file, response) for _, file, response, _ in RESPONSES if response.startswith("list-")]


@pytest.mark.parametrize(("file", "response"), LIST_RESPONSES, ids=[r for _, r in LIST_RESPONSES])
def test_spec_page_context_parses(specs: dict[str, Spec], file: str, response: str) -> None:
    spec = specs[file]
    envelope = spec.schema(response)
    if "page_context" not in envelope["properties"]:
        # The spec leaves page_context out of these lists; Zoho sends it on every paged list.
        assert response in UNDOCUMENTED_PAGE_CONTEXT
        return
    context = spec.example(spec.resolve(envelope["properties"]["page_context"]))
    if isinstance(context, list):
        # Spec quirk: expenses declare page_context as an array without has_more_page; Zoho sends an object.
        assert response == "list-expenses-response"
        assert "has_more_page" not in context[0]
        return
    parsed = ZohoPageContext.model_validate(context)
    assert (parsed.page, parsed.per_page) == (context["page"], context["per_page"])


REQUEST_IDS = [model.__name__ for model, _, _ in REQUESTS]


@pytest.mark.parametrize(("model", "file", "requests"), REQUESTS, ids=REQUEST_IDS)
def test_create_model_fields_exist_in_every_request_schema(
    specs: dict[str, Spec], model: type[BaseModel], file: str, requests: tuple[str, ...]
) -> None:
    spec = specs[file]
    for request in requests:
        assert field_problems(spec, model, spec.schema(request), f"{model.__name__}@{request}", set()) == []


@pytest.mark.parametrize(("model", "file", "requests"), REQUESTS, ids=REQUEST_IDS)
def test_spec_required_fields_are_required(
    specs: dict[str, Spec], model: type[BaseModel], file: str, requests: tuple[str, ...]
) -> None:
    required_here = {name for name, field in model.model_fields.items() if field.is_required()}
    assert set(specs[file].schema(requests[0]).get("required", [])) <= required_here


@pytest.mark.parametrize(("model", "file", "requests"), REQUESTS, ids=REQUEST_IDS)
def test_spec_example_request_parses_and_round_trips(
    specs: dict[str, Spec], model: type[BaseModel], file: str, requests: tuple[str, ...]
) -> None:
    spec = specs[file]
    example = spec.example(spec.schema(requests[0]))
    parsed = model.model_validate(example)
    body = parsed.model_dump(mode="json", exclude_none=True)
    assert round_trip_mismatches(body, example, model.__name__) == []
    assert len(body.keys() & example.keys()) >= len(model.model_fields) // 2, "the example should exercise most fields"


def round_trip_mismatches(sent: Any, example: Any, where: str) -> list[str]:
    """Paths where the body we would send differs from the spec's example (fields we do not model are skipped)."""
    if isinstance(sent, dict) and isinstance(example, dict):
        shared = sent.keys() & example.keys()
        return [m for key in sorted(shared) for m in round_trip_mismatches(sent[key], example[key], f"{where}.{key}")]
    if isinstance(sent, list) and isinstance(example, list) and len(sent) == len(example):
        return [
            m
            for i, pair in enumerate(zip(sent, example, strict=True))
            for m in round_trip_mismatches(*pair, f"{where}[{i}]")
        ]
    return [] if canonical(sent) == canonical(example) else [f"{where}: {sent!r} != {example!r}"]


def canonical(value: Any) -> Any:
    """JSON scalars the way Zoho reads them: ``460000000068231`` == ``"460000000068231"``, 10 == 10.0."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return value
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
