"""The activity boundary: classified `SyncError`s become Temporal `ApplicationError`s, exactly once.

`type` is the error class name (workflows compare it with `SomeError.__name__`, never a literal),
`non_retryable` mirrors `SyncError.retryable`, and a known `retry_after` becomes `next_retry_delay` so a
rate-limited call waits as long as the vendor asked. The store's typed errors (`persistence.errors`) are
permanent: a missing connection or an unreadable credential does not heal by retrying. The original
exception is not chained: its context could carry request details that must not reach workflow history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from temporalio.exceptions import ApplicationError

from common.errors import SyncError
from persistence.errors import PersistenceError


def to_application_error(exc: SyncError) -> ApplicationError:
    """The Temporal failure for a classified API error."""
    return ApplicationError(
        str(exc),
        type=type(exc).__name__,
        non_retryable=not exc.retryable,
        next_retry_delay=exc.retry_after,
    )


@contextmanager
def raising_application_errors() -> Iterator[None]:
    """Convert `SyncError`s, and the store's typed errors (all permanent), raised inside the block."""
    try:
        yield
    except SyncError as exc:
        raise to_application_error(exc) from None
    except PersistenceError as exc:
        raise ApplicationError(str(exc), type=type(exc).__name__, non_retryable=True) from None
