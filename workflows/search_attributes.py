"""The custom Search Attributes the connector's workflows upsert, so the Temporal Web UI can filter bills.

All are Keywords and hold ids or a status only (never a name, amount or secret). A server must know them
before a workflow upserts them: `temporal server start-dev --search-attribute` (`worker.dev_server`), the
test environments (`tests.temporal_env`), or `worker.search_attributes.register_search_attributes` (or
`temporal operator search-attribute create`) for a production namespace.
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

ZOHO_ORG_ID = SearchAttributeKey.for_keyword("ZohoOrgId")
ZOHO_BILL_ID = SearchAttributeKey.for_keyword("ZohoBillId")
BILL_BILL_ID = SearchAttributeKey.for_keyword("BillBillId")
SYNC_STATUS = SearchAttributeKey.for_keyword("SyncStatus")

CUSTOM_SEARCH_ATTRIBUTES: tuple[SearchAttributeKey[str], ...] = (ZOHO_ORG_ID, ZOHO_BILL_ID, BILL_BILL_ID, SYNC_STATUS)
"""Every custom Search Attribute, for registration."""
