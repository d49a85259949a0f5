"""Fault injection for the emulators: queue faults that hit the next matching requests.

A test arms a fault (``faults.add(Fault(kind=FaultKind.RATE_LIMIT, path="/v3/bills", times=2))``); the
emulator's middleware consults `FaultPlan.take()` for every request, and handlers call
`FaultPlan.take_after_commit()` once they have committed a write.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum


class FaultKind(StrEnum):
    """What the emulator does instead of (or after) serving a request."""

    RATE_LIMIT = "rate_limit"  # the service's real 429 / rate-limit error shape
    SERVER_ERROR = "server_error"  # HTTP 500/502/503 with the service's error shape
    HTML_ERROR = "html_error"  # an HTML error page (proxies, load balancers)
    MALFORMED_JSON = "malformed_json"  # 200 with a truncated JSON body
    DROP_AFTER_COMMIT = "drop_after_commit"  # commit the write, then fail the response
    EXPIRE_SESSION = "expire_session"  # the session/token used by this request is treated as expired


@dataclass
class Fault:
    """One armed fault. `path` is a regex searched in the request path; `method` None matches any.

    `retry_after` adds a ``Retry-After`` header (seconds) to RATE_LIMIT and SERVER_ERROR answers. `code` picks
    which of the service's rate-limit codes a RATE_LIMIT answers with (Zoho ``"44"`` minute or ``"1070"``
    concurrency; BILL ``"BDC_1144"`` hourly, ``"BDC_1322"`` concurrency); None is the per-period one.
    """

    kind: FaultKind
    path: str = ""
    method: str | None = None
    times: int = 1
    status: int | None = None
    retry_after: int | None = None
    code: str | None = None
    hits: int = field(default=0, init=False)

    def matches(self, method: str, path: str) -> bool:
        """True when this fault applies to the request."""
        if self.method and self.method.upper() != method.upper():
            return False
        return re.search(self.path, path) is not None


class FaultPlan:
    """Thread-safe queue of armed faults, consumed in arming order."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        """Arm a fault; returns it so a test can read `hits` afterwards."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm everything."""
        with self._lock:
            self._faults.clear()

    def _take(self, method: str, path: str, *, after_commit: bool) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                is_after = fault.kind is FaultKind.DROP_AFTER_COMMIT
                if is_after == after_commit and fault.times > 0 and fault.matches(method, path):
                    fault.times -= 1
                    fault.hits += 1
                    return fault
        return None

    def take(self, method: str, path: str) -> Fault | None:
        """The fault to apply before serving this request, if any (consumes one use)."""
        return self._take(method, path, after_commit=False)

    def take_after_commit(self, method: str, path: str) -> Fault | None:
        """A DROP_AFTER_COMMIT fault for this request, if any (consumes one use)."""
        return self._take(method, path, after_commit=True)
