"""The fault-injection suite (`pytest -m fault`) and the invariants every run asserts."""
