"""Interceptors for every Temporal client the connector builds (`worker.main.connect_temporal`); workers
built from that client inherit them.

With tracing on, Temporal's `TracingInterceptor` links client calls (the gateway's signal-with-start) to
`RunWorkflow`, `StartActivity` and `RunActivity` spans; the span context travels in a workflow header, never
in inputs. Workflows started without a client span (Schedules, the CLI) get no workflow spans, so a replay on
another worker never produces orphans.
"""

from __future__ import annotations

from temporalio.client import Interceptor
from temporalio.contrib.opentelemetry import TracingInterceptor

from common.telemetry.log_context import ActivityLogContext
from common.telemetry.providers import current


def temporal_interceptors() -> list[Interceptor]:
    """Log context for activities, plus tracing when it is on."""
    interceptors: list[Interceptor] = [ActivityLogContext()]
    tracer = current().tracer()
    if tracer is not None:
        interceptors.append(TracingInterceptor(tracer))
    return interceptors
