"""Alembic migrations of the connector's tables, run programmatically (no alembic.ini): see `runner`."""
