"""Observability: OpenTelemetry traces and metrics, structured logs, and what keeps secrets out of them.

- `providers`: tracer/meter providers from settings (``MLC_OTEL_EXPORTER``, ``MLC_OTEL_ENDPOINT``,
  ``MLC_OTEL_SERVICE_NAME``); off by default.
- `temporal`, `http_tracing`, `asgi`: Temporal interceptors, httpx client spans, the gateway's server spans.
- `metrics`: one function per counted event.
- `log_context` / `logs`: ids on every log line, text or JSON (``MLC_LOG_FORMAT``), redaction.
- `scrub`: URL, header and secret-pattern scrubbing shared by all of the above.
"""

from common.telemetry.providers import OFF, Telemetry, current, install, setup

__all__ = ["OFF", "Telemetry", "current", "install", "setup"]
