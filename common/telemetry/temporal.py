"""Interceptors (and, with OTLP, the SDK runtime) for every Temporal client the connector builds
(`worker.main.connect_temporal`); workers built from that client inherit them.

With tracing on, Temporal's `TracingInterceptor` links client calls (the gateway's signal-with-start) to
`RunWorkflow`, `StartActivity` and `RunActivity` spans; the span context travels in a workflow header, never
in inputs. Workflows started without a client span (Schedules, the CLI) get no workflow spans, so a replay on
another worker never produces orphans. With the ``otlp`` exporter the client also gets a `Runtime` that sends
the Temporal SDK's own metrics (task latencies, slots, polls, …) to the same collector.
"""

from __future__ import annotations

from temporalio.client import Interceptor
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.runtime import Runtime

from common.telemetry.log_context import ActivityLogContext
from common.telemetry.providers import current


def temporal_interceptors() -> list[Interceptor]:
    """Log context for activities, plus tracing when it is on."""
    interceptors: list[Interceptor] = [ActivityLogContext()]
    tracer = current().tracer()
    if tracer is not None:
        interceptors.append(TracingInterceptor(tracer))
    return interceptors


def temporal_runtime() -> Runtime | None:
    """The SDK runtime exporting Temporal's metrics over OTLP/HTTP, or None (the SDK's default runtime)."""
    return current().temporal_runtime
