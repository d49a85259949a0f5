"""CredentialStore's per-process cache: answers from memory for `cache_ttl`, then re-reads and decrypts only
a changed ciphertext; its own writes are seen at once, another store's writes after at most `cache_ttl`."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, event

from persistence.crypto import CredentialCipher
from persistence.errors import CredentialUnreadable
from persistence.repositories import CredentialStore

KEY = ("zoho_grant", "g1", "zoho_access_token")
TTL = 2.0


class Clock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _read(store: CredentialStore) -> str | None:
    secret = store.get(*KEY)
    return None if secret is None else secret.get_secret_value()


def _cached_store(engine: Engine, cipher: CredentialCipher, clock: Clock) -> CredentialStore:
    return CredentialStore(engine, cipher, cache_ttl=TTL, monotonic=clock)


def test_another_stores_write_is_seen_once_the_ttl_has_passed(engine: Engine, cipher: CredentialCipher) -> None:
    clock, other = Clock(), CredentialStore(engine, cipher)
    worker = _cached_store(engine, cipher, clock)
    other.put(*KEY, SecretStr("first"))
    assert _read(worker) == "first"
    other.put(*KEY, SecretStr("second"))
    clock.now += TTL / 2
    assert _read(worker) == "first"  # within the TTL: from memory
    clock.now += TTL / 2
    assert _read(worker) == "second"
    other.delete(*KEY)
    assert _read(worker) == "second"
    clock.now += TTL
    assert _read(worker) is None


def test_own_writes_are_seen_at_once(engine: Engine, cipher: CredentialCipher) -> None:
    worker = _cached_store(engine, cipher, Clock())
    worker.put(*KEY, SecretStr("first"))
    assert _read(worker) == "first"
    worker.put(*KEY, SecretStr("second"))
    assert _read(worker) == "second"
    assert worker.delete(*KEY)
    assert _read(worker) is None


def test_unchanged_ciphertext_is_not_decrypted_again(
    engine: Engine, cipher: CredentialCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    CredentialStore(engine, cipher).put(*KEY, SecretStr("first"))
    worker = _cached_store(engine, cipher, clock)
    decrypted: list[bytes] = []
    real_decrypt = cipher.decrypt

    def counting(ciphertext: bytes) -> str:
        decrypted.append(ciphertext)
        return real_decrypt(ciphertext)

    monkeypatch.setattr(cipher, "decrypt", counting)
    for _ in range(3):
        assert _read(worker) == "first"
        clock.now += TTL
    assert len(decrypted) == 1
    CredentialStore(engine, cipher).put(*KEY, SecretStr("second"))
    assert _read(worker) == "second"
    assert len(decrypted) == 2


@pytest.mark.parametrize("cached", [False, True], ids=["no ttl", "kind not cached"])
def test_uncached_reads_go_to_the_database(engine: Engine, cipher: CredentialCipher, cached: bool) -> None:
    key = ("connection", "c1", "zoho_webhook_secret") if cached else KEY
    reader = _cached_store(engine, cipher, Clock()) if cached else CredentialStore(engine, cipher)
    writer = CredentialStore(engine, cipher)
    writer.put(*key, SecretStr("first"))
    assert (reader.get(*key) or SecretStr("")).get_secret_value() == "first"
    writer.put(*key, SecretStr("second"))
    assert (reader.get(*key) or SecretStr("")).get_secret_value() == "second"
    writer.delete(*key)
    assert reader.get(*key) is None


def test_one_query_reads_the_owners_cached_kinds_and_absent_ones_stay_absent_for_the_ttl(
    engine: Engine, cipher: CredentialCipher
) -> None:
    clock, other = Clock(), CredentialStore(engine, cipher)
    worker = _cached_store(engine, cipher, clock)
    other.put("zoho_grant", "g1", "zoho_refresh_token", SecretStr("refresh"))
    other.put("zoho_grant", "g1", "zoho_access_token", SecretStr("access"))
    statements: list[str] = []

    def note(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert (worker.get("zoho_grant", "g1", "zoho_refresh_token") or SecretStr("")).get_secret_value() == "refresh"
        assert (worker.get("zoho_grant", "g1", "zoho_access_token") or SecretStr("")).get_secret_value() == "access"
        assert worker.get("zoho_grant", "g1", "zoho_rejected_refresh_token") is None
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    other.put("zoho_grant", "g1", "zoho_rejected_refresh_token", SecretStr("fingerprint"))
    assert worker.get("zoho_grant", "g1", "zoho_rejected_refresh_token") is None
    clock.now += TTL
    rejected = worker.get("zoho_grant", "g1", "zoho_rejected_refresh_token")
    assert rejected is not None
    assert rejected.get_secret_value() == "fingerprint"


def test_an_unreadable_sibling_does_not_fail_the_wanted_secret(engine: Engine, cipher: CredentialCipher) -> None:
    stranger = CredentialStore(engine, CredentialCipher([CredentialCipher.generate_key()]))
    stranger.put("zoho_grant", "g1", "zoho_access_token", SecretStr("sealed by another key"))
    CredentialStore(engine, cipher).put("zoho_grant", "g1", "zoho_refresh_token", SecretStr("refresh"))
    worker = _cached_store(engine, cipher, Clock())
    assert (worker.get("zoho_grant", "g1", "zoho_refresh_token") or SecretStr("")).get_secret_value() == "refresh"
    with pytest.raises(CredentialUnreadable):
        worker.get("zoho_grant", "g1", "zoho_access_token")
