"""The one data converter every Temporal client and worker of the connector uses.

Payloads are JSON via pydantic (`common.models` DTOs, dates, decimals). The seam for payload encryption is
`build_data_converter(codec=...)`: a `PayloadCodec` (added in a later issue, with a key id in payload
metadata) is attached here, so clients, workers, the replayer and tests all pick it up at once.
"""

from __future__ import annotations

import dataclasses

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec


def build_data_converter(codec: PayloadCodec | None = None) -> DataConverter:
    """The pydantic data converter, optionally wrapping payloads with `codec`."""
    if codec is None:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=codec)


DATA_CONVERTER: DataConverter = build_data_converter()
"""The converter in use (no codec yet)."""
