"""The emulator's in-memory world: organizations, their records, and id generation."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DATA_CENTERS: tuple[str, ...] = ("us", "eu", "in", "au", "jp", "ca", "cn", "sa", "uk")
"""Path prefixes of the emulated data centres (Books' 8 plus Accounts' UK)."""

DAILY_LIMITS: dict[str, int] = {
    "free": 1000,
    "standard": 2000,
    "professional": 5000,
    "premium": 10000,
    "elite": 10000,
    "ultimate": 10000,
}
"""Books API calls per organization per day, by plan (API-FACTS §1.6)."""

CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "INR": "₹",
    "AUD": "$",
    "CAD": "$",
    "JPY": "¥",
    "CNY": "¥",
    "SAR": "SAR",
}


class IdSequence:
    """Zoho-looking numeric string ids, unique across the emulator (``460000000000001``, ...)."""

    def __init__(self, start: int = 460000000000001) -> None:
        self._next = itertools.count(start)

    def __call__(self) -> str:
        return str(next(self._next))


@dataclass
class Record:
    """One stored entity: its API fields (without computed ones) and its timestamps."""

    record_id: str
    fields: dict[str, Any]
    created: datetime
    modified: datetime


@dataclass
class Organization:
    """A Books organization: lives in one data centre, holds one table per entity (keyed by plural)."""

    organization_id: str
    dc: str
    name: str
    plan: str
    currency_code: str
    time_zone: str
    created: datetime
    users: list[str] = field(default_factory=list)
    currencies: dict[str, str] = field(default_factory=dict)
    tables: dict[str, dict[str, Record]] = field(default_factory=dict)

    def table(self, plural: str) -> dict[str, Record]:
        """The records of one entity (``"bills"``, ``"contacts"``, ...)."""
        return self.tables.setdefault(plural, {})

    @property
    def currency_id(self) -> str:
        """Id of the base currency."""
        return self.currencies[self.currency_code]

    @property
    def daily_limit(self) -> int:
        """API calls per day allowed by the plan."""
        return DAILY_LIMITS[self.plan]

    @property
    def concurrency_limit(self) -> int:
        """Simultaneous API calls allowed: 5 on the free plan, 10 on paid plans."""
        return 5 if self.plan == "free" else 10

    def currency_code_of(self, currency_id: str) -> str | None:
        """The ISO code behind an org currency id, or None when unknown."""
        return next((code for code, cid in self.currencies.items() if cid == currency_id), None)


def currency_symbol(code: str) -> str:
    """Display symbol of an ISO currency code (the code itself when unknown)."""
    return CURRENCY_SYMBOLS.get(code, code)
