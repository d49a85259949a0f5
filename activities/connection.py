"""Activities of `ConnectionWorkflow`: keep the grant's Zoho token fresh, mirror health into the store.

Both are idempotent: the token activity reuses a fresh stored token instead of minting, and writing the same
health twice changes nothing.
"""

from __future__ import annotations

import asyncio
import logging

from temporalio import activity

from activities.connection_models import ConnectionRef, GrantTokenResult, HealthChange
from activities.errors import raising_application_errors
from activities.grant_tokens import REFRESH_AHEAD, SharedGrantTokens
from activities.store import ConnectorStore
from common.errors import NotFound
from persistence.tables import Connection

log = logging.getLogger(__name__)


class ConnectionActivities:
    """Token refresh and health mirroring for one worker process."""

    def __init__(self, store: ConnectorStore, tokens: SharedGrantTokens) -> None:
        self._store = store
        self._tokens = tokens

    @activity.defn
    async def refresh_zoho_token(self, ref: ConnectionRef) -> GrantTokenResult:
        """Make the grant's shared access token last past the next cycle; mint only if it would not.

        A revoked or unknown refresh token raises `AuthRejected` (non-retryable); `SharedGrantTokens` has then
        put the grant's connections in `needs_reauth`, so nothing asks Zoho with it again.
        """
        with raising_application_errors():
            connection = await self._connection(ref.connection_id)
            token, minted = await self._tokens.ensure(connection, min_remaining=REFRESH_AHEAD)
        if minted:
            log.info("zoho access token minted for grant %s (connection %s)", connection.zoho_grant_id, connection.id)
        return GrantTokenResult(grant_id=connection.zoho_grant_id, refreshed=minted, expires_at=token.expires_at)

    @activity.defn
    async def record_connection_health(self, change: HealthChange) -> None:
        """Write the connection's health (and why) to the store, where the CLI and the gateway read it."""
        with raising_application_errors():
            await asyncio.to_thread(
                self._store.connections.set_status, change.connection_id, change.status, change.reason
            )
        level = logging.INFO if change.status == "active" else logging.WARNING
        because = f": {change.reason}" if change.reason else ""
        log.log(level, "connection %s is %s%s", change.connection_id, change.status, because)

    async def _connection(self, connection_id: str) -> Connection:
        connection = await asyncio.to_thread(self._store.connections.get, connection_id)
        if connection is None:
            raise NotFound(f"connection {connection_id} does not exist", service="connector")
        return connection
