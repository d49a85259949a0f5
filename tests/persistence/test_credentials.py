"""CredentialStore: secrets are sealed at rest, readable only with a configured key, and rotatable."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import select

from persistence.crypto import CredentialCipher
from persistence.db import session_scope
from persistence.errors import CredentialMissing, CredentialUnreadable
from persistence.repositories import CredentialStore
from persistence.tables import Credential

REFRESH_TOKEN = "1000.8c1e2b7f.refresh"
PASSWORD = "correct horse battery staple"


def _rows(engine: Engine) -> list[Credential]:
    with session_scope(engine) as session:
        return list(session.exec(select(Credential)))


def test_put_then_get_returns_the_secret_and_stores_only_ciphertext(engine: Engine, cipher: CredentialCipher) -> None:
    store = CredentialStore(engine, cipher)
    store.put("zoho_grant", "g1", "zoho_refresh_token", SecretStr(REFRESH_TOKEN))
    secret = store.get("zoho_grant", "g1", "zoho_refresh_token")
    assert secret is not None
    assert secret.get_secret_value() == REFRESH_TOKEN
    [row] = _rows(engine)
    assert REFRESH_TOKEN.encode() not in row.ciphertext
    assert row.key_id == cipher.key_id
    assert REFRESH_TOKEN not in repr(row)


def test_put_replaces_the_previous_secret(engine: Engine, cipher: CredentialCipher) -> None:
    store = CredentialStore(engine, cipher)
    store.put("bill_org", "0080A", "bill_password", SecretStr("old password"))
    store.put("bill_org", "0080A", "bill_password", SecretStr(PASSWORD))
    assert store.require("bill_org", "0080A", "bill_password").get_secret_value() == PASSWORD
    assert len(_rows(engine)) == 1


def test_secrets_are_kept_apart_by_owner_and_kind(engine: Engine, cipher: CredentialCipher) -> None:
    store = CredentialStore(engine, cipher)
    store.put("bill_org", "0080A", "bill_password", SecretStr("a"))
    store.put("bill_org", "0080B", "bill_password", SecretStr("b"))
    store.put("bill_org", "0080A", "bill_dev_key", SecretStr("c"))
    assert store.require("bill_org", "0080A", "bill_password").get_secret_value() == "a"
    assert store.require("bill_org", "0080B", "bill_password").get_secret_value() == "b"
    assert store.require("bill_org", "0080A", "bill_dev_key").get_secret_value() == "c"


def test_missing_secrets(engine: Engine, cipher: CredentialCipher) -> None:
    store = CredentialStore(engine, cipher)
    assert store.get("connection", "c1", "zoho_webhook_secret") is None
    with pytest.raises(CredentialMissing, match="no zoho_webhook_secret stored for connection c1"):
        store.require("connection", "c1", "zoho_webhook_secret")


def test_delete_forgets_the_secret(engine: Engine, cipher: CredentialCipher) -> None:
    store = CredentialStore(engine, cipher)
    store.put("subscription", "s1", "bill_security_key", SecretStr("k"))
    assert store.delete("subscription", "s1", "bill_security_key") is True
    assert store.get("subscription", "s1", "bill_security_key") is None
    assert store.delete("subscription", "s1", "bill_security_key") is False


def test_unknown_owner_kind_is_rejected(engine: Engine, cipher: CredentialCipher) -> None:
    with pytest.raises(ValueError, match="user"):
        CredentialStore(engine, cipher).put("user", "u1", "password", SecretStr(PASSWORD))
    assert _rows(engine) == []


def test_a_store_with_the_wrong_key_cannot_read_and_does_not_echo(engine: Engine, cipher: CredentialCipher) -> None:
    CredentialStore(engine, cipher).put("bill_org", "0080A", "bill_password", SecretStr(PASSWORD))
    stranger = CredentialStore(engine, CredentialCipher([CredentialCipher.generate_key()]))
    with pytest.raises(CredentialUnreadable, match="bill_password of bill_org 0080A") as raised:
        stranger.get("bill_org", "0080A", "bill_password")
    assert PASSWORD not in str(raised.value)


def test_rotation_moves_every_secret_to_the_new_key_so_the_old_key_can_be_dropped(engine: Engine) -> None:
    old, new = CredentialCipher.generate_key(), CredentialCipher.generate_key()
    old_cipher, new_cipher = CredentialCipher([old]), CredentialCipher([new])
    before = CredentialStore(engine, old_cipher)
    before.put("zoho_grant", "g1", "zoho_refresh_token", SecretStr(REFRESH_TOKEN))
    before.put("bill_org", "0080A", "bill_password", SecretStr(PASSWORD))

    during = CredentialStore(engine, CredentialCipher([new, old]))
    during.put("bill_org", "0080A", "bill_dev_key", SecretStr("dev-key"))  # already under the new key
    assert during.key_ids_in_use() == {old_cipher.key_id, new_cipher.key_id}
    assert during.rotate_all() == 2
    assert during.rotate_all() == 0
    assert during.key_ids_in_use() == {new_cipher.key_id}

    after = CredentialStore(engine, new_cipher)
    assert after.require("zoho_grant", "g1", "zoho_refresh_token").get_secret_value() == REFRESH_TOKEN
    assert after.require("bill_org", "0080A", "bill_password").get_secret_value() == PASSWORD
    assert after.require("bill_org", "0080A", "bill_dev_key").get_secret_value() == "dev-key"
    with pytest.raises(CredentialUnreadable):
        before.get("bill_org", "0080A", "bill_password")


def test_rotation_stops_at_a_secret_no_configured_key_opens(engine: Engine, cipher: CredentialCipher) -> None:
    CredentialStore(engine, cipher).put("bill_org", "0080A", "bill_password", SecretStr(PASSWORD))
    dropped_too_early = CredentialStore(engine, CredentialCipher([CredentialCipher.generate_key()]))
    with pytest.raises(CredentialUnreadable, match="bill_password of bill_org 0080A"):
        dropped_too_early.rotate_all()
    assert CredentialStore(engine, cipher).require("bill_org", "0080A", "bill_password").get_secret_value() == PASSWORD


def test_rotation_never_overwrites_a_secret_replaced_meanwhile(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = CredentialCipher.generate_key(), CredentialCipher.generate_key()
    CredentialStore(engine, CredentialCipher([old])).put("bill_org", "0080A", "bill_password", SecretStr("old"))
    both = CredentialCipher([new, old])
    store = CredentialStore(engine, both)
    real_rotate = both.rotate

    def rotate_while_an_operator_replaces_it(token: bytes) -> bytes:
        CredentialStore(engine, both).put("bill_org", "0080A", "bill_password", SecretStr(PASSWORD))
        return real_rotate(token)

    monkeypatch.setattr(both, "rotate", rotate_while_an_operator_replaces_it)
    assert store.rotate_all() == 0
    assert store.require("bill_org", "0080A", "bill_password").get_secret_value() == PASSWORD
