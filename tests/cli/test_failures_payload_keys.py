"""A CLI command without the worker's payload keys fails with one line naming MLC_PAYLOAD_KEYS, not a traceback."""

from __future__ import annotations

import asyncio

import pytest
import typer
from pydantic import SecretStr

from cli.failures import BAD_INPUT_EXIT, cli_failures
from worker.codec import PayloadCipherCodec, generate_payload_key
from worker.converter import DATA_CONVERTER, build_data_converter


def _decode_without_the_key(keys: str | None) -> None:
    """Encode a value as the worker does, then decode it with a converter holding `keys` (None = no codec)."""
    worker = build_data_converter(PayloadCipherCodec.from_setting(SecretStr(generate_payload_key())))
    reader = DATA_CONVERTER if keys is None else build_data_converter(PayloadCipherCodec.from_setting(SecretStr(keys)))

    async def roundtrip() -> None:
        payloads = await worker.encode(["progress"])
        await reader.decode(payloads)

    asyncio.run(roundtrip())


@pytest.mark.parametrize("keys", [None, generate_payload_key()], ids=["no keys", "other key"])
def test_undecodable_payloads_exit_2_with_the_hint(keys: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exited, cli_failures():
        _decode_without_the_key(keys)

    assert exited.value.exit_code == BAD_INPUT_EXIT
    err = capsys.readouterr().err
    assert err.startswith("error: cannot decode Temporal's encrypted payloads: set MLC_PAYLOAD_KEYS")
    assert err.count("\n") == 1


def test_other_key_errors_are_not_swallowed() -> None:
    with pytest.raises(KeyError), cli_failures():
        raise KeyError("connection_id")
