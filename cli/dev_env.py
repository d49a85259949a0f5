"""`<data_dir>/dev.env`: the settings of a running `ml-connector dev`, for the commands of a second shell.

The dev stack's settings exist only in its process (emulator hosts, the demo's Zoho OAuth client, the keys in the
data dir), so `ml-connector reconcile`, `pause` or `backfill` in another shell would talk to Zoho's real hosts,
miss the credential key, or fail to decode encrypted Temporal payloads. `ml-connector dev` therefore writes this
file (mode 600: it holds the data dir's keys) and prints how to load it: `set -a; . .mlc-data/dev.env; set +a`.
Nothing reads it implicitly, so a deployment never picks up emulator hosts by accident. It also sets the Temporal
CLI's `TEMPORAL_ADDRESS`, `TEMPORAL_CODEC_ENDPOINT` and `TEMPORAL_CODEC_AUTH`, so `temporal workflow ...`
encodes inputs and decodes results through the gateway's codec server.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from pydantic import SecretStr

from common.regions import ZohoDataCenter
from common.settings import Settings

DEV_ENV_FILE = "dev.env"


def _secret(value: SecretStr | None) -> str:
    return "" if value is None else value.get_secret_value()


def dev_env_values(settings: Settings, codec_endpoint: str) -> dict[str, str]:
    """Every variable a second shell needs to reach the dev stack, by name."""
    endpoints = settings.bill_endpoints()
    values = {
        "MLC_DATA_DIR": str(settings.data_dir.resolve()),
        "MLC_TEMPORAL_ADDRESS": settings.temporal_address,
        "MLC_TEMPORAL_NAMESPACE": settings.temporal_namespace,
        "MLC_TASK_QUEUE": settings.task_queue,
        "MLC_GATEWAY_PUBLIC_URL": settings.gateway_public_url,
        "MLC_ENCRYPTION_KEY": _secret(settings.encryption_key),
        "MLC_PAYLOAD_KEYS": _secret(settings.payload_keys),
        "MLC_ZOHO_CLIENT_ID": settings.zoho_client_id,
        "MLC_ZOHO_CLIENT_SECRET": _secret(settings.zoho_client_secret),
        "MLC_BILL_API_BASE": endpoints.api_base,
        "MLC_BILL_EVENTS_BASE": endpoints.events_base,
        "MLC_BILL_SPEND_BASE": endpoints.spend_base,
    }
    for dc in ZohoDataCenter:
        region = settings.zoho_region(dc)
        values[f"MLC_ZOHO_HOSTS__{dc.value.upper()}__ACCOUNTS_URL"] = region.accounts_url
        values[f"MLC_ZOHO_HOSTS__{dc.value.upper()}__API_DOMAIN"] = region.api_domain
    values["TEMPORAL_ADDRESS"] = settings.temporal_address
    values["TEMPORAL_NAMESPACE"] = settings.temporal_namespace
    values["TEMPORAL_CODEC_ENDPOINT"] = codec_endpoint
    if settings.codec_server_token is not None:
        values["TEMPORAL_CODEC_AUTH"] = f"Bearer {settings.codec_server_token.get_secret_value()}"
    return values


def write_dev_env(settings: Settings, codec_endpoint: str) -> Path:
    """Write `<data_dir>/dev.env` (mode 600, shell syntax) and return its path."""
    path = settings.data_dir / DEV_ENV_FILE
    lines = [f"{name}={shlex.quote(value)}" for name, value in dev_env_values(settings, codec_endpoint).items()]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("# Written by `ml-connector dev`; load with: set -a; . " + str(path) + "; set +a\n")
        out.write("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path
