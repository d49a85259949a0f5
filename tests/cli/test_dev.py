"""`ml-connector dev --exit-after-demo` as a user runs it: real ports on 127.0.0.1, a temp data dir."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.temporal

ML_CONNECTOR = Path(sys.executable).parent / "ml-connector"


def free_ports(count: int) -> list[int]:
    """Ports the kernel reports free right now (bound and released together, so they are distinct)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def run_dev(data_dir: Path) -> subprocess.CompletedProcess[str]:
    temporal, ui, gateway, zoho, bill = free_ports(5)
    command = [
        str(ML_CONNECTOR),
        "dev",
        "--exit-after-demo",
        f"--data-dir={data_dir}",
        f"--temporal-port={temporal}",
        f"--temporal-ui-port={ui}",
        f"--gateway-port={gateway}",
        f"--zoho-port={zoho}",
        f"--bill-port={bill}",
    ]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180, check=False)


def demo_results(stdout: str) -> dict[str, dict[str, Any]]:
    results = [
        json.loads(line.removeprefix("DEMO-RESULT ")) for line in stdout.splitlines() if line.startswith("DEMO-RESULT ")
    ]
    return {result["company"]: result for result in results}


def test_dev_pushes_the_demo_bills_into_the_bill_emulator(tmp_path: Path) -> None:
    completed = run_dev(tmp_path / "data")
    assert completed.returncode == 0, completed.stderr[-3000:]

    assert "Temporal UI     http://127.0.0.1:" in completed.stdout
    results = demo_results(completed.stdout)
    assert set(results) == {"UK Ltd", "Ireland Ltd"}
    uk, ie = results["UK Ltd"], results["Ireland Ltd"]
    assert (uk["zoho_dc"], ie["zoho_dc"]) == ("eu", "us")
    assert uk["bill_org_id"] != ie["bill_org_id"]
    for result in (uk, ie):
        assert result["bills_with_this_invoice"] == 1
    assert uk["bill"]["invoice"]["invoiceNumber"] == "UK-1001"
    assert uk["vendor_name"] == "Acme Supplies Ltd"
    assert uk["line_accounts"] == ["Office supplies expense", "Software subscriptions"]
    assert [line["amount"] for line in uk["bill"]["billLineItems"]] == [45.0, 120.0]
    assert uk["bill"]["purchaseOrderNumber"] == "PO-UK-77"
    assert ie["bill"]["invoice"]["invoiceNumber"] == "IE-2001"
    assert ie["vendor_name"] == "Dublin Office Services"
    assert ie["line_accounts"] == ["Cleaning services"]

    data_dir = tmp_path / "data"
    assert (data_dir / "temporal.db").is_file(), "Temporal must keep its state in SQLite under the data dir"
    assert (data_dir / "connector.db").is_file()
    for name in ("encryption.key", "payload.key", "codec.token"):
        secret = (data_dir / name).read_text()
        assert secret
        assert secret not in completed.stdout + completed.stderr
        assert oct((data_dir / name).stat().st_mode & 0o777) == "0o600"


def bill_webhooks_delivered(stdout: str) -> int:
    lines = [line for line in stdout.splitlines() if line.startswith("BILL-WEBHOOKS ")]
    assert len(lines) == 1, stdout[-3000:]
    return int(lines[0].split()[1])


def test_dev_runs_connection_workflows_delivers_bill_webhooks_and_encrypts_histories(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    completed = run_dev(data_dir)
    assert completed.returncode == 0, completed.stderr[-3000:]

    assert completed.stdout.count("BILL webhooks subscribed") == 2
    assert bill_webhooks_delivered(completed.stdout) >= 2, "one bill.created per demo bill at least"
    stored = b"".join(path.read_bytes() for path in data_dir.glob("temporal.db*"))
    assert b"binary/encrypted" in stored
    for field in (b'"connection_id"', b'"max_cycles"', b'"bill_bill_id"'):
        assert field not in stored, f"a Temporal payload with {field!r} was stored unencrypted"


def test_dev_restarts_on_the_same_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = run_dev(data_dir)
    key = (data_dir / "encryption.key").read_text()
    second = run_dev(data_dir)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr[-3000:]
    assert (data_dir / "encryption.key").read_text() == key, "the key is generated once"
    assert set(demo_results(second.stdout)) == {"UK Ltd", "Ireland Ltd"}
    assert "Previous run    2 connection workflows ended" in second.stdout, "the first run's connections are gone"
    assert "Previous run" not in first.stdout
