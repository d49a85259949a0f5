"""`VendorSyncActivities.sync_vendors`: one vendor sync of one connection, serialized per connection."""

from __future__ import annotations

from temporalio import activity

from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.locks import KeyedLocks
from activities.store import ConnectorStore
from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from activities.vendor_sync.policy import Ownership
from activities.vendor_sync.run import RunContext, VendorSyncRun
from activities.vendor_sync.store import VendorSyncStore


class VendorSyncActivities:
    """Activities of `VendorSyncWorkflow`."""

    def __init__(
        self, clients: ConnectionClients, store: ConnectorStore, vendors: VendorSyncStore, ownership: Ownership
    ) -> None:
        self._clients, self._store, self._vendors, self._ownership = clients, store, vendors, ownership
        self._locks = KeyedLocks()

    @activity.defn
    async def sync_vendors(self, params: VendorSyncInput) -> VendorSyncResult:
        """Scan, match, merge and write both sides (or only count, when `dry_run`). Safe to retry: a re-run reads
        its own writes as unchanged and re-links a created vendor by the identity rules."""
        info = activity.info()
        with raising_application_errors():
            connection = await self._clients.connection(params.connection_id)
            zoho = await self._clients.zoho(connection)
            bill = await self._clients.bill(connection)
            ctx = RunContext(
                connection=connection,
                zoho=zoho,
                bill=bill,
                store=self._store,
                vendors=self._vendors,
                ownership=self._ownership,
                params=params,
                workflow=(info.workflow_id, info.workflow_run_id),
            )
            async with self._locks.hold(connection.id):
                return await VendorSyncRun(ctx).run()
