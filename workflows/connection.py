"""`ConnectionWorkflow`: the long-lived owner of one connection's health, id `connection/{connection_id}`.

Every 55 minutes (`REFRESH_INTERVAL`) it makes the Zoho grant's shared access token outlive the next cycle
(`refresh_zoho_token` mints only when the stored token is about to expire, so connections sharing a grant do
not mint twice). A rejected refresh token moves the connection to `needs_reauth` and stops all token requests
until `reauth_complete`; `pause` stops them until `resume`. Health changes are mirrored to the store. On start
it ensures the BILL organization's webhook subscription (retried each cycle until it exists); `disconnect`
removes it and ends the workflow. BILL sessions are not kept warm: the BILL client logs in again on the
session-expired error (see docs/connection-workflow.md).

It owns the connection's Schedules (`worker.schedules.SCHEDULE_KINDS`): running while active, paused while
paused or needing re-authorization, intervals from `ConnectionSettings`, deleted on disconnect. Runs started
before that (no `SCHEDULES_PATCH` marker) keep their old behaviour until they continue as new.

History stays short: after `max_cycles` cycles, or when Temporal suggests it, the run waits for running
handlers and continues as new with its state.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.connection import ConnectionActivities
    from activities.connection_models import (
        ConnectionRef,
        ConnectionResult,
        ConnectionSchedulesRequest,
        ConnectionSettings,
        ConnectionStatusView,
        ConnectionWorkflowInput,
        HealthChange,
        HealthStatus,
        ScheduleTarget,
    )
    from activities.connection_schedules import ensure_connection_schedules_activity
    from activities.subscriptions import SubscriptionActivities
    from workflows.failures import activity_error_type, needs_reauth
    from workflows.options import API_RETRY, LEDGER_WRITE, ActivityOptions

REFRESH_INTERVAL = timedelta(minutes=55)

TOKEN_REFRESH = ActivityOptions(
    start_to_close_timeout=timedelta(seconds=60),
    schedule_to_close_timeout=timedelta(minutes=10),
    retry_policy=API_RETRY,
)
"""One token request at most per attempt; gives up well before the current token expires (10 min ahead)."""

SUBSCRIPTIONS = ActivityOptions(
    start_to_close_timeout=timedelta(minutes=2),
    schedule_to_close_timeout=timedelta(minutes=15),
    retry_policy=API_RETRY,
)
"""List/create/update/delete BILL webhook subscriptions of one organization."""

SCHEDULES = ActivityOptions(
    start_to_close_timeout=timedelta(seconds=30),
    schedule_to_close_timeout=timedelta(minutes=10),
    retry_policy=API_RETRY,
)
"""Create/update/pause/delete the connection's Schedules (a few Temporal calls)."""

SCHEDULES_PATCH = "connection-owns-schedules"

SWEEP_MINUTES = (5, 1440)
VENDOR_SYNC_MINUTES = (15, 10080)
ACCOUNT_SYNC_MINUTES = (60, 10080)
"""Accepted ranges (inclusive) of the settings update."""

SCHEDULE_TARGETS: dict[HealthStatus, ScheduleTarget] = {
    "active": "running",
    "paused": "paused",
    "needs_reauth": "paused",
}


def connection_workflow_id(connection_id: str) -> str:
    """Id of the connection's workflow (one per connection)."""
    return f"connection/{connection_id}"


@workflow.defn
class ConnectionWorkflow:
    """See the module docstring."""

    @workflow.init
    def __init__(self, params: ConnectionWorkflowInput) -> None:
        self._state = params
        self._cycle = 0
        self._wake = False
        self._disconnect = False
        self._health_lock = asyncio.Lock()
        self._owns_schedules = False
        self._settings_changed = False
        """Wakes the cycle's wait: the Schedules must take the new intervals."""
        self._schedules_stale = False
        """The Schedules must be brought in line at the next cycle (run start, or the last attempt failed)."""

    @workflow.run
    async def run(self, params: ConnectionWorkflowInput) -> ConnectionResult:
        """Refresh, keep health, subscriptions and Schedules until disconnected (continuing as new along the way)."""
        self._owns_schedules = workflow.patched(SCHEDULES_PATCH)
        self._schedules_stale = self._owns_schedules
        while not self._disconnect and self._cycle < self._state.max_cycles:
            if self._schedules_stale:
                await self._sync_schedules()
            if self._state.status == "active":
                await self._refresh_token()
            if self._state.status == "active" and not self._state.subscribed:
                await self._subscribe()
            await self._wait_for_next_cycle()
            if workflow.info().is_continue_as_new_suggested():
                break
        await workflow.wait_condition(workflow.all_handlers_finished)
        if self._disconnect:
            if self._owns_schedules:
                async with self._health_lock:
                    await self._apply_schedules("deleted")
            return await self._remove_subscriptions()
        workflow.continue_as_new(self._state)

    async def _wait_for_next_cycle(self) -> None:
        """Sleep 55 minutes while active, until woken otherwise (no token requests while paused or unauthorized).

        A settings change wakes the wait only to update the Schedules; the cycle keeps its deadline.
        """
        deadline = workflow.now() + REFRESH_INTERVAL if self._state.status == "active" else None
        while True:
            timeout = None if deadline is None else deadline - workflow.now()
            if timeout is not None and timeout <= timedelta(0):
                break
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._wake or self._disconnect or self._settings_changed, timeout=timeout
                )
            if self._wake or self._disconnect or not self._settings_changed:
                break
            self._settings_changed = False
            await self._sync_schedules()
        self._wake = False
        self._cycle += 1

    async def _sync_schedules(self) -> None:
        async with self._health_lock:
            await self._apply_schedules(SCHEDULE_TARGETS[self._state.status])

    async def _apply_schedules(self, target: ScheduleTarget) -> None:
        """Bring the Schedules to `target` (caller holds the health lock); a failure is retried next cycle, except
        on disconnect, which then fails (nothing else is removed; disconnecting again retries)."""
        self._schedules_stale = False
        request = ConnectionSchedulesRequest(
            connection_id=self._state.connection_id, target=target, settings=self._state.settings
        )
        try:
            await workflow.execute_activity(ensure_connection_schedules_activity, request, **SCHEDULES)
        except ActivityError as err:
            if target == "deleted":
                raise
            workflow.logger.warning("schedules not %s, retrying next cycle: %s", target, activity_error_type(err))
            self._schedules_stale = True

    async def _refresh_token(self) -> None:
        try:
            result = await workflow.execute_activity_method(
                ConnectionActivities.refresh_zoho_token, self._ref(), **TOKEN_REFRESH
            )
        except ActivityError as err:
            if needs_reauth(err):
                await self._set_health("needs_reauth", "Zoho rejected the grant's refresh token: re-authorize")
            else:
                workflow.logger.warning("token refresh failed, retrying next cycle: %s", activity_error_type(err))
            return
        self._state = self._state.model_copy(
            update={
                "token_expires_at": result.expires_at,
                "token_refreshes": self._state.token_refreshes + int(result.refreshed),
            }
        )

    async def _subscribe(self) -> None:
        try:
            await workflow.execute_activity_method(
                SubscriptionActivities.ensure_bill_subscriptions, self._ref(), **SUBSCRIPTIONS
            )
        except ActivityError as err:
            if needs_reauth(err):
                await self._set_health("needs_reauth", "BILL rejected the organization's credentials: re-authorize")
            else:
                reason = activity_error_type(err)
                workflow.logger.warning("BILL subscriptions not ensured, retrying next cycle: %s", reason)
            return
        self._state = self._state.model_copy(update={"subscribed": True})

    async def _remove_subscriptions(self) -> ConnectionResult:
        removal = await workflow.execute_activity_method(
            SubscriptionActivities.remove_bill_subscriptions, self._ref(), **SUBSCRIPTIONS
        )
        return ConnectionResult(connection_id=self._state.connection_id, subscriptions_deleted=removal.deleted)

    async def _set_health(self, status: HealthStatus, reason: str | None) -> None:
        async with self._health_lock:
            self._state = self._state.model_copy(update={"status": status, "reason": reason})
            change = HealthChange(connection_id=self._state.connection_id, status=status, reason=reason)
            await workflow.execute_activity_method(
                ConnectionActivities.record_connection_health, change, **LEDGER_WRITE
            )
            if self._owns_schedules:
                await self._apply_schedules(SCHEDULE_TARGETS[status])

    def _ref(self) -> ConnectionRef:
        return ConnectionRef(connection_id=self._state.connection_id)

    @workflow.update
    async def pause(self) -> ConnectionStatusView:
        """Stop token requests (and, with schedules, syncing) until `resume`."""
        await self._set_health("paused", "paused by an operator")
        return self.status()

    @pause.validator
    def _validate_pause(self) -> None:
        if self._state.status == "needs_reauth":
            raise ValueError("the connection needs re-authorization; pausing would hide that")

    @workflow.update
    async def resume(self) -> ConnectionStatusView:
        """Back to `active`; refreshes at once."""
        await self._set_health("active", None)
        self._wake = True
        return self.status()

    @resume.validator
    def _validate_resume(self) -> None:
        if self._state.status != "paused":
            raise ValueError(f"only a paused connection can resume (it is {self._state.status})")

    @workflow.update
    async def reauth_complete(self) -> ConnectionStatusView:
        """New credentials are stored: back to `active`, refresh at once (an access token minted from a replaced
        refresh token is never reused, see `activities.grant_tokens`)."""
        await self._set_health("active", None)
        self._wake = True
        return self.status()

    @reauth_complete.validator
    def _validate_reauth(self) -> None:
        if self._state.status == "paused":
            raise ValueError("the connection is paused; resume it to use the new credentials")

    @workflow.update
    def update_settings(self, settings: ConnectionSettings) -> ConnectionStatusView:
        """Replace the connection's settings (validated before anything reaches history); the Schedules take
        the new intervals."""
        self._state = self._state.model_copy(update={"settings": settings})
        self._settings_changed = self._owns_schedules
        return self.status()

    @update_settings.validator
    def _validate_settings(self, settings: ConnectionSettings) -> None:
        checks = (
            ("sweep_interval_minutes", settings.sweep_interval_minutes, SWEEP_MINUTES),
            ("vendor_sync_interval_minutes", settings.vendor_sync_interval_minutes, VENDOR_SYNC_MINUTES),
            ("account_sync_interval_minutes", settings.account_sync_interval_minutes, ACCOUNT_SYNC_MINUTES),
        )
        for name, value, (low, high) in checks:
            if not low <= value <= high:
                raise ValueError(f"{name} must be between {low} and {high}")

    @workflow.signal
    def disconnect(self) -> None:
        """Delete the Schedules, remove the BILL webhook subscriptions (or hand them to another connection of
        the org) and end."""
        self._disconnect = True

    @workflow.query
    def status(self) -> ConnectionStatusView:
        """Health, settings and refresh counters of the connection."""
        state = self._state
        return ConnectionStatusView(
            connection_id=state.connection_id,
            status=state.status,
            reason=state.reason,
            settings=state.settings,
            subscribed=state.subscribed,
            token_refreshes=state.token_refreshes,
            token_expires_at=state.token_expires_at,
            cycle=self._cycle,
        )
