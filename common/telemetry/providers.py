"""The process's tracer and meter providers, built once from settings (``MLC_OTEL_*``).

`setup(settings)` installs them for the process; `current()` is what the tracing and metric helpers read. With
``MLC_OTEL_EXPORTER=none`` (the default, and `ml-connector dev`'s) nothing is installed: no tracing interceptor,
no instrumented transport, no tracing middleware, and every metric call is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opentelemetry.metrics import Meter, NoOpMeterProvider
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import ConsoleMetricExporter, MetricExporter, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Tracer
from temporalio.runtime import OpenTelemetryConfig, Runtime, TelemetryConfig

from common.settings import Settings

INSTRUMENTATION_NAME = "ml_connector"


@dataclass(frozen=True)
class Telemetry:
    """The providers in use; `None` means that signal is off."""

    tracer_provider: TracerProvider | None = None
    meter_provider: MeterProvider | None = None
    temporal_runtime: Runtime | None = None
    """Temporal SDK runtime exporting the SDK's own metrics over OTLP/HTTP (``otlp`` exporter only)."""
    _meter: Meter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        provider = self.meter_provider or NoOpMeterProvider()
        object.__setattr__(self, "_meter", provider.get_meter(INSTRUMENTATION_NAME))

    @property
    def tracing(self) -> bool:
        """Whether spans are recorded."""
        return self.tracer_provider is not None

    def tracer(self) -> Tracer | None:
        """The connector's tracer, or None when tracing is off."""
        return None if self.tracer_provider is None else self.tracer_provider.get_tracer(INSTRUMENTATION_NAME)

    @property
    def meter(self) -> Meter:
        """The connector's meter (a no-op meter when metrics are off)."""
        return self._meter


OFF = Telemetry()
_current: list[Telemetry] = [OFF]


def current() -> Telemetry:
    """The installed telemetry (`OFF` until `install`/`setup`)."""
    return _current[0]


def install(telemetry: Telemetry) -> Telemetry:
    """Make `telemetry` the process's; returns the previous one (tests restore it)."""
    previous, _current[0] = _current[0], telemetry
    return previous


def from_settings(settings: Settings) -> Telemetry:
    """Providers exporting to the console or to an OTLP/HTTP collector, or `OFF`."""
    if settings.otel_exporter == "none":
        return OFF
    resource = Resource.create({SERVICE_NAME: settings.otel_service_name})
    spans: SpanExporter
    metrics: MetricExporter
    runtime: Runtime | None = None  # Temporal's own SDK metrics: OTLP only
    if settings.otel_exporter == "console":
        spans, metrics = ConsoleSpanExporter(), ConsoleMetricExporter()
    else:  # imported only when used (protobuf and requests are heavy)
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_endpoint.rstrip("/")
        spans = OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")
        metrics = OTLPMetricExporter(endpoint=f"{endpoint}/v1/metrics")
        sdk_metrics = OpenTelemetryConfig(url=f"{endpoint}/v1/metrics", http=True)
        runtime = Runtime(telemetry=TelemetryConfig(metrics=sdk_metrics))
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(spans))
    meter_provider = MeterProvider(resource=resource, metric_readers=[PeriodicExportingMetricReader(metrics)])
    return Telemetry(tracer_provider, meter_provider, runtime)


def setup(settings: Settings) -> Telemetry:
    """Install the providers `settings` ask for (flushed at interpreter exit by the SDK)."""
    telemetry = from_settings(settings)
    install(telemetry)
    return telemetry
