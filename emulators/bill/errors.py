"""BILL's error array and the codes the emulator answers with, each with the HTTP status it travels on.

BILL v3 fails with HTTP 4xx/5xx and a JSON **array** of ``{timestamp, code, severity, category, message}``
(API-FACTS §2.5; the collection's "List of errors." examples). Codes and statuses:

=============  ======  ==============================================================================
code           status  meaning (source)
=============  ======  ==============================================================================
BDC_1101       401     wrong username/password (BILL FAQ)
BDC_1102       401     devKey unknown; 400 when the header is missing (BILL FAQ; webhook error page)
BDC_1109       401     session invalid or expired; 400 when the header is missing (common error codes)
BDC_1123       401     login names an unknown organization ("Invalid organization id", v2 list) [unconfirmed]
BDC_1120       404     no such object in the caller's organization (v2 "No data found") [unconfirmed]
BDC_1121       404     API not supported: unknown path or method (BILL FAQ)
BDC_1144       429     20,000 requests or 200 logins per devKey per clock hour; S&E 60/min per token
BDC_1322       429     more than 3 concurrent requests per devKey per organization (BILL FAQ)
BDC_1001       400     request body or query invalid (missing/ill-typed field, bad filter, bulk size)
BDC_1170       400     bill is paid, partly paid or scheduled and can no longer be changed
BDC_1401       401     Spend & Expense ``apiToken`` missing or unknown
BDC_1501       400     webhook API: missing/invalid ``X-Idempotent-Key``, 10-subscription cap, duplicate
BDC_1000       5xx     injected server failure (fault plan)
=============  ======  ==============================================================================

Choices where BILL is silent (documented here so tests and clients do not mistake them for facts):
the HTTP status of BDC_1144/BDC_1322 is undocumented; 429 is chosen because both mean "slow down" and a
public client observed 4xx. Clients must classify by ``code``. BDC_1000, BDC_1001, BDC_1170, BDC_1401 and
BDC_1501 are emulator-chosen codes for failures whose real BILL code is not in the reference documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emulators.bill.timefmt import iso_time

INVALID_CREDENTIALS = "BDC_1101"
INVALID_DEV_KEY = "BDC_1102"
INVALID_SESSION = "BDC_1109"
NOT_FOUND = "BDC_1120"
NOT_SUPPORTED = "BDC_1121"
INVALID_ORGANIZATION = "BDC_1123"
RATE_LIMITED = "BDC_1144"
CONCURRENCY_LIMITED = "BDC_1322"
INVALID_REQUEST = "BDC_1001"
BILL_LOCKED = "BDC_1170"
INVALID_API_TOKEN = "BDC_1401"
WEBHOOK_REJECTED = "BDC_1501"
SERVER_ERROR = "BDC_1000"

SESSION_INVALID_MESSAGE = "Session is invalid. Please log in."


@dataclass
class BillApiError(Exception):
    """A failure the emulator answers with BILL's error array."""

    status: int
    code: str
    message: str
    category: str = "REQUEST"

    def __str__(self) -> str:
        return f"{self.code} (HTTP {self.status}): {self.message}"


def invalid(message: str) -> BillApiError:
    """A request BILL rejects as invalid (HTTP 400)."""
    return BillApiError(400, INVALID_REQUEST, message)


def not_found(kind: str, object_id: str) -> BillApiError:
    """An id that does not exist in the caller's organization."""
    return BillApiError(404, NOT_FOUND, f"No {kind} found with id {object_id}.")


def session_invalid(status: int = 401) -> BillApiError:
    """BDC_1109: the session is unknown, expired, logged out or belongs to another devKey."""
    return BillApiError(status, INVALID_SESSION, SESSION_INVALID_MESSAGE)


def error_body(error: BillApiError, now: datetime) -> list[dict[str, Any]]:
    """BILL's error array for one failure."""
    return [
        {
            "timestamp": iso_time(now),
            "code": error.code,
            "severity": "ERROR",
            "category": error.category,
            "message": error.message,
        }
    ]
