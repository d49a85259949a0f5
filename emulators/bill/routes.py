"""The emulator's route table: exact paths from BILL's v3 Postman collection, bound to the resource modules.

Anything not listed (purchase orders, payments, MFA, ...) answers BDC_1121 "API not supported" (HTTP 404).
Literal segments (``/bulk``) come before ``{id}`` so they are not read as ids.
"""

from __future__ import annotations

from emulators.bill import accounts, bill_shapes, bills, payments, sessions, spend, vendors
from emulators.bill.listing import ListSpec
from emulators.bill.routing import (
    API_PREFIX,
    Auth,
    Call,
    Handler,
    Reply,
    Route,
    archiving,
    changed,
    created,
    fetched,
    listed,
)
from emulators.bill.services import Services
from emulators.bill.webhook_routes import webhook_routes

COA = "/v3/classifications/chart-of-accounts"


def _api(method: str, template: str, handler: Handler) -> Route:
    return Route(method, API_PREFIX, template, Auth.SESSION, handler)


def _spend(method: str, template: str, handler: Handler) -> Route:
    return Route(method, API_PREFIX, template, Auth.SPEND, handler)


def _auth_routes(svc: Services) -> list[Route]:
    def login(call: Call) -> Reply:
        body = call.body if isinstance(call.body, dict) else {}
        dev_key = body.get("devKey")
        if isinstance(dev_key, str) and dev_key in svc.state.dev_keys:
            svc.limiter.count_login(dev_key, svc.now())
            svc.limiter.count_request(dev_key, svc.now())
        _, reply = sessions.login(svc.state, call.body, svc.now())
        return Reply(200, reply)

    def session_details(call: Call) -> Reply:
        details = {"organizationId": call.session.organization_id, "userId": call.session.user_id}
        return Reply(200, {**details, "mfaStatus": "DISABLED", "mfaBypass": False})

    def logout(call: Call) -> Reply:
        sessions.end(svc.state, call.session)
        return Reply(200)

    return [
        Route("POST", API_PREFIX, "/v3/login", Auth.NONE, login),
        _api("GET", "/v3/login/session", session_details),
        _api("POST", "/v3/logout", logout),
    ]


def _vendor_routes() -> list[Route]:
    return [
        _api("GET", "/v3/vendors", listed(lambda ctx: ctx.org.vendors.values(), vendors.LIST_SPEC)),
        _api("POST", "/v3/vendors", created(vendors.create)),
        _api("POST", "/v3/vendors/bulk", created(lambda ctx, body: {"vendors": vendors.create_bulk(ctx, body)})),
        _api("GET", "/v3/vendors/{id}", fetched(vendors.get)),
        _api("PATCH", "/v3/vendors/{id}", changed(vendors.update)),
        _api("POST", "/v3/vendors/{id}/archive", archiving(vendors.set_archived, True)),
        _api("POST", "/v3/vendors/{id}/restore", archiving(vendors.set_archived, False)),
    ]


def _bill_routes() -> list[Route]:
    return [
        _api("GET", "/v3/bills", listed(bills.read_all, bill_shapes.LIST_SPEC)),
        _api("POST", "/v3/bills", created(bills.create)),
        _api("POST", "/v3/bills/bulk", created(bills.create_bulk)),
        _api("POST", "/v3/bills/record-payment", created(payments.record, status=200)),
        _api("GET", "/v3/bills/{id}", fetched(bills.get)),
        _api("PUT", "/v3/bills/{id}", changed(bills.replace)),
        _api("PATCH", "/v3/bills/{id}", changed(bills.patch)),
        _api("POST", "/v3/bills/{id}/archive", archiving(bills.set_archived, True)),
        _api("POST", "/v3/bills/{id}/restore", archiving(bills.set_archived, False)),
    ]


def _account_routes() -> list[Route]:
    def bulk_archiving(archived: bool) -> Handler:
        return lambda c: Reply(200, accounts.set_archived_bulk(c.ctx, c.query.get("ids"), archived))

    return [
        _api("GET", COA, listed(lambda ctx: ctx.org.accounts.values(), accounts.LIST_SPEC)),
        _api("POST", COA, created(accounts.create)),
        _api("POST", f"{COA}/bulk", created(accounts.create_bulk)),
        _api("PATCH", f"{COA}/bulk", lambda c: Reply(200, accounts.update_bulk(c.ctx, c.body))),
        _api("POST", f"{COA}/bulk/archive", bulk_archiving(True)),
        _api("POST", f"{COA}/bulk/restore", bulk_archiving(False)),
        _api("GET", f"{COA}/{{id}}", fetched(accounts.get)),
        _api("PATCH", f"{COA}/{{id}}", changed(accounts.update)),
        _api("POST", f"{COA}/{{id}}/archive", archiving(accounts.set_archived, True)),
        _api("POST", f"{COA}/{{id}}/restore", archiving(accounts.set_archived, False)),
    ]


def _spend_routes() -> list[Route]:
    def spend_list(kind: str, spec: ListSpec) -> Handler:
        return lambda c: Reply(200, spend.list_page(getattr(c.ctx.org, kind), c.query, spec))

    return [
        _spend("GET", "/v3/spend/reimbursements", spend_list("reimbursements", spend.REIMBURSEMENTS)),
        _spend("POST", "/v3/spend/reimbursements", created(spend.create_reimbursement, status=200)),
        _spend(
            "GET", "/v3/spend/reimbursements/{id}", lambda c: Reply(200, spend.reimbursement(c.ctx.org, c.params["id"]))
        ),
        _spend("GET", "/v3/spend/transactions", spend_list("transactions", spend.TRANSACTIONS)),
        _spend("GET", "/v3/spend/users/current", lambda c: Reply(200, spend.current_user(c.ctx.org))),
        _spend("GET", "/v3/spend/budgets", spend_list("budgets", spend.BUDGETS)),
    ]


def build_routes(svc: Services) -> list[Route]:
    """Every route the emulator serves."""
    return [
        *_auth_routes(svc),
        *_vendor_routes(),
        *_bill_routes(),
        *_account_routes(),
        *webhook_routes(svc),
        *_spend_routes(),
    ]
