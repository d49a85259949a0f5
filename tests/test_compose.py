"""docker-compose.yml is validated without a Docker engine: services, images, ports, and env names vs settings."""

from __future__ import annotations

from typing import Any

import yaml

from common.settings import Settings
from tests.conftest import PROJECT_ROOT


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_services_present() -> None:
    services = _compose()["services"]
    assert {"temporal", "temporal-db", "temporal-ui", "connector-db", "worker", "gateway"} <= set(services)
    for name in ("temporal", "temporal-db", "temporal-ui", "connector-db"):
        image = services[name]["image"]
        assert ":" in image, f"{name} image must be pinned: {image}"
        assert not image.endswith(":latest"), f"{name} image must be pinned: {image}"
    assert services["gateway"]["ports"] == ["8080:8080"]
    assert services["worker"]["command"] == ["worker"]
    assert services["gateway"]["command"] == ["gateway"]


def test_connector_env_names_are_real_settings() -> None:
    services = _compose()["services"]
    known = {f"MLC_{name.upper()}" for name in Settings.model_fields}
    for name in ("worker", "gateway"):
        env = services[name]["environment"]
        unknown = {key for key in env if key.startswith("MLC_") and key.split("__")[0] not in known}
        assert not unknown, f"{name} sets unknown settings: {sorted(unknown)}"
        assert "postgresql+psycopg://" in env["MLC_DATABASE_URL"]
        assert env["MLC_TEMPORAL_ADDRESS"] == "temporal:7233"


def test_gateway_listens_where_compose_publishes() -> None:
    env = _compose()["services"]["gateway"]["environment"]
    assert env["MLC_GATEWAY_HOST"] == "0.0.0.0"  # noqa: S104 - inside the container
    assert env["MLC_GATEWAY_PORT"] == "8080"
