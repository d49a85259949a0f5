"""The AES-GCM payload codec: round trip, key id in metadata, rotation, tamper and unknown-key refusal."""

from __future__ import annotations

import base64

import pytest
from pydantic import SecretStr
from temporalio.api.common.v1 import Payload
from typer.testing import CliRunner

from cli.main import app
from worker.codec import (
    ENCODING,
    KEY_ID_METADATA,
    PayloadCipherCodec,
    PayloadUndecryptable,
    generate_payload_key,
    payload_key_id,
)

PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"vendor": "Acme Supplies Ltd"}')


def codec(*keys: str) -> PayloadCipherCodec:
    return PayloadCipherCodec.from_setting(SecretStr(",".join(keys)))


async def test_round_trip_hides_data_and_names_the_key() -> None:
    key = generate_payload_key()
    subject = codec(key)

    [sealed] = await subject.encode([PLAIN])

    assert sealed.metadata["encoding"] == ENCODING
    assert sealed.metadata[KEY_ID_METADATA] == subject.key_ids[0].encode()
    assert b"Acme" not in sealed.data
    assert b"json/plain" not in sealed.SerializeToString()
    assert await subject.decode([sealed]) == [PLAIN]


async def test_each_encryption_uses_a_fresh_nonce() -> None:
    subject = codec(generate_payload_key())
    first, second = await subject.encode([PLAIN, PLAIN])
    assert first.data != second.data


async def test_rotation_new_key_encrypts_old_key_still_decrypts() -> None:
    old, new = generate_payload_key(), generate_payload_key()
    [sealed_by_old] = await codec(old).encode([PLAIN])
    rotated = codec(new, old)

    [sealed_by_new] = await rotated.encode([PLAIN])

    assert (
        sealed_by_new.metadata[KEY_ID_METADATA]
        == rotated.key_ids[0].encode()
        != sealed_by_old.metadata[KEY_ID_METADATA]
    )
    assert await rotated.decode([sealed_by_old, sealed_by_new]) == [PLAIN, PLAIN]


async def test_unknown_key_is_refused_without_revealing_data() -> None:
    [sealed] = await codec(generate_payload_key()).encode([PLAIN])
    with pytest.raises(PayloadUndecryptable, match="not configured"):
        await codec(generate_payload_key()).decode([sealed])


async def test_tampered_ciphertext_is_refused() -> None:
    subject = codec(generate_payload_key())
    [sealed] = await subject.encode([PLAIN])
    flipped = bytes([sealed.data[-1] ^ 1])
    tampered = Payload(metadata=dict(sealed.metadata), data=sealed.data[:-1] + flipped)
    with pytest.raises(PayloadUndecryptable, match="authentication"):
        await subject.decode([tampered])


async def test_unencrypted_payloads_pass_through_decode() -> None:
    assert await codec(generate_payload_key()).decode([PLAIN]) == [PLAIN]


@pytest.mark.parametrize(
    ("setting", "message"),
    [("", "at least one"), ("not base64!", "#1"), ("c2hvcnQ=", "32 bytes")],
)
def test_bad_key_settings_are_refused(setting: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        codec(setting)


def test_repr_shows_key_ids_only() -> None:
    key = generate_payload_key()
    text = repr(codec(key))
    assert key not in text
    assert payload_key_id(base64.urlsafe_b64decode(key)) in text


async def test_cli_prints_a_usable_new_key() -> None:
    printed = CliRunner().invoke(app, ["payload-key"])

    assert printed.exit_code == 0
    subject = codec(printed.output.strip(), generate_payload_key())
    assert await subject.decode(await subject.encode([PLAIN])) == [PLAIN]
