"""The e2e stack (real emulators, store, gateway, worker and Temporal dev server) for the reconcile tests."""

from tests.e2e.conftest import local_env, seeded, stack

__all__ = ["local_env", "seeded", "stack"]
