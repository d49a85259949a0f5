"""Typed errors of the connector database. Messages name ids and kinds, never secret values."""

from __future__ import annotations


class PersistenceError(Exception):
    """Base of every error raised by the repositories."""


class CredentialMissing(PersistenceError):
    """No credential of that kind is stored for the owner."""

    def __init__(self, owner_kind: str, owner_id: str, kind: str) -> None:
        super().__init__(f"no {kind} stored for {owner_kind} {owner_id}")
        self.owner_kind, self.owner_id, self.kind = owner_kind, owner_id, kind


class CredentialUnreadable(PersistenceError):
    """A stored credential cannot be decrypted with any configured key (a key was dropped too early)."""


class MappingConflict(PersistenceError):
    """The BILL id is already linked to a different Zoho id of the same entity in this connection."""

    def __init__(self, connection_id: str, entity: str, bill_id: str, linked_zoho_id: str) -> None:
        super().__init__(
            f"{entity} {bill_id} of connection {connection_id} is already linked to Zoho {entity} {linked_zoho_id}"
        )
        self.connection_id, self.entity, self.bill_id, self.linked_zoho_id = (
            connection_id,
            entity,
            bill_id,
            linked_zoho_id,
        )


class UnknownConnection(PersistenceError):
    """The connection id does not exist."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(f"connection {connection_id} does not exist")
        self.connection_id = connection_id


class UnknownGrant(PersistenceError):
    """The Zoho grant id does not exist."""

    def __init__(self, grant_id: str) -> None:
        super().__init__(f"Zoho grant {grant_id} does not exist")
        self.grant_id = grant_id


class ConnectionConflict(PersistenceError):
    """A connection with that id, or for that Zoho organization, already exists."""


class UnknownSyncRecord(PersistenceError):
    """The sync record id does not exist."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"sync record {record_id} does not exist")
        self.record_id = record_id
