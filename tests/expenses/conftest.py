"""The account-sync fixtures (emulators, store, time-skipping server) and the gateway's fixture serve the
expense tests."""

from tests.account_sync.conftest import seeded, time_skipping_env
from tests.gateway.conftest import gateway, temporal_env

__all__ = ["gateway", "seeded", "temporal_env", "time_skipping_env"]
