"""What route handlers share: the data, limits, outbox, idempotency cache, clock and demo switches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from emulators.bill.idempotency import IdempotencyCache
from emulators.bill.limits import RateLimiter
from emulators.bill.outbox import Outbox
from emulators.bill.state import BillState


@dataclass
class Services:
    """One emulator's shared machinery."""

    state: BillState
    limiter: RateLimiter
    outbox: Outbox
    idempotency: IdempotencyCache
    now: Callable[[], datetime]
    allow_http_notifications: bool = False
