"""The guarantees every fault run must end with, checked against the emulators, the store and Temporal.

`assert_invariants` runs all of them: per connected organization the BILL bill count equals the Zoho bill
count, no BILL bill is duplicated (vendor + invoice number), no Zoho bill is lost (each has a synced record
whose BILL bill exists, or a visible failure state with its reason), every failure is in the audit trail,
and no secret (stored credentials, and every access token and session id the emulators issued) appears in
the decoded workflow histories or the captured logs. The checks take plain parts (`World`) so in-process
stacks and process-level harnesses can share them.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import SecretStr
from temporalio.client import Client

from activities.store import ConnectorStore
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator
from persistence.views import SyncRecordView
from persistence.vocabulary import CredentialKind, OwnerKind, SyncStatus

BILL_ENTITY = "bill"
PAYLOAD_DATA = re.compile(r'"data": "([A-Za-z0-9+/=]+)"')
HISTORY_FETCHES = 16
"""Histories fetched at once by the secret scan."""

VISIBLE_FAILURES = frozenset({SyncStatus.NEEDS_MAPPING, SyncStatus.NEEDS_REAUTH, SyncStatus.SKIPPED, SyncStatus.FAILED})
"""End states that are not `synced` but say why: each must carry a reason and an audit event of its name."""


@dataclass(frozen=True)
class OrgPair:
    """One connection: a Zoho organization and the BILL organization it syncs to."""

    connection_id: str
    zoho_org_id: str
    bill_org_id: str


@dataclass(frozen=True)
class World:
    """What the invariants read: the emulators (the truth on both sides), the connector's store, Temporal."""

    zoho: ZohoEmulator
    bill: BillEmulator
    store: ConnectorStore
    settings: Settings
    client: Client
    pairs: Sequence[OrgPair]
    extra_secrets: Sequence[str] = field(default_factory=tuple)
    """Secrets beyond the stored credentials (e.g. tokens a test issued itself)."""


def with_decoded_payloads(history_json: str) -> str:
    """The history JSON plus the decoded bytes of every base64 payload `data` field in it."""
    decoded = [base64.b64decode(data).decode(errors="replace") for data in PAYLOAD_DATA.findall(history_json)]
    return "\n".join([history_json, *decoded])


def connection_secrets(store: ConnectorStore, settings: Settings, connection_id: str) -> list[str]:
    """Every stored secret a connection uses (refresh token, webhook secret, BILL devKey and password) and
    the deployment's Zoho client secret; fails if one of them is missing from the store."""
    connection = store.connections.get(connection_id)
    assert connection is not None, f"unknown connection {connection_id}"
    stored: list[SecretStr | None] = [
        store.credentials.get(OwnerKind.ZOHO_GRANT, connection.zoho_grant_id, CredentialKind.ZOHO_REFRESH_TOKEN),
        store.credentials.get(OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET),
        store.credentials.get(OwnerKind.BILL_ORG, connection.bill_org_id, CredentialKind.BILL_DEV_KEY),
        store.credentials.get(OwnerKind.BILL_ORG, connection.bill_org_id, CredentialKind.BILL_PASSWORD),
        settings.zoho_client_secret,
    ]
    assert all(secret is not None for secret in stored), f"a secret of {connection_id} is not stored"
    return [secret.get_secret_value() for secret in stored if secret is not None]


def bill_records(world: World, pair: OrgPair) -> dict[str, SyncRecordView]:
    """The sync record of every Zoho bill of the organization that has one, by Zoho bill id."""
    records = {}
    for bill in world.zoho.bills(pair.zoho_org_id):
        record = world.store.records.get(pair.zoho_org_id, BILL_ENTITY, bill["bill_id"])
        if record is not None:
            records[bill["bill_id"]] = record
    return records


def assert_counts_match(world: World) -> None:
    """Per organization: as many BILL bills as Zoho bills (every test enters only billable bills)."""
    for pair in world.pairs:
        zoho_count, bill_count = len(world.zoho.bills(pair.zoho_org_id)), len(world.bill.bills(pair.bill_org_id))
        assert bill_count == zoho_count, f"org {pair.zoho_org_id}: {zoho_count} Zoho bills, {bill_count} in BILL"


def assert_no_duplicates(world: World) -> None:
    """No two BILL bills of an organization share vendor and invoice number."""
    for pair in world.pairs:
        keys = Counter((b["vendorId"], b["invoice"]["invoiceNumber"]) for b in world.bill.bills(pair.bill_org_id))
        duplicated = sorted(key for key, n in keys.items() if n > 1)
        assert not duplicated, f"BILL org {pair.bill_org_id} has duplicate bills: {duplicated[:5]}"


def assert_nothing_lost(world: World) -> None:
    """Every Zoho bill has a record: `synced` to an existing BILL bill with its number, or a visible failure
    state with a reason."""
    for pair in world.pairs:
        in_bill = {b["id"]: b["invoice"]["invoiceNumber"] for b in world.bill.bills(pair.bill_org_id)}
        records = bill_records(world, pair)
        for zoho_bill in world.zoho.bills(pair.zoho_org_id):
            record = records.get(zoho_bill["bill_id"])
            assert record is not None, f"Zoho bill {zoho_bill['bill_number']} has no sync record"
            where = f"Zoho bill {zoho_bill['bill_number']} ({record.status})"
            if record.status == SyncStatus.SYNCED:
                assert record.bill_id is not None, f"{where} without a BILL bill id"
                assert in_bill.get(record.bill_id) == zoho_bill["bill_number"], f"{where}: BILL bill missing"
            else:
                assert record.status in VISIBLE_FAILURES, f"{where} is not in an end state"
                assert record.last_error, f"{where} has no reason"


def assert_failures_audited(world: World) -> None:
    """Every record has an audit trail; a record in a failure state has an event of that state with its reason."""
    for pair in world.pairs:
        for record in bill_records(world, pair).values():
            events = world.store.audit.events(record.id)
            assert events, f"record {record.id} has no audit trail"
            if record.status in VISIBLE_FAILURES:
                reasons = [e.detail.get("reason") for e in events if e.kind == record.status]
                assert record.last_error in reasons, f"record {record.id}: {record.status} is not audited"


async def scanned_histories(world: World) -> list[str]:
    """Decoded histories of every run on the world's task queue and of every record's workflow."""
    query = f'TaskQueue = "{world.settings.task_queue}"'
    runs: set[tuple[str, str | None]] = {(e.id, e.run_id) async for e in world.client.list_workflows(query)}
    listed = {workflow_id for workflow_id, _ in runs}
    for pair in world.pairs:
        for record in bill_records(world, pair).values():
            if record.workflow_id is not None and record.workflow_id not in listed:
                runs.add((record.workflow_id, None))
    gate = asyncio.Semaphore(HISTORY_FETCHES)

    async def fetch(workflow_id: str, run_id: str | None) -> str:
        async with gate:
            history = await world.client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
        return with_decoded_payloads(history.to_json())

    return await asyncio.gather(*(fetch(workflow_id, run_id) for workflow_id, run_id in sorted(runs, key=str)))


async def assert_no_secrets(world: World, logs: Iterable[str]) -> None:
    """No stored secret, no access token or session id the emulators issued, nor an extra secret, in any decoded
    workflow history or captured log line."""
    secrets = {s for pair in world.pairs for s in connection_secrets(world.store, world.settings, pair.connection_id)}
    secrets.update(world.extra_secrets)
    secrets.update(world.zoho.issued_access_tokens())
    secrets.update(world.bill.issued_session_ids())
    histories = await scanned_histories(world)
    assert histories, "no workflow history to scan"
    text = "\n".join([*histories, *logs])
    leaked = sorted(secret[:4] + "…" for secret in secrets if secret in text)
    assert not leaked, f"secrets found in histories or logs (prefixes): {leaked}"


async def assert_invariants(world: World, logs: Iterable[str]) -> None:
    """Every guarantee at the end of a run in which all bills should have reached BILL."""
    assert_counts_match(world)
    assert_no_duplicates(world)
    assert_nothing_lost(world)
    assert_failures_audited(world)
    await assert_no_secrets(world, logs)
