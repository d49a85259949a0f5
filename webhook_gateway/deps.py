"""What the gateway needs, as narrow interfaces (the persistence repositories satisfy them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr
from temporalio.client import Client

from common.settings import Settings
from persistence.receipts import NewReceipt


class KnownConnection(Protocol):
    """The fields of a stored connection the gateway reads."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def zoho_org_id(self) -> str: ...

    @property
    def bill_org_id(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def status_reason(self) -> str | None: ...


class ConnectionLookup(Protocol):
    """Finds connections (sync: called in a worker thread)."""

    def get(self, connection_id: str) -> KnownConnection | None: ...

    def list(self) -> Sequence[KnownConnection]: ...


class SecretLookup(Protocol):
    """Reads one decrypted secret (sync: called in a worker thread)."""

    def get(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr | None: ...


class SubscriptionLookup(Protocol):
    """The BILL webhook subscriptions of a BILL organization (their keys are in the `SecretLookup`)."""

    def ids_for_org(self, bill_org_id: str) -> list[str]: ...


class MappingLookup(Protocol):
    """Finds the Zoho id linked to a BILL id."""

    def zoho_id_for(self, connection_id: str, entity: str, bill_id: str) -> str | None: ...


class KnownRecord(Protocol):
    """The field of a sync record the gateway reads."""

    @property
    def id(self) -> str: ...


class SyncRecordLookup(Protocol):
    """Finds the sync record of a Zoho record."""

    def get(self, zoho_org_id: str, entity: str, zoho_id: str) -> KnownRecord | None: ...


class ReceiptRecorder(Protocol):
    """Records an accepted event once; False when it was recorded before."""

    def record(self, receipt: NewReceipt) -> bool: ...


@dataclass(frozen=True)
class BillWebhookDeps:
    """What the BILL webhook route reads and writes besides connections and secrets."""

    subscriptions: SubscriptionLookup
    mappings: MappingLookup
    records: SyncRecordLookup
    receipts: ReceiptRecorder


@dataclass(frozen=True)
class GatewayDeps:
    """Everything `create_app` wires: settings, one Temporal client and the store lookups.

    `bill` is None in set-ups that only exercise the Zoho route; the BILL route is then not served.
    """

    settings: Settings
    temporal: Client
    connections: ConnectionLookup
    secrets: SecretLookup
    bill: BillWebhookDeps | None = None
