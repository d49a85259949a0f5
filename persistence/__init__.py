"""Connector database: connections, encrypted credentials, id mappings, sync records, audit events, webhook
receipts and BILL subscriptions."""

import persistence.bill_subscriptions
import persistence.receipts  # noqa: F401  (these modules register their tables on SQLModel.metadata)
