"""Process logging: text or one JSON object per line (``MLC_LOG_FORMAT``), ids attached, secrets redacted.

Every record passes `RedactionFilter` (values matching `scrub.SECRET_PATTERNS` are replaced) on the handler, so
third-party loggers (uvicorn's access log with an OAuth callback's query, httpx) are covered too. JSON lines
carry `ts`, `level`, `logger`, `message`, the ids of `log_context`, Temporal's activity/workflow ids, the
current trace and span ids, and `exception` (scrubbed) when there is one.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, TextIO

from opentelemetry import trace

from common.telemetry.log_context import ID_FIELDS, current_ids
from common.telemetry.scrub import scrub_text

TEMPORAL_EXTRAS = ("temporal_activity", "temporal_workflow")
"""Dicts of ids that `temporalio.activity.logger` / `temporalio.workflow.logger` attach to their records."""
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactionFilter(logging.Filter):
    """Rewrites each record's message (arguments merged in) and exception text without secret values."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record, scrubbed."""
        message = record.getMessage()
        scrubbed = scrub_text(message)
        if scrubbed != message or record.args:
            record.msg, record.args = scrubbed, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(current_ids())
        for name in ID_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str):
                line[name] = value
        for extra in TEMPORAL_EXTRAS:
            value = getattr(record, extra, None)
            if isinstance(value, dict):
                line[extra] = {k: v for k, v in value.items() if isinstance(v, str | int)}
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            line["trace_id"], line["span_id"] = f"{context.trace_id:032x}", f"{context.span_id:016x}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = scrub_text(record.exc_text)
        return json.dumps(line, default=str)


def build_handler(log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """A handler writing to `stream` (stderr) in `log_format` (``text`` or ``json``), with the redaction filter."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactionFilter())
    return handler


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Root logging for a connector process (replaces earlier handlers); httpx only from WARNING."""
    logging.basicConfig(level=level, handlers=[build_handler(log_format)], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
