"""Alembic revisions (plain .py files so they ship with the package)."""
