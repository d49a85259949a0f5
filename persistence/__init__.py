"""Connector database: connections, encrypted credentials, id mappings, sync records, audit events."""
