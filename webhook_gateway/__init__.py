"""Starlette gateway: verifies webhooks and starts or signals workflows; never calls Zoho or BILL."""
