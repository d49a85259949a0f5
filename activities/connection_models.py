"""DTOs of the per-connection workflow and its activities (ids, times and counters only: they land in history)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

HealthStatus = Literal["active", "needs_reauth", "paused"]
"""The connection's health (mirrors `persistence.vocabulary.ConnectionStatus`)."""


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConnectionRef(_Dto):
    """Which connection an activity works for."""

    connection_id: str


class GrantTokenResult(_Dto):
    """What the token activity did for the connection's Zoho grant."""

    grant_id: str
    refreshed: bool
    """False when a token another connection (or worker) minted was still fresh enough to reuse."""
    expires_at: dt.datetime


class HealthChange(_Dto):
    """The health to mirror into the store (and log)."""

    connection_id: str
    status: HealthStatus
    reason: str | None = None


class SubscriptionsResult(_Dto):
    """The BILL webhook subscriptions serving the connection's BILL organization."""

    subscription_ids: tuple[str, ...]
    created: int
    reused: int


class SubscriptionRemoval(_Dto):
    """What disconnecting did to the BILL organization's subscriptions."""

    deleted: int
    repointed_to: str | None = None
    """Another connection of the same BILL organization now receiving the notifications, if one remains."""


class ConnectionSettings(_Dto):
    """Operator-tunable settings of one connection (the intervals of its scheduled sync jobs)."""

    sweep_interval_minutes: int = 15
    vendor_sync_interval_minutes: int = 15
    account_sync_interval_minutes: int = 1440


ScheduleTarget = Literal["running", "paused", "deleted"]
"""What the connection's Schedules should be: running (active), paused (paused or needs_reauth), deleted
(disconnected)."""


class ConnectionSchedulesRequest(_Dto):
    """Input of `ensure_connection_schedules`: the wanted state and intervals of every per-connection Schedule."""

    connection_id: str
    target: ScheduleTarget
    settings: ConnectionSettings = ConnectionSettings()


class ConnectionSchedulesResult(_Dto):
    """The Schedules `ensure_connection_schedules` created, updated or deleted."""

    schedule_ids: tuple[str, ...]
    target: ScheduleTarget


class ConnectionWorkflowInput(_Dto):
    """Start (or continue-as-new) state of `ConnectionWorkflow`."""

    connection_id: str
    settings: ConnectionSettings = ConnectionSettings()
    status: HealthStatus = "active"
    reason: str | None = None
    subscribed: bool = False
    token_refreshes: int = 0
    token_expires_at: dt.datetime | None = None
    max_cycles: int = 48
    """Refresh cycles per run before continue-as-new (48 x 55 min = 44 h of history per run)."""


class ConnectionStatusView(_Dto):
    """The `status` query's answer."""

    connection_id: str
    status: HealthStatus
    reason: str | None
    settings: ConnectionSettings
    subscribed: bool
    token_refreshes: int
    token_expires_at: dt.datetime | None
    cycle: int


class ConnectionResult(_Dto):
    """How the workflow ended (only by disconnect; otherwise it continues as new forever)."""

    connection_id: str
    subscriptions_deleted: int
