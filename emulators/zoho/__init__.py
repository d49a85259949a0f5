"""Strict in-memory emulator of Zoho Accounts (OAuth 2.0) and Zoho Books v3 for every data centre."""

from emulators.zoho.emulator import ZohoEmulator
from emulators.zoho.stats import ZohoStats
from emulators.zoho.webhooks import SIGNATURE_HEADER, WebhookDelivery, sign

__all__ = ["SIGNATURE_HEADER", "WebhookDelivery", "ZohoEmulator", "ZohoStats", "sign"]
