"""Connecting Zoho and BILL: OAuth state, the Zoho authorization-code and BILL login onboarding, and health.

Used by the gateway's `/oauth/zoho/*` routes and by `ml-connector connect` / `connections`. Secrets go
straight to the encrypted credential store; nothing here touches Temporal payloads.
"""
