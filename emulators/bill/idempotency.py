"""``X-Idempotent-Key`` on the webhook API: required UUID; a repeat within 24 h replays the first response.

Keys are scoped to (organization, method and path), so the same key on create-subscription and on
create-security-key are independent. Only successful responses are cached; a rejected request may be retried
with the same key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from emulators.bill.errors import WEBHOOK_REJECTED, BillApiError

HEADER = "X-Idempotent-Key"
WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class CachedResponse:
    """The first successful answer to an idempotent request."""

    status: int
    body: Any
    stored_at: datetime


@dataclass
class IdempotencyCache:
    """First responses by (organization, route, key), valid for 24 h of emulator time."""

    entries: dict[tuple[str, str, str], CachedResponse] = field(default_factory=dict)

    @staticmethod
    def require_key(raw: str | None) -> str:
        """The header value, which must be present and a UUID."""
        if not raw:
            raise BillApiError(400, WEBHOOK_REJECTED, f"{HEADER} header is required.")
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            raise BillApiError(400, WEBHOOK_REJECTED, f"{HEADER} must be a UUID.") from None

    def lookup(self, scope: tuple[str, str, str], now: datetime) -> CachedResponse | None:
        """The cached response, unless absent or older than 24 h."""
        cached = self.entries.get(scope)
        if cached is None or now - cached.stored_at >= WINDOW:
            self.entries.pop(scope, None)
            return None
        return cached

    def store(self, scope: tuple[str, str, str], status: int, body: Any, now: datetime) -> None:
        """Remember a successful response."""
        self.entries[scope] = CachedResponse(status, body, now)
