"""In-memory BILL data: organizations, their users and records, sessions, and BILL-like ids.

Records are kept in their API shape (the JSON BILL returns), so what a test reads through the emulator's
helpers is exactly what a client would read over HTTP.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Record = dict[str, Any]

ORGANIZATION_PREFIX = "008"
USER_PREFIX = "006"
VENDOR_PREFIX = "009"
BILL_PREFIX = "00n"
LINE_ITEM_PREFIX = "0bl"
ACCOUNT_PREFIX = "0ca"
PAYMENT_PREFIX = "0pm"
SUBSCRIPTION_PREFIX = "sub"
EVENT_PREFIX = "evt"
SPEND_PREFIX = "spd"

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class IdFactory:
    """Ids shaped like BILL's: a 3-character type prefix and 15 characters (``00801...``), never reused."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def new(self, prefix: str) -> str:
        """A fresh id with the given type prefix."""
        with self._lock:
            number = next(self._counter)
        digits = ""
        while number:
            number, rest = divmod(number, len(_ALPHABET))
            digits = _ALPHABET[rest] + digits
        return f"{prefix}01{digits.rjust(13, '0')}"


@dataclass
class User:
    """An AP/AR user who can log in to one organization."""

    id: str
    username: str
    password: str = field(repr=False)


@dataclass
class Organization:
    """One BILL organization and everything it owns."""

    id: str
    name: str
    users: dict[str, User] = field(default_factory=dict)
    vendors: dict[str, Record] = field(default_factory=dict)
    bills: dict[str, Record] = field(default_factory=dict)
    accounts: dict[str, Record] = field(default_factory=dict)
    subscriptions: dict[str, Record] = field(default_factory=dict)
    security_keys: dict[str, str] = field(default_factory=dict, repr=False)
    spend_token: str | None = field(default=None, repr=False)
    spend_user: Record | None = None
    budgets: dict[str, Record] = field(default_factory=dict)
    reimbursements: dict[str, Record] = field(default_factory=dict)
    transactions: dict[str, Record] = field(default_factory=dict)


@dataclass
class Session:
    """An AP/AR API session: valid until 35 minutes pass without a call (sliding)."""

    id: str = field(repr=False)
    organization_id: str
    user_id: str
    dev_key: str = field(repr=False)
    last_used: datetime


class UnknownOrganization(LookupError):
    """An organization id the emulator does not know (a test set-up mistake)."""


@dataclass
class BillState:
    """All organizations, dev keys and sessions of one emulator."""

    ids: IdFactory = field(default_factory=IdFactory)
    organizations: dict[str, Organization] = field(default_factory=dict)
    dev_keys: set[str] = field(default_factory=set, repr=False)
    sessions: dict[str, Session] = field(default_factory=dict, repr=False)
    issued_session_ids: list[str] = field(default_factory=list, repr=False)
    """Every session id ever opened, live or not (tests scan histories and logs for them)."""

    def organization(self, org_id: str) -> Organization:
        """The organization with this id; raises for an unknown id."""
        try:
            return self.organizations[org_id]
        except KeyError:
            raise UnknownOrganization(f"unknown organization {org_id}") from None

    def organization_by_spend_token(self, token: str) -> Organization | None:
        """The organization whose Spend & Expense API token this is."""
        return next(
            (o for o in self.organizations.values() if o.spend_token and secrets.compare_digest(o.spend_token, token)),
            None,
        )


@dataclass(frozen=True)
class OrgContext:
    """What a resource operation needs: the caller's organization, the time, ids and the event sink."""

    org: Organization
    now: datetime
    ids: IdFactory
    notify: Callable[[Organization, str, Record], None]
