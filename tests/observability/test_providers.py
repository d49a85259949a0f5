"""Provider setup from settings: off by default, console or OTLP exporters when asked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from temporalio.testing import WorkflowEnvironment

from common.settings import Settings
from common.telemetry import OFF, current, install, setup
from common.telemetry.asgi import asgi_middleware
from common.telemetry.providers import from_settings
from common.telemetry.temporal import temporal_interceptors, temporal_runtime
from tests.observability.conftest import serving
from worker.main import connect_temporal


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    previous = current()
    yield
    install(previous)


def test_off_by_default() -> None:
    telemetry = setup(Settings(_env_file=None))  # type: ignore[call-arg]
    assert telemetry is OFF
    assert not telemetry.tracing
    assert [m.cls.__name__ for m in asgi_middleware()] == ["ConnectionLogContext"]
    assert [type(i).__name__ for i in temporal_interceptors()] == ["ActivityLogContext"]


@pytest.mark.parametrize("exporter", ["console", "otlp"])
def test_exporters(exporter: str) -> None:
    settings = Settings(_env_file=None, otel_exporter=exporter, otel_service_name="mlc-test")  # type: ignore[call-arg]
    telemetry = from_settings(settings)
    assert telemetry.tracer_provider is not None
    assert telemetry.meter_provider is not None
    try:
        assert telemetry.tracer_provider.resource.attributes["service.name"] == "mlc-test"
        processors = telemetry.tracer_provider._active_span_processor._span_processors
        assert [type(p) for p in processors] == [BatchSpanProcessor]
        install(telemetry)
        assert [m.cls.__name__ for m in asgi_middleware()] == ["OpenTelemetryMiddleware", "ConnectionLogContext"]
        assert [type(i).__name__ for i in temporal_interceptors()] == ["ActivityLogContext", "TracingInterceptor"]
    finally:
        telemetry.tracer_provider.shutdown()
        telemetry.meter_provider.shutdown()


def test_unknown_exporter_is_refused() -> None:
    with pytest.raises(ValueError, match="otel_exporter"):
        Settings(_env_file=None, otel_exporter="jaeger")  # type: ignore[call-arg]


async def test_otlp_sends_temporal_sdk_metrics_to_the_collector(local_env: WorkflowEnvironment) -> None:
    received: asyncio.Queue[bytes] = asyncio.Queue()

    async def collect(request: Request) -> Response:
        await received.put(await request.body())
        return Response(status_code=200)

    collector = serving(Starlette(routes=[Route("/v1/metrics", collect, methods=["POST"])]), "otlp-collector")
    async with collector as server:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            otel_exporter="otlp",
            otel_endpoint=server.url,
            temporal_address=local_env.client.service_client.config.target_host,
        )
        telemetry = setup(settings)
        assert telemetry.tracer_provider is not None
        assert telemetry.meter_provider is not None
        try:
            assert temporal_runtime() is telemetry.temporal_runtime is not None
            client = await connect_temporal(settings)
            await client.count_workflows()
            body = await asyncio.wait_for(received.get(), timeout=60)
            assert b"temporal_" in body, "OTLP protobuf naming the SDK's metrics"
        finally:
            telemetry.tracer_provider.shutdown()
            telemetry.meter_provider.shutdown(timeout_millis=1000)
