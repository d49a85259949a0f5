"""What the gateway needs, as narrow interfaces (the persistence repositories satisfy them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr
from temporalio.client import Client

from common.settings import Settings


class KnownConnection(Protocol):
    """The fields of a stored connection the gateway reads."""

    @property
    def id(self) -> str: ...

    @property
    def zoho_org_id(self) -> str: ...


class ConnectionLookup(Protocol):
    """Finds a connection by id (sync: called in a worker thread)."""

    def get(self, connection_id: str) -> KnownConnection | None: ...


class SecretLookup(Protocol):
    """Reads one decrypted secret (sync: called in a worker thread)."""

    def get(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr | None: ...


@dataclass(frozen=True)
class GatewayDeps:
    """Everything `create_app` wires: settings, one Temporal client and the two store lookups."""

    settings: Settings
    temporal: Client
    connections: ConnectionLookup
    secrets: SecretLookup
