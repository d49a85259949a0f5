"""An in-process stand-in for BILL behind `httpx.MockTransport`: real shapes, real session rules.

Logins mint sessions; calls with an unknown sessionId get BILL's BDC_1109 array; every request is
recorded so tests can assert what went over the wire.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from pydantic import SecretStr

from clients.bill import BillCall, BillClient, BillCredentials, BillSpendClient
from clients.http import build_async_client

API_BASE = "https://bill.test/connect"
EVENTS_BASE = "https://bill.test/connect-events"
SPEND_BASE = "https://bill.test/connect"
DEV_KEY = "dev-key-7f3a9c"
PASSWORD = "pa55-word-e1d2"
API_TOKEN = "api-token-5b8e0f"
SECURITY_KEY = "security-key-c4d9a1"
ORG_ID = "00801ABCDEFGHIJ"
CREDENTIALS = BillCredentials(
    dev_key=SecretStr(DEV_KEY), username="ap@example.com", password=SecretStr(PASSWORD), organization_id=ORG_ID
)

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def bill_error(status: int, code: str, message: str, *, headers: dict[str, str] | None = None) -> httpx.Response:
    """A failure exactly as BILL sends it: a JSON array of error objects."""
    body = [
        {
            "timestamp": "2026-11-25T10:00:00.000+00:00",
            "code": code,
            "severity": "ERROR",
            "category": "DOWNSTREAM",
            "message": message,
        }
    ]
    return httpx.Response(status, json=body, headers=headers)


def vendor_json(vendor_id: str = "00901VENDOR0001", **overrides: Any) -> dict[str, Any]:
    """A vendor in the shape of the collection's example response."""
    vendor: dict[str, Any] = {
        "archived": False,
        "id": vendor_id,
        "name": "Happy Music Supplies",
        "shortName": "Happy Music",
        "accountType": "BUSINESS",
        "email": "info@happymusicsupplies.org",
        "phone": "9876543210",
        "address": {"line1": "123 Main Street", "city": "San Jose", "zipOrPostalCode": "95002", "country": "US"},
        "paymentInformation": {"payeeName": "Happy Music Supplies", "bankAccount": {"accountNumber": "111222333"}},
        "additionalInfo": {"taxId": "12-3456789", "taxIdType": "EIN", "paymentTermId": "term-30"},
        "billCurrency": "USD",
        "createdTime": "2026-11-01T09:00:00.000Z",
        "updatedTime": "2026-11-02T09:00:00.000Z",
    }
    return vendor | overrides


def bill_json(bill_id: str = "00n01BILL00001", invoice_number: str = "202501", **overrides: Any) -> dict[str, Any]:
    """A bill in the shape of the collection's example response."""
    bill: dict[str, Any] = {
        "archived": False,
        "id": bill_id,
        "vendorId": "00901VENDOR0001",
        "vendorName": "Happy Music Supplies",
        "amount": 228.99,
        "dueAmount": 228.99,
        "paidAmount": 0,
        "description": "Studio gear",
        "dueDate": "2026-12-31",
        "invoice": {"invoiceNumber": invoice_number, "invoiceDate": "2026-11-20"},
        "billLineItems": [
            {"id": "line-1", "amount": 149, "description": "USB audio interface", "classifications": {}},
            {"id": "line-2", "amount": 79.99, "description": "Drum foot pedal"},
        ],
        "paymentStatus": "UNPAID",
        "approvalStatus": "UNASSIGNED",
        "createdTime": "2026-11-20T12:00:00.000Z",
        "updatedTime": "2026-11-20T12:00:00.000Z",
    }
    return bill | overrides


def page_json(results: list[dict[str, Any]], next_page: str | None = None) -> dict[str, Any]:
    """A list page: `{nextPage, prevPage, results}`."""
    return {"nextPage": next_page, "prevPage": None, "results": results}


def paged(pages: Mapping[str | None, dict[str, Any]]) -> Handler:
    """A list handler that answers with the page named by the request's `page` parameter."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("page")])

    return answer


class FakeBill:
    """Routes requests by (method, path); enforces devKey + sessionId on everything but login."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.routes: dict[tuple[str, str], Handler] = {}
        self.sessions: set[str] = set()
        self.logins = 0
        self.login_handler: Handler = self.login

    def route(self, method: str, path: str, handler: Handler | dict[str, Any] | list[Any]) -> None:
        """Answer `method path` with `handler` (a JSON body means 200 with that body)."""
        if isinstance(handler, dict | list):
            body = handler
            self.routes[(method, path)] = lambda _request: httpx.Response(200, json=body)
        else:
            self.routes[(method, path)] = handler

    def expire_sessions(self) -> None:
        """Forget every session, as BILL does after 35 idle minutes."""
        self.sessions.clear()

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        """The recorded requests to `method path`."""
        return [r for r in self.requests if r.method == method and r.url.path == path]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if (request.method, path) == ("POST", "/connect/v3/login"):
            return await _resolve(self.login_handler(request))
        if path.startswith("/connect/v3/spend/"):
            if request.headers.get("apiToken") != API_TOKEN:
                return bill_error(401, "BDC_1101", "Invalid API token.")
        elif request.headers.get("devKey") != DEV_KEY:
            return bill_error(401, "BDC_1102", "Developer key is invalid.")
        elif request.headers.get("sessionId") not in self.sessions:
            return bill_error(401, "BDC_1109", "Session is invalid. Please log in.")
        handler = self.routes.get((request.method, path))
        if handler is None:
            return bill_error(404, "BDC_1121", "API not supported.")
        return await _resolve(handler(request))

    def login(self, request: httpx.Request) -> httpx.Response:
        """BILL's login: the right credentials mint a new session."""
        body = json.loads(request.content)
        if body != {"username": "ap@example.com", "password": PASSWORD, "organizationId": ORG_ID, "devKey": DEV_KEY}:
            return bill_error(400, "BDC_1101", "User name and/or password do not match our records.")
        self.logins += 1
        session_id = f"session-{self.logins}-9d8c7b"
        self.sessions.add(session_id)
        return httpx.Response(
            200, json={"sessionId": session_id, "organizationId": ORG_ID, "userId": "00601USER", "trusted": False}
        )

    def client(self, *, calls: list[BillCall] | None = None, **kwargs: Any) -> BillClient:
        """A `BillClient` wired to this fake."""
        http = build_async_client(transport=httpx.MockTransport(self))
        on_response = calls.append if calls is not None else None
        return BillClient(
            http,
            api_base=API_BASE,
            events_base=EVENTS_BASE,
            credentials=CREDENTIALS,
            on_response=on_response,
            **kwargs,
        )

    def spend_client(self) -> BillSpendClient:
        """A `BillSpendClient` wired to this fake."""
        http = build_async_client(transport=httpx.MockTransport(self))
        return BillSpendClient(http, spend_base=SPEND_BASE, api_token=SecretStr(API_TOKEN))


async def _resolve(result: httpx.Response | Awaitable[httpx.Response]) -> httpx.Response:
    return result if isinstance(result, httpx.Response) else await result
