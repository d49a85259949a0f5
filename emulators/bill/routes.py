"""The emulator's route table: exact paths from BILL's v3 Postman collection, bound to the resource modules.

Anything not listed (purchase orders, payments, MFA, ...) answers BDC_1121 "API not supported" (HTTP 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from emulators.bill import accounts, bills, sessions, spend, subscriptions, vendors
from emulators.bill.idempotency import HEADER, IdempotencyCache
from emulators.bill.limits import RateLimiter
from emulators.bill.listing import page
from emulators.bill.outbox import Outbox
from emulators.bill.routing import API_PREFIX, EVENTS_PREFIX, Auth, Call, Reply, Route
from emulators.bill.state import BillState


@dataclass
class Services:
    """What handlers share: the data, limits, outbox, idempotency cache, clock and demo switches."""

    state: BillState
    limiter: RateLimiter
    outbox: Outbox
    idempotency: IdempotencyCache
    now: Callable[[], datetime]
    allow_http_notifications: bool = False


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
        assert call.session is not None
        details = {"organizationId": call.session.organization_id, "userId": call.session.user_id}
        return Reply(200, {**details, "mfaStatus": "DISABLED", "mfaBypass": False})

    def logout(call: Call) -> Reply:
        assert call.session is not None
        sessions.end(svc.state, call.session)
        return Reply(200)

    return [
        Route("POST", API_PREFIX, "/v3/login", Auth.NONE, login),
        Route("GET", API_PREFIX, "/v3/login/session", Auth.SESSION, session_details),
        Route("POST", API_PREFIX, "/v3/logout", Auth.SESSION, logout),
    ]


def _vendor_routes() -> list[Route]:
    def listing(c: Call) -> Reply:
        return Reply(200, page(c.ctx.org.vendors.values(), c.query, vendors.LIST_SPEC))

    return [
        Route("GET", API_PREFIX, "/v3/vendors", Auth.SESSION, listing),
        Route("POST", API_PREFIX, "/v3/vendors", Auth.SESSION, lambda c: Reply(201, vendors.create(c.ctx, c.body))),
        Route(
            "POST",
            API_PREFIX,
            "/v3/vendors/bulk",
            Auth.SESSION,
            lambda c: Reply(201, {"vendors": vendors.create_bulk(c.ctx, c.body)}),
        ),
        Route(
            "GET",
            API_PREFIX,
            "/v3/vendors/{id}",
            Auth.SESSION,
            lambda c: Reply(200, vendors.get(c.ctx, c.params["id"])),
        ),
        Route(
            "PATCH",
            API_PREFIX,
            "/v3/vendors/{id}",
            Auth.SESSION,
            lambda c: Reply(200, vendors.update(c.ctx, c.params["id"], c.body)),
        ),
        Route(
            "POST",
            API_PREFIX,
            "/v3/vendors/{id}/archive",
            Auth.SESSION,
            lambda c: Reply(200, vendors.set_archived(c.ctx, c.params["id"], True)),
        ),
        Route(
            "POST",
            API_PREFIX,
            "/v3/vendors/{id}/restore",
            Auth.SESSION,
            lambda c: Reply(200, vendors.set_archived(c.ctx, c.params["id"], False)),
        ),
    ]


def _bill_routes() -> list[Route]:
    def listing(c: Call) -> Reply:
        return Reply(200, page(c.ctx.org.bills.values(), c.query, bills.LIST_SPEC))

    return [
        Route("GET", API_PREFIX, "/v3/bills", Auth.SESSION, listing),
        Route("POST", API_PREFIX, "/v3/bills", Auth.SESSION, lambda c: Reply(201, bills.create(c.ctx, c.body))),
        Route(
            "POST", API_PREFIX, "/v3/bills/bulk", Auth.SESSION, lambda c: Reply(201, bills.create_bulk(c.ctx, c.body))
        ),
        Route(
            "GET", API_PREFIX, "/v3/bills/{id}", Auth.SESSION, lambda c: Reply(200, bills.get(c.ctx, c.params["id"]))
        ),
        Route(
            "PUT",
            API_PREFIX,
            "/v3/bills/{id}",
            Auth.SESSION,
            lambda c: Reply(200, bills.replace(c.ctx, c.params["id"], c.body)),
        ),
        Route(
            "PATCH",
            API_PREFIX,
            "/v3/bills/{id}",
            Auth.SESSION,
            lambda c: Reply(200, bills.patch(c.ctx, c.params["id"], c.body)),
        ),
        Route(
            "POST",
            API_PREFIX,
            "/v3/bills/{id}/archive",
            Auth.SESSION,
            lambda c: Reply(200, bills.set_archived(c.ctx, c.params["id"], True)),
        ),
        Route(
            "POST",
            API_PREFIX,
            "/v3/bills/{id}/restore",
            Auth.SESSION,
            lambda c: Reply(200, bills.set_archived(c.ctx, c.params["id"], False)),
        ),
    ]


def _account_routes() -> list[Route]:
    base = "/v3/classifications/chart-of-accounts"

    def listing(c: Call) -> Reply:
        return Reply(200, page(c.ctx.org.accounts.values(), c.query, accounts.LIST_SPEC))

    def bulk_archive(archived: bool) -> Callable[[Call], Reply]:
        return lambda c: Reply(200, accounts.set_archived_bulk(c.ctx, c.query.get("ids"), archived))

    return [
        Route("GET", API_PREFIX, base, Auth.SESSION, listing),
        Route("POST", API_PREFIX, base, Auth.SESSION, lambda c: Reply(201, accounts.create(c.ctx, c.body))),
        Route(
            "POST", API_PREFIX, f"{base}/bulk", Auth.SESSION, lambda c: Reply(201, accounts.create_bulk(c.ctx, c.body))
        ),
        Route(
            "PATCH", API_PREFIX, f"{base}/bulk", Auth.SESSION, lambda c: Reply(200, accounts.update_bulk(c.ctx, c.body))
        ),
        Route("POST", API_PREFIX, f"{base}/bulk/archive", Auth.SESSION, bulk_archive(True)),
        Route("POST", API_PREFIX, f"{base}/bulk/restore", Auth.SESSION, bulk_archive(False)),
        Route(
            "GET", API_PREFIX, f"{base}/{{id}}", Auth.SESSION, lambda c: Reply(200, accounts.get(c.ctx, c.params["id"]))
        ),
        Route(
            "PATCH",
            API_PREFIX,
            f"{base}/{{id}}",
            Auth.SESSION,
            lambda c: Reply(200, accounts.update(c.ctx, c.params["id"], c.body)),
        ),
        Route(
            "POST",
            API_PREFIX,
            f"{base}/{{id}}/archive",
            Auth.SESSION,
            lambda c: Reply(200, accounts.set_archived(c.ctx, c.params["id"], True)),
        ),
        Route(
            "POST",
            API_PREFIX,
            f"{base}/{{id}}/restore",
            Auth.SESSION,
            lambda c: Reply(200, accounts.set_archived(c.ctx, c.params["id"], False)),
        ),
    ]


def _idempotent(svc: Services, scope_name: str, handler: Callable[[Call], Reply]) -> Callable[[Call], Reply]:
    """Require ``X-Idempotent-Key`` and replay the first successful response for 24 h."""

    def wrapped(call: Call) -> Reply:
        key = IdempotencyCache.require_key(call.headers.get(HEADER.lower()))
        scope = (call.ctx.org.id, scope_name, key)
        cached = svc.idempotency.lookup(scope, svc.now())
        if cached is not None:
            return Reply(cached.status, cached.body)
        reply = handler(call)
        svc.idempotency.store(scope, reply.status, reply.body, svc.now())
        return reply

    return wrapped


def _webhook_routes(svc: Services) -> list[Route]:
    http_ok = svc.allow_http_notifications

    def listing(c: Call) -> Reply:
        body = page(c.ctx.org.subscriptions.values(), c.query, subscriptions.LIST_SPEC)
        body.pop("prevPage", None)  # the webhook list pages forward only
        return Reply(200, body)

    def create(c: Call) -> Reply:
        return Reply(200, subscriptions.create(c.ctx, c.body, allow_http=http_ok))

    def rotate(c: Call) -> Reply:
        return Reply(200, subscriptions.rotate_key(c.ctx, c.params["id"]))

    def update(replace: bool) -> Callable[[Call], Reply]:
        return lambda c: Reply(
            200, subscriptions.update(c.ctx, c.params["id"], c.body, allow_http=http_ok, replace=replace)
        )

    def delete(c: Call) -> Reply:
        subscriptions.delete(c.ctx, c.params["id"])
        return Reply(200)

    one = "/v3/subscriptions/{id}"
    return [
        Route("GET", EVENTS_PREFIX, "/v3/events/catalog", Auth.SESSION, lambda c: Reply(200, subscriptions.catalog())),
        Route("GET", EVENTS_PREFIX, "/v3/subscriptions", Auth.SESSION, listing),
        Route(
            "POST", EVENTS_PREFIX, "/v3/subscriptions", Auth.SESSION, _idempotent(svc, "create-subscription", create)
        ),
        Route("GET", EVENTS_PREFIX, one, Auth.SESSION, lambda c: Reply(200, subscriptions.get(c.ctx, c.params["id"]))),
        Route("PUT", EVENTS_PREFIX, one, Auth.SESSION, update(True)),
        Route("PATCH", EVENTS_PREFIX, one, Auth.SESSION, update(False)),
        Route("DELETE", EVENTS_PREFIX, one, Auth.SESSION, delete),
        Route("POST", EVENTS_PREFIX, f"{one}/security_key", Auth.SESSION, _idempotent(svc, "security-key", rotate)),
        Route(
            "POST",
            EVENTS_PREFIX,
            f"{one}/test",
            Auth.SESSION,
            lambda c: Reply(200, subscriptions.send_test(c.ctx, c.params["id"], c.body, svc.outbox)),
        ),
    ]


def _spend_routes() -> list[Route]:
    return [
        Route(
            "GET",
            API_PREFIX,
            "/v3/spend/reimbursements",
            Auth.SPEND,
            lambda c: Reply(200, spend.list_page(c.ctx.org.reimbursements, c.query, spend.REIMBURSEMENTS)),
        ),
        Route(
            "POST",
            API_PREFIX,
            "/v3/spend/reimbursements",
            Auth.SPEND,
            lambda c: Reply(200, spend.create_reimbursement(c.ctx, c.body)),
        ),
        Route(
            "GET",
            API_PREFIX,
            "/v3/spend/reimbursements/{id}",
            Auth.SPEND,
            lambda c: Reply(200, spend.reimbursement(c.ctx.org, c.params["id"])),
        ),
        Route(
            "GET",
            API_PREFIX,
            "/v3/spend/transactions",
            Auth.SPEND,
            lambda c: Reply(200, spend.list_page(c.ctx.org.transactions, c.query, spend.TRANSACTIONS)),
        ),
        Route(
            "GET",
            API_PREFIX,
            "/v3/spend/users/current",
            Auth.SPEND,
            lambda c: Reply(200, spend.current_user(c.ctx.org)),
        ),
        Route(
            "GET",
            API_PREFIX,
            "/v3/spend/budgets",
            Auth.SPEND,
            lambda c: Reply(200, spend.list_page(c.ctx.org.budgets, c.query, spend.BUDGETS)),
        ),
    ]


def build_routes(svc: Services) -> list[Route]:
    """Every route the emulator serves; order matters only where a literal segment shadows ``{id}``."""
    return [
        *_auth_routes(svc),
        *_vendor_routes(),
        *_bill_routes(),
        *_account_routes(),
        *_webhook_routes(svc),
        *_spend_routes(),
    ]
