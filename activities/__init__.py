"""Temporal activities: load secrets, call a client, persist; convert errors at the boundary."""
