"""Chart of accounts both ways: Zoho Books chart of accounts ⇄ BILL chart-of-accounts classifications."""

from activities.account_sync.activities import AccountSyncActivities

__all__ = ["AccountSyncActivities"]
