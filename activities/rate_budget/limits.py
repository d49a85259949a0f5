"""What a request must hold before it is sent: rate windows and concurrency slots, keyed per budget owner.

A `BudgetRule` lists every limit one request counts against (a Zoho call counts against its organization's
minute window and its concurrency slots; a BILL login also against the devKey's login window). Keys name the
owner of a budget (organization, devKey digest) and never contain a secret.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` admissions in any sliding window of `period_seconds` (+ `margin_seconds` of slack for
    the time a request takes to reach the vendor, so the vendor's own window never sees more)."""

    key: str
    limit: int
    period_seconds: float
    margin_seconds: float = 0.0

    @property
    def window_seconds(self) -> float:
        """The window the budget enforces: the vendor's period plus the margin."""
        return self.period_seconds + self.margin_seconds


@dataclass(frozen=True)
class ConcurrencyLimit:
    """At most `slots` requests in flight; a lease not released within `lease_seconds` expires (crash safety)."""

    key: str
    slots: int
    lease_seconds: float = 120.0


@dataclass(frozen=True)
class BudgetRule:
    """Every limit one request counts against."""

    rates: tuple[RateLimit, ...] = ()
    concurrency: tuple[ConcurrencyLimit, ...] = ()

    def all_keys(self) -> list[str]:
        """All budget keys, sorted (the order rows are locked in, so two acquirers never deadlock)."""
        return sorted({rate.key for rate in self.rates} | {slots.key for slots in self.concurrency})

    def with_rate(self, rate: RateLimit) -> BudgetRule:
        """This rule plus one more rate window."""
        return BudgetRule(rates=(*self.rates, rate), concurrency=self.concurrency)


@dataclass(frozen=True)
class VendorLimits:
    """The vendors' published limits (API-FACTS §1.4 and §2.6); override for plans or tests."""

    zoho_per_minute: int = 100
    zoho_concurrent: int = 10
    zoho_margin_seconds: float = 2.0
    bill_concurrent_per_org: int = 3
    bill_per_hour: int = 20_000
    bill_logins_per_hour: int = 200
    bill_margin_seconds: float = 5.0


def dev_key_digest(dev_key: str) -> str:
    """A stable, non-reversible name for a devKey's budget (the key itself never reaches the database)."""
    return hashlib.sha256(dev_key.encode()).hexdigest()[:16]


def zoho_rule(org_id: str, limits: VendorLimits) -> BudgetRule:
    """A Books call of one Zoho organization: its minute window and its concurrency slots."""
    return BudgetRule(
        rates=(RateLimit(f"zoho:{org_id}:minute", limits.zoho_per_minute, 60.0, limits.zoho_margin_seconds),),
        concurrency=(ConcurrencyLimit(f"zoho:{org_id}:in-flight", limits.zoho_concurrent),),
    )


def bill_rule(dev_key_id: str, org_id: str, limits: VendorLimits, *, login: bool) -> BudgetRule:
    """A BILL call: the devKey's hourly window, the devKey's slots in the organization, and for a login the
    devKey's hourly login window."""
    rule = BudgetRule(
        rates=(RateLimit(f"bill:{dev_key_id}:hour", limits.bill_per_hour, 3600.0, limits.bill_margin_seconds),),
        concurrency=(ConcurrencyLimit(f"bill:{dev_key_id}:{org_id}:in-flight", limits.bill_concurrent_per_org),),
    )
    if login:
        logins = RateLimit(f"bill:{dev_key_id}:logins", limits.bill_logins_per_hour, 3600.0, limits.bill_margin_seconds)
        rule = rule.with_rate(logins)
    return rule
