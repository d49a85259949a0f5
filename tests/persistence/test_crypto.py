"""CredentialCipher: sealing, key checks, rotation and what never shows up in text."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from persistence.crypto import CredentialCipher, key_id
from persistence.errors import CredentialUnreadable

PLAINTEXT = "1000.refresh-token-value"


def test_ciphertext_hides_the_plaintext_and_round_trips() -> None:
    cipher = CredentialCipher([CredentialCipher.generate_key()])
    token = cipher.encrypt(PLAINTEXT)
    assert PLAINTEXT.encode() not in token
    assert cipher.encrypt(PLAINTEXT) != token  # random IV per token
    assert cipher.decrypt(token) == PLAINTEXT


def test_a_different_key_cannot_decrypt() -> None:
    token = CredentialCipher([CredentialCipher.generate_key()]).encrypt(PLAINTEXT)
    with pytest.raises(CredentialUnreadable) as raised:
        CredentialCipher([CredentialCipher.generate_key()]).decrypt(token)
    assert PLAINTEXT not in str(raised.value)


def test_rotation_reseals_under_the_newest_key_so_the_old_one_can_be_dropped() -> None:
    old, new = CredentialCipher.generate_key(), CredentialCipher.generate_key()
    token = CredentialCipher([old]).encrypt(PLAINTEXT)
    both = CredentialCipher([new, old])
    assert both.decrypt(token) == PLAINTEXT
    rotated = both.rotate(token)
    assert CredentialCipher([new]).decrypt(rotated) == PLAINTEXT
    with pytest.raises(CredentialUnreadable):
        CredentialCipher([old]).decrypt(rotated)


def test_key_ids_are_stable_fingerprints_newest_first() -> None:
    old, new = CredentialCipher.generate_key(), CredentialCipher.generate_key()
    cipher = CredentialCipher([new, old])
    assert cipher.key_id == key_id(new)
    assert cipher.key_ids == (key_id(new), key_id(old))
    assert key_id(new) != key_id(old)
    assert new not in cipher.key_id


def test_from_setting_splits_comma_separated_keys() -> None:
    old, new = CredentialCipher.generate_key(), CredentialCipher.generate_key()
    cipher = CredentialCipher.from_setting(SecretStr(f" {new} , {old} "))
    assert cipher.key_ids == (key_id(new), key_id(old))


def test_repr_names_key_ids_only() -> None:
    key = CredentialCipher.generate_key()
    text = repr(CredentialCipher([key]))
    assert key not in text
    assert key_id(key) in text


def test_invalid_key_is_rejected_without_echoing_it() -> None:
    bad = "not-a-fernet-key-but-maybe-a-password"
    with pytest.raises(ValueError, match="key #2") as raised:
        CredentialCipher([CredentialCipher.generate_key(), bad])
    assert bad not in str(raised.value)


@pytest.mark.parametrize("keys", [[], ["", "  "]])
def test_at_least_one_key_is_required(keys: list[str]) -> None:
    with pytest.raises(ValueError, match="at least one"):
        CredentialCipher(keys)


def test_a_bare_string_is_not_taken_for_a_list_of_keys() -> None:
    with pytest.raises(TypeError):
        CredentialCipher(CredentialCipher.generate_key())
