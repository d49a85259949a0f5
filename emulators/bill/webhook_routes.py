"""Routes of the webhooks API on ``/connect-events/v3`` (same devKey + sessionId as AP/AR)."""

from __future__ import annotations

from emulators.bill import subscriptions
from emulators.bill.idempotency import HEADER, IdempotencyCache
from emulators.bill.listing import page
from emulators.bill.routing import EVENTS_PREFIX, Auth, Call, Handler, Reply, Route, fetched
from emulators.bill.services import Services

ONE = "/v3/subscriptions/{id}"


def _events(method: str, template: str, handler: Handler) -> Route:
    return Route(method, EVENTS_PREFIX, template, Auth.SESSION, handler)


def _idempotent(svc: Services, scope_name: str, handler: Handler) -> Handler:
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


def webhook_routes(svc: Services) -> list[Route]:
    """Subscriptions CRUD, key rotation, test events and the event catalog."""
    http_ok = svc.allow_http_notifications

    def listing(c: Call) -> Reply:
        body = page(c.ctx.org.subscriptions.values(), c.query, subscriptions.LIST_SPEC)
        body.pop("prevPage", None)  # the webhook list pages forward only
        return Reply(200, body)

    def create(c: Call) -> Reply:
        return Reply(200, subscriptions.create(c.ctx, c.body, allow_http=http_ok))

    def update(replace: bool) -> Handler:
        return lambda c: Reply(
            200, subscriptions.update(c.ctx, c.params["id"], c.body, allow_http=http_ok, replace=replace)
        )

    def delete(c: Call) -> Reply:
        subscriptions.delete(c.ctx, c.params["id"])
        return Reply(200)

    def rotate(c: Call) -> Reply:
        return Reply(200, subscriptions.rotate_key(c.ctx, c.params["id"]))

    def send_test(c: Call) -> Reply:
        return Reply(200, subscriptions.send_test(c.ctx, c.params["id"], c.body, svc.outbox))

    return [
        _events("GET", "/v3/events/catalog", lambda c: Reply(200, subscriptions.catalog())),
        _events("GET", "/v3/subscriptions", listing),
        _events("POST", "/v3/subscriptions", _idempotent(svc, "create-subscription", create)),
        _events("GET", ONE, fetched(subscriptions.get)),
        _events("PUT", ONE, update(replace=True)),
        _events("PATCH", ONE, update(replace=False)),
        _events("DELETE", ONE, delete),
        _events("POST", f"{ONE}/security_key", _idempotent(svc, "security-key", rotate)),
        _events("POST", f"{ONE}/test", send_test),
    ]
