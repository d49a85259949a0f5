"""Fixtures of the observability tests: in-memory span and metric collection installed as the process's
telemetry for one test (restored after), JSON log capture, and the e2e suite's Temporal dev server."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, NumberDataPoint
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.types import ASGIApp

from cli.servers import EmbeddedServer
from common.telemetry import Telemetry, install
from common.telemetry.logs import build_handler
from tests.cli.test_dev import free_ports
from tests.e2e.conftest import local_env

__all__ = ["local_env"]


@dataclass
class Collected:
    """What the installed telemetry recorded."""

    spans: InMemorySpanExporter
    metrics: InMemoryMetricReader

    def finished_spans(self) -> tuple[ReadableSpan, ...]:
        """Every ended span so far."""
        return self.spans.get_finished_spans()

    def points(self, name: str) -> list[tuple[dict[str, Any], float]]:
        """(attributes, value) of every data point of the metric `name`."""
        data = self.metrics.get_metrics_data()
        found: list[tuple[dict[str, Any], float]] = []
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        for point in metric.data.data_points:
                            value = point.value if isinstance(point, NumberDataPoint) else point.count
                            found.append((dict(point.attributes or {}), float(value)))
        return found

    def total(self, name: str, **attributes: str) -> float:
        """Sum of the metric's points whose attributes include `attributes`."""
        return sum(v for attrs, v in self.points(name) if attributes.items() <= attrs.items())


@pytest.fixture
def collected() -> Iterator[Collected]:
    """In-memory tracer and meter providers as the process's telemetry for the test."""
    spans, metrics = InMemorySpanExporter(), InMemoryMetricReader()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    meter_provider = MeterProvider(metric_readers=[metrics])
    previous = install(Telemetry(tracer_provider, meter_provider))
    try:
        yield Collected(spans, metrics)
    finally:
        install(previous)
        tracer_provider.shutdown()
        meter_provider.shutdown()


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Root log records at INFO and above, formatted by the production JSON handler into a buffer."""
    buffer = io.StringIO()
    handler = build_handler("json", buffer)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@asynccontextmanager
async def serving(app: ASGIApp, name: str) -> AsyncIterator[EmbeddedServer]:
    """`app` on a free loopback port in an `EmbeddedServer` (the production uvicorn wrapper), stopped on exit."""
    (port,) = free_ports(1)
    server = EmbeddedServer(app, host="127.0.0.1", port=port, name=name)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
