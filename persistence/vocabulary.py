"""The closed sets of values stored in status and owner columns (checked by the database too)."""

from __future__ import annotations

from enum import StrEnum


class ConnectionStatus(StrEnum):
    """Health of a connection, owned by its connection workflow."""

    ACTIVE = "active"
    NEEDS_REAUTH = "needs_reauth"
    PAUSED = "paused"
    DISCONNECTED = "disconnected"
    """`ml-connector disconnect`: its workflow ended, its Schedules and BILL subscriptions are gone."""


class SyncStatus(StrEnum):
    """Where one Zoho record stands; every non-synced end state carries a reason (invariant 7)."""

    PENDING = "pending"
    CREATING = "creating"
    SYNCED = "synced"
    NEEDS_MAPPING = "needs_mapping"
    NEEDS_REAUTH = "needs_reauth"
    SKIPPED = "skipped"
    FAILED = "failed"
    NO_BILL_TARGET = "no_bill_target"
    """A Zoho record BILL has no object for (purchase orders): recorded for the audit trail only."""


class OwnerKind(StrEnum):
    """What a stored credential belongs to."""

    ZOHO_GRANT = "zoho_grant"
    CONNECTION = "connection"
    BILL_ORG = "bill_org"
    SUBSCRIPTION = "subscription"


class CredentialKind(StrEnum):
    """The secrets the connector stores (the column is open: other kinds may be added)."""

    ZOHO_REFRESH_TOKEN = "zoho_refresh_token"  # noqa: S105 (a kind name, not a secret)
    ZOHO_WEBHOOK_SECRET = "zoho_webhook_secret"  # noqa: S105 (a kind name, not a secret)
    BILL_DEV_KEY = "bill_dev_key"
    BILL_PASSWORD = "bill_password"  # noqa: S105 (a kind name, not a secret)
    BILL_SPEND_API_TOKEN = "bill_spend_api_token"  # noqa: S105 (a kind name, not a secret)
    BILL_SECURITY_KEY = "bill_security_key"
    ZOHO_ACCESS_TOKEN = "zoho_access_token"  # noqa: S105 (a kind name, not a secret)
    ZOHO_REJECTED_REFRESH_TOKEN = "zoho_rejected_refresh_token"  # noqa: S105 (a kind name, not a secret)
    BILL_USERNAME = "bill_username"


def check_in(column: str, values: type[StrEnum]) -> str:
    """SQL for a CHECK constraint limiting `column` to the enum's values."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({allowed})"
