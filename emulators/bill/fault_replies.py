"""What an armed fault looks like on the wire, in BILL's shapes.

RATE_LIMIT → BDC_1144, or the fault's code BDC_1322 (HTTP 429 unless the fault sets a status); SERVER_ERROR →
error array, HTTP 503 unless set (both carry ``Retry-After`` only when the fault sets ``retry_after``);
HTML_ERROR → a text/html 502 page; MALFORMED_JSON → HTTP 200 with a truncated JSON body; EXPIRE_SESSION → the
caller's session is dropped and the call fails with BDC_1109. DROP_AFTER_COMMIT is applied by the dispatcher
after a write succeeds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.responses import Response

from emulators.bill.errors import (
    CONCURRENCY_LIMITED,
    RATE_LIMITED,
    SERVER_ERROR,
    BillApiError,
    error_body,
    session_invalid,
)
from emulators.bill.limits import LIMIT_STATUS
from emulators.bill.services import Services
from emulators.faults import Fault, FaultKind

HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
TRUNCATED_JSON = '{"nextPage": "abc", "results": [{"id": "00n01'
RATE_LIMIT_MESSAGES = {
    RATE_LIMITED: "Maximum API requests per hour exceeded.",
    CONCURRENCY_LIMITED: "Maximum of 3 concurrent API requests per organization exceeded.",
}


def _error_response(error: BillApiError, services: Services, headers: Mapping[str, str] | None = None) -> Response:
    body = json.dumps(error_body(error, services.now()))
    return Response(body, status_code=error.status, media_type="application/json", headers=headers)


def fault_response(fault: Fault, services: Services, request_headers: Mapping[str, str]) -> tuple[Response, str | None]:
    """The response replacing the request, and the BILL error code it carries (if any)."""
    retry = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
    if fault.kind is FaultKind.RATE_LIMIT:
        code = fault.code or RATE_LIMITED
        if code not in RATE_LIMIT_MESSAGES:
            raise ValueError(f"BILL has no rate-limit code {code}")
        error = BillApiError(fault.status or LIMIT_STATUS, code, RATE_LIMIT_MESSAGES[code])
        return _error_response(error, services, retry), error.code
    if fault.kind is FaultKind.SERVER_ERROR:
        error = BillApiError(fault.status or 503, SERVER_ERROR, "Service temporarily unavailable.", category="SERVER")
        return _error_response(error, services, retry), error.code
    if fault.kind is FaultKind.HTML_ERROR:
        return Response(HTML_PAGE, status_code=fault.status or 502, media_type="text/html"), None
    if fault.kind is FaultKind.MALFORMED_JSON:
        return Response(TRUNCATED_JSON, status_code=200, media_type="application/json"), None
    if fault.kind is FaultKind.EXPIRE_SESSION:
        session_id = request_headers.get("sessionid")
        if session_id:
            services.state.sessions.pop(session_id, None)
        error = session_invalid()
        return _error_response(error, services), error.code
    raise ValueError(f"fault {fault.kind} is not applied before a request")
