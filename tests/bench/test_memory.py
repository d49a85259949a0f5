"""memory at a tiny size: a real `ml-connector worker` subprocess over a seeded store is sampled and stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from activities.store import ConnectorStore
from bench import memory
from tests.bench.published import published

pytestmark = pytest.mark.temporal


def test_seeded_store_holds_every_connection_with_its_secrets(tmp_path: Path) -> None:
    settings = memory.seed_connections(tmp_path, 3, temporal_port=7233)
    store = ConnectorStore.from_settings(settings)

    connections = store.connections.list()
    assert len(connections) == 3
    assert len({c.zoho_org_id for c in connections}) == 3
    assert memory.worker_env(settings)["MLC_DATABASE_URL"] == settings.effective_database_url()


async def test_memory_samples_an_idle_worker_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "SETTLE_SECONDS", 0.0)
    monkeypatch.setattr(memory, "SAMPLES", 2)
    report = await memory.run(3, tmp_path / "work")
    out = published(report, tmp_path / "results")

    assert out.value("exit code after SIGTERM") == 0
    assert 0 < out.value("VmRSS (min of samples)") <= out.value("VmRSS (max of samples)")
    assert out.value("VmRSS (max of samples)") <= out.value("VmHWM (peak since start)")
    assert out.data["params"] == {"connections": 3, "samples": 2}
    assert "Idle worker process memory" in out.text
