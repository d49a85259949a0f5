"""The one data converter every Temporal client and worker of the connector uses.

Payloads are JSON via pydantic (`common.models` DTOs, dates, decimals), then encrypted by
`worker.codec.PayloadCipherCodec` when ``MLC_PAYLOAD_KEYS`` is set (`converter_for`). Worker, gateway and CLI
build their clients with `converter_for(settings)`, so all of them read and write the same ciphertext.
"""

from __future__ import annotations

import dataclasses

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec

from common.settings import Settings
from worker.codec import PayloadCipherCodec


def build_data_converter(codec: PayloadCodec | None = None) -> DataConverter:
    """The pydantic data converter, optionally wrapping payloads with `codec`."""
    if codec is None:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=codec)


def converter_for(settings: Settings) -> DataConverter:
    """The deployment's converter: encrypting when payload keys are configured."""
    if settings.payload_keys is None:
        return DATA_CONVERTER
    return build_data_converter(PayloadCipherCodec.from_setting(settings.payload_keys))


DATA_CONVERTER: DataConverter = build_data_converter()
"""The key-less converter (tests, and deployments that have not set ``MLC_PAYLOAD_KEYS``)."""
