"""Chart of accounts (``/v3/classifications/chart-of-accounts``): CRUD without delete, archive, bulk ops.

Account types are those the collection's examples use plus the usual general-ledger types; BILL publishes no
enum for them in the collection, so the list is the emulator's choice.
"""

from __future__ import annotations

import copy
from typing import Any

from emulators.bill.errors import BillApiError, invalid, not_found
from emulators.bill.filters import FieldKind
from emulators.bill.listing import ListSpec
from emulators.bill.schema import Field, check_object, obj, text
from emulators.bill.state import ACCOUNT_PREFIX, OrgContext, Record
from emulators.bill.timefmt import iso_time

BULK_LIMIT = 50
ACCOUNT_TYPES = frozenset(
    {
        "ACCOUNTS_PAYABLE",
        "ACCOUNTS_RECEIVABLE",
        "BANK",
        "COST_OF_GOODS_SOLD",
        "CREDIT_CARD",
        "EQUITY",
        "EXPENSE",
        "FIXED_ASSET",
        "INCOME",
        "LONG_TERM_LIABILITY",
        "OTHER_ASSET",
        "OTHER_CURRENT_ASSET",
        "OTHER_CURRENT_LIABILITY",
        "OTHER_EXPENSE",
        "OTHER_INCOME",
    }
)


def _schema(*, creating: bool, with_id: bool = False) -> dict[str, Field]:
    schema: dict[str, Field] = {
        "name": text(required=creating),
        "description": text(),
        "parentId": text(),
        "account": obj({"type": text(required=creating, choices=ACCOUNT_TYPES), "number": text()}, required=creating),
    }
    if with_id:
        schema["id"] = text(required=True)
    return schema


CREATE_SCHEMA = _schema(creating=True)
UPDATE_SCHEMA = _schema(creating=False)
BULK_UPDATE_SCHEMA = _schema(creating=False, with_id=True)

LIST_SPEC = ListSpec(
    fields={
        "id": FieldKind.TEXT,
        "name": FieldKind.TEXT,
        "parentId": FieldKind.TEXT,
        "account.type": FieldKind.TEXT,
        "account.number": FieldKind.TEXT,
        "archived": FieldKind.BOOL,
        "createdTime": FieldKind.TIME,
        "updatedTime": FieldKind.TIME,
    }
)


def _check_parent(ctx: OrgContext, body: dict[str, Any], own_id: str | None = None) -> None:
    parent = body.get("parentId")
    if parent is not None and (parent == own_id or parent not in ctx.org.accounts):
        raise invalid(f"parentId {parent} is not a chart of accounts in this organization.")


def _validated(ctx: OrgContext, body: Any, schema: dict[str, Field], own_id: str | None = None) -> dict[str, Any]:
    checked = check_object(body, schema)
    _check_parent(ctx, checked, own_id)
    return checked


def _store_new(ctx: OrgContext, body: dict[str, Any]) -> Record:
    stamp = iso_time(ctx.now)
    account: Record = {"id": ctx.ids.new(ACCOUNT_PREFIX), "archived": False}
    account.update(copy.deepcopy(body))
    account.update({"createdTime": stamp, "updatedTime": stamp})
    ctx.org.accounts[account["id"]] = account
    return copy.deepcopy(account)


def create(ctx: OrgContext, body: Any) -> Record:
    """Validate and store one account."""
    return _store_new(ctx, _validated(ctx, body, CREATE_SCHEMA))


def _bulk_items(body: Any, noun: str) -> list[Any]:
    if not isinstance(body, list):
        raise invalid(f"Request body must be a JSON array of {noun}.")
    if not body or len(body) > BULK_LIMIT:
        raise invalid(f"Bulk requests accept 1 to {BULK_LIMIT} {noun}; got {len(body)}.")
    return body


def _each_valid(ctx: OrgContext, items: list[Any], schema: dict[str, Field]) -> list[dict[str, Any]]:
    checked = []
    for index, item in enumerate(items):
        try:
            own_id = item.get("id") if isinstance(item, dict) else None
            checked.append(_validated(ctx, item, schema, own_id))
            if own_id is not None:
                _stored(ctx, own_id)
        except BillApiError as exc:
            raise invalid(f"[{index}]: {exc.message} Nothing was changed.") from None
    return checked


def create_bulk(ctx: OrgContext, body: Any) -> dict[str, list[Record]]:
    """All-or-nothing bulk create (≤ 50)."""
    checked = _each_valid(ctx, _bulk_items(body, "chart of accounts"), CREATE_SCHEMA)
    return {"chartOfAccounts": [_store_new(ctx, item) for item in checked]}


def update_bulk(ctx: OrgContext, body: Any) -> dict[str, list[Record]]:
    """All-or-nothing bulk PATCH; each item names its ``id``."""
    checked = _each_valid(ctx, _bulk_items(body, "chart of accounts"), BULK_UPDATE_SCHEMA)
    return {"chartOfAccounts": [_apply(ctx, item["id"], item) for item in checked]}


def _stored(ctx: OrgContext, account_id: str) -> Record:
    account = ctx.org.accounts.get(account_id)
    if account is None:
        raise not_found("chart of accounts", account_id)
    return account


def get(ctx: OrgContext, account_id: str) -> Record:
    """The stored account (a copy)."""
    return copy.deepcopy(_stored(ctx, account_id))


def _apply(ctx: OrgContext, account_id: str, changes: dict[str, Any]) -> Record:
    account = _stored(ctx, account_id)
    for key, value in changes.items():
        if key == "account":
            account["account"] = {**account.get("account", {}), **value}
        elif key != "id":
            account[key] = copy.deepcopy(value)
    account["updatedTime"] = iso_time(ctx.now)
    return copy.deepcopy(account)


def update(ctx: OrgContext, account_id: str, body: Any) -> Record:
    """PATCH one account."""
    _stored(ctx, account_id)
    return _apply(ctx, account_id, _validated(ctx, body, UPDATE_SCHEMA, account_id))


def set_archived(ctx: OrgContext, account_id: str, archived: bool) -> Record:
    """Archive or restore one account (idempotent)."""
    account = _stored(ctx, account_id)
    if account["archived"] != archived:
        account["archived"] = archived
        account["updatedTime"] = iso_time(ctx.now)
    return copy.deepcopy(account)


def set_archived_bulk(ctx: OrgContext, ids: str | None, archived: bool) -> dict[str, list[Record]]:
    """Archive or restore every id in ``?ids=a,b``; unknown ids fail the whole request."""
    wanted = [i.strip() for i in (ids or "").split(",") if i.strip()]
    if not wanted or len(wanted) > BULK_LIMIT:
        raise invalid(f"ids must list 1 to {BULK_LIMIT} chart of accounts ids.")
    for account_id in wanted:
        _stored(ctx, account_id)
    return {"chartOfAccounts": [set_archived(ctx, account_id, archived) for account_id in wanted]}
