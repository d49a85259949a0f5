"""The account-sync fixtures (emulators, store, time-skipping server) serve the purchase-order tests too."""

from tests.account_sync.conftest import seeded, time_skipping_env

__all__ = ["seeded", "time_skipping_env"]
