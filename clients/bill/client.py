"""`BillClient`: BILL v3 AP/AR and webhooks over one shared, self-renewing session.

Callers pass the base URLs (`Settings.bill_endpoints()`) and an `httpx.AsyncClient`
(`clients.http.build_async_client`); the client knows nothing of Temporal, the database or settings.
Every failure is a `common.errors.SyncError` subclass whose message holds BILL's code and message only.
"""

from __future__ import annotations

from clients.bill._accounts import AccountsApi
from clients.bill._bills import BillsApi
from clients.bill._vendors import VendorsApi
from clients.bill._webhooks import WebhooksApi


class BillClient(VendorsApi, BillsApi, AccountsApi, WebhooksApi):
    """Typed async client for BILL v3 (session auth: headers `devKey` + `sessionId`).

    Logs in lazily on the first call; concurrent first calls share one login. On BDC_1109 (session
    invalid) it logs in again once and retries the call once; a second BDC_1109 is `SessionExpired`.
    At most `max_in_flight` (default 3, BILL's per-organization cap) requests are open at once.
    Pass `on_response` to count calls (`BillCall`: method, path template, status, code, elapsed).
    """
