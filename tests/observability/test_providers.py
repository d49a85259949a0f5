"""Provider setup from settings: off by default, console or OTLP exporters when asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from common.settings import Settings
from common.telemetry import OFF, current, install, setup
from common.telemetry.asgi import asgi_middleware
from common.telemetry.providers import from_settings
from common.telemetry.temporal import temporal_interceptors


@pytest.fixture(autouse=True)
def restore() -> Iterator[None]:
    previous = current()
    yield
    install(previous)


def test_off_by_default() -> None:
    telemetry = setup(Settings(_env_file=None))  # type: ignore[call-arg]
    assert telemetry is OFF
    assert not telemetry.tracing
    assert asgi_middleware() == []
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
        assert len(asgi_middleware()) == 1
        assert [type(i).__name__ for i in temporal_interceptors()] == ["ActivityLogContext", "TracingInterceptor"]
    finally:
        telemetry.tracer_provider.shutdown()
        telemetry.meter_provider.shutdown()


def test_unknown_exporter_is_refused() -> None:
    with pytest.raises(ValueError, match="otel_exporter"):
        Settings(_env_file=None, otel_exporter="jaeger")  # type: ignore[call-arg]
