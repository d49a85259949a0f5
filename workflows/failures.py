"""How workflows read a failed activity: its error type, and whether it means a human must re-authorize."""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from common.errors import AuthRejected, NotAuthorized

REAUTH_ERROR_TYPES = frozenset({AuthRejected.__name__, NotAuthorized.__name__})
"""Failures that mean the credentials need a human to re-authorize, not a retry or a different input."""


def activity_error_type(err: ActivityError) -> str:
    """The `ApplicationError` type the activity raised (from `activities.errors`), else the cause's class name."""
    cause = err.cause
    if isinstance(cause, ApplicationError) and cause.type:
        return cause.type
    return type(cause).__name__


def needs_reauth(err: ActivityError) -> bool:
    """True when the activity failed because credentials were rejected."""
    return activity_error_type(err) in REAUTH_ERROR_TYPES
