"""Every process (worker, gateway, CLI) connects through `connect_temporal`, so it must carry the codec."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr
from temporalio.client import Client

from common.settings import Settings
from worker import main as worker_main
from worker.codec import PayloadCipherCodec, generate_payload_key


async def _captured_converter(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Any:
    captured: dict[str, Any] = {}

    async def fake_connect(target: str, **kwargs: Any) -> Client:
        captured.update(kwargs, target=target)
        return object()  # type: ignore[return-value]

    monkeypatch.setattr(Client, "connect", fake_connect)
    await worker_main.connect_temporal(settings)
    return captured["data_converter"]


async def test_clients_encrypt_payloads_when_keys_are_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(payload_keys=SecretStr(generate_payload_key()))
    converter = await _captured_converter(monkeypatch, settings)
    assert isinstance(converter.payload_codec, PayloadCipherCodec)


async def test_clients_without_keys_use_the_plain_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    converter = await _captured_converter(monkeypatch, Settings(payload_keys=None))
    assert converter.payload_codec is None
