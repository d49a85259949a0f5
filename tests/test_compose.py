"""docker-compose.yml and the Dockerfile are validated without a Docker engine: services, images, ports, start-up
order, commands that exist, env names vs settings, and every package copied into the image. When the Docker
Compose CLI is installed, `docker compose config` must accept the file too (nothing is pulled). And the worker's
own start-up step: it registers the Search Attributes on a namespace that lacks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from typing import Any

import pytest
import yaml
from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.testing import WorkflowEnvironment
from typer.testing import CliRunner

from cli.main import app
from common.settings import Settings
from tests.conftest import PROJECT_ROOT
from worker.binaries import temporal_cli
from worker.search_attributes import register_search_attributes_on_start
from workflows.search_attributes import CUSTOM_SEARCH_ATTRIBUTES

CONNECTOR_SERVICES = ("migrate", "temporal-setup", "worker", "gateway")
INFRA_SERVICES = ("temporal", "temporal-db", "temporal-ui", "connector-db")


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_services_present_and_images_pinned() -> None:
    services = _compose()["services"]
    assert set(INFRA_SERVICES + CONNECTOR_SERVICES) <= set(services)
    for name in INFRA_SERVICES:
        image = services[name]["image"]
        assert ":" in image, f"{name} image must be pinned: {image}"
        assert not image.endswith(":latest"), f"{name} image must be pinned: {image}"
    for name in CONNECTOR_SERVICES:
        assert services[name]["build"] == ".", f"{name} runs the connector image"


def test_ports() -> None:
    services = _compose()["services"]
    assert services["gateway"]["ports"] == ["8080:8080"]
    assert services["temporal"]["ports"] == ["127.0.0.1:7233:7233"], "the frontend is not published beyond the host"
    assert services["temporal-ui"]["ports"] == ["127.0.0.1:8233:8080"]


@pytest.mark.parametrize("service", CONNECTOR_SERVICES)
def test_each_connector_command_exists(service: str) -> None:
    command = _compose()["services"][service]["command"]

    result = CliRunner().invoke(app, [*command, "--help"])

    assert result.exit_code == 0, result.output


def test_migrations_and_search_attributes_run_before_the_worker_and_gateway() -> None:
    services = _compose()["services"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["migrate"]["depends_on"]["connector-db"]["condition"] == "service_healthy"
    assert services["temporal-setup"]["command"] == ["schedules"], "registers the Search Attributes"
    assert services["temporal-setup"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name in ("worker", "gateway"):
        waits_for = services[name]["depends_on"]
        assert {key: value["condition"] for key, value in waits_for.items()} == {
            "migrate": "service_completed_successfully",
            "temporal-setup": "service_completed_successfully",
        }


@pytest.mark.parametrize("service", CONNECTOR_SERVICES)
def test_connector_env_names_are_real_settings(service: str) -> None:
    env = _compose()["services"][service]["environment"]
    known = {f"MLC_{name.upper()}" for name in Settings.model_fields}
    unknown = {key for key in env if key.startswith("MLC_") and key.split("__")[0] not in known}
    assert not unknown, f"{service} sets unknown settings: {sorted(unknown)}"
    assert "postgresql+psycopg://" in env["MLC_DATABASE_URL"]
    assert "@connector-db:5432/" in env["MLC_DATABASE_URL"]
    assert env["MLC_TEMPORAL_ADDRESS"] == "temporal:7233"


def test_gateway_listens_where_compose_publishes() -> None:
    env = _compose()["services"]["gateway"]["environment"]
    assert env["MLC_GATEWAY_HOST"] == "0.0.0.0"  # noqa: S104 - inside the container
    assert env["MLC_GATEWAY_PORT"] == "8080"


def test_the_image_copies_every_package_of_the_distribution() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    packages = {pattern.rstrip("*") for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {
        line.split()[1]
        for line in (PROJECT_ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ") and line.split()[1] == line.split()[2].removeprefix("./")
    }
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"


def test_docker_compose_accepts_the_file() -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("the Docker Compose CLI is not installed here (the checks above still ran)")
    env = {**os.environ, "MLC_ENCRYPTION_KEY": "test-key-not-used"}
    checked = subprocess.run(
        [docker, "compose", "-f", str(PROJECT_ROOT / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        env=env,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.temporal
async def test_a_starting_worker_registers_the_search_attributes_on_a_bare_namespace() -> None:
    env = await WorkflowEnvironment.start_local(dev_server_existing_path=str(temporal_cli()), ui=False)
    try:
        before = await _custom_attributes(env)
        added = await register_search_attributes_on_start(env.client)
        await register_search_attributes_on_start(env.client)  # a restart: idempotent, no error
        after = await _custom_attributes(env)
    finally:
        await env.shutdown()

    expected = {key.name for key in CUSTOM_SEARCH_ATTRIBUTES}
    assert not expected & before
    assert set(added) == expected
    assert expected <= after


async def _custom_attributes(env: WorkflowEnvironment) -> set[str]:
    listed = await env.client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=env.client.namespace)
    )
    return set(listed.custom_attributes)
