"""The activity boundary turns classified errors into Temporal failures once, without leaking causes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.exceptions import ApplicationError

from activities.errors import raising_application_errors
from common.errors import NotFound, RateLimited, SyncError, Unavailable
from persistence.errors import MappingConflict


@pytest.mark.parametrize(
    ("error", "non_retryable", "delay"),
    [
        (RateLimited("slow down", service="zoho", code="44", retry_after=timedelta(seconds=90)), False, 90),
        (Unavailable("bad gateway", service="bill", status=502), False, None),
        (NotFound("Bill does not exist.", service="zoho", code="1002", status=404), True, None),
    ],
)
def test_sync_errors_become_application_errors(error: SyncError, non_retryable: bool, delay: int | None) -> None:
    with pytest.raises(ApplicationError) as raised, raising_application_errors():
        raise error
    failure = raised.value
    assert failure.type == type(error).__name__
    assert failure.non_retryable is non_retryable
    assert failure.next_retry_delay == (timedelta(seconds=delay) if delay else None)
    assert failure.message == str(error)
    assert failure.__cause__ is None
    assert failure.__suppress_context__


def test_store_errors_are_permanent() -> None:
    with pytest.raises(ApplicationError) as raised, raising_application_errors():
        raise MappingConflict("c1", "bill", "00n1", "z2")
    assert raised.value.type == "MappingConflict"
    assert raised.value.non_retryable


def test_other_exceptions_pass_through() -> None:
    with pytest.raises(KeyError), raising_application_errors():
        raise KeyError("bug")
