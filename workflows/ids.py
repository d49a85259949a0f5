"""Business-key workflow ids, built in one place (the gateway and the workflows use the same function)."""

from __future__ import annotations


def bill_workflow_id(zoho_org_id: str, zoho_bill_id: str) -> str:
    """Id of the `BillSyncWorkflow` for one Zoho bill: duplicates of its webhook collapse onto it."""
    return f"bill/{zoho_org_id}/{zoho_bill_id}"
