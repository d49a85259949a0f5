"""`<data_dir>/dev.env`: a second shell that loads it gets the dev stack's settings, from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli.demo import DemoApp
from cli.dev import DevOptions, dev_settings, encryption_key
from cli.dev_env import write_dev_env
from common.regions import ZohoDataCenter
from common.settings import Settings

READ_SETTINGS = """
import json
from common.settings import Settings
s = Settings()
print(json.dumps({
    "database": s.effective_database_url(),
    "temporal": s.temporal_address,
    "encryption_key": s.encryption_key.get_secret_value(),
    "payload_keys": s.payload_keys.get_secret_value(),
    "zoho": [[r.accounts_url, r.api_domain] for r in s.zoho_regions()],
    "zoho_client": [s.zoho_client_id, s.zoho_client_secret.get_secret_value()],
    "bill": str(s.bill_endpoints()),
}))
"""


def _dev_settings(data_dir: Path) -> Settings:
    options = DevOptions(data_dir=data_dir, temporal_port=17233, gateway_port=18080, zoho_port=18091, bill_port=18092)
    data_dir.mkdir()
    return dev_settings(options, DemoApp.generate(), encryption_key(data_dir))


def _load_and_run(env_file: Path, cwd: Path, command: str) -> str:
    """`command` in a clean shell (no MLC_* inherited) after `set -a; . dev.env; set +a`."""
    script = f"set -a; . {env_file}; set +a; {command}"
    completed = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_loading_dev_env_gives_a_second_shell_the_dev_settings(tmp_path: Path) -> None:
    settings = _dev_settings(tmp_path / "data")
    env_file = write_dev_env(settings, "http://127.0.0.1:18080/codec")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    seen = json.loads(_load_and_run(env_file, elsewhere, f"{sys.executable} -c '{READ_SETTINGS}'"))

    assert env_file.stat().st_mode & 0o777 == 0o600
    assert seen["database"] == settings.effective_database_url()
    assert seen["temporal"] == "127.0.0.1:17233"
    assert settings.encryption_key is not None
    assert settings.payload_keys is not None
    assert seen["encryption_key"] == settings.encryption_key.get_secret_value()
    assert seen["payload_keys"] == settings.payload_keys.get_secret_value()
    assert seen["zoho"] == [[r.accounts_url, r.api_domain] for r in settings.zoho_regions()]
    assert len(seen["zoho"]) == len(ZohoDataCenter)
    assert seen["zoho_client"] == [settings.zoho_client_id, settings.zoho_client_secret.get_secret_value()]
    assert seen["bill"] == str(settings.bill_endpoints())


def test_dev_env_points_the_temporal_cli_at_the_dev_server_and_codec(tmp_path: Path) -> None:
    settings = _dev_settings(tmp_path / "data")
    env_file = write_dev_env(settings, "http://127.0.0.1:18080/codec")

    seen = _load_and_run(env_file, tmp_path, 'echo "$TEMPORAL_ADDRESS|$TEMPORAL_CODEC_ENDPOINT|$TEMPORAL_CODEC_AUTH"')

    assert settings.codec_server_token is not None
    token = settings.codec_server_token.get_secret_value()
    assert seen.strip() == f"127.0.0.1:17233|http://127.0.0.1:18080/codec|Bearer {token}"
