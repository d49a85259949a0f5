"""Counters the emulator keeps for tests and benchmarks (no secrets: tokens are fingerprinted)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field


def fingerprint(token: str) -> str:
    """A short, non-reversible label for a token."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


@dataclass
class ZohoStats:
    """What the emulator has seen since it started."""

    api_calls: Counter[str] = field(default_factory=Counter)
    """Books calls admitted per organization id (they count against its minute and daily budget)."""
    statuses: Counter[int] = field(default_factory=Counter)
    """Responses per HTTP status, whole app."""
    limited: Counter[int] = field(default_factory=Counter)
    """Rate-limit rejections per Zoho code (44 minute, 45 daily, 1070 concurrency)."""
    peak_in_flight: Counter[str] = field(default_factory=Counter)
    """Highest number of simultaneous admitted Books calls per organization id."""
    token_requests: Counter[str] = field(default_factory=Counter)
    """Token-endpoint requests per refresh-token fingerprint (granted and throttled)."""

    def token_requests_for(self, refresh_token: str) -> int:
        """How many token requests used `refresh_token`."""
        return self.token_requests[fingerprint(refresh_token)]
