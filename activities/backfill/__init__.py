"""Backfill activities: list pages, bulk-create fresh bills under claims."""
