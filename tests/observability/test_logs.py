"""JSON log lines: parseable, with the ids of their context and Temporal's, without secrets."""

from __future__ import annotations

import io
import json
import logging

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from common.telemetry.log_context import ids_of, log_context
from common.telemetry.logs import build_handler
from tests.observability.conftest import serving


def emit(handler: logging.Handler, message: str, *args: object, **extra: object) -> None:
    logger = logging.getLogger(f"tests.observability.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        logger.info(message, *args, extra=extra)
    finally:
        logger.removeHandler(handler)


def test_json_line_carries_context_ids_and_no_secret() -> None:
    buffer = io.StringIO()
    with log_context(connection_id="conn-1", zoho_bill_id="460001"), log_context(record_id="rec-9"):
        emit(build_handler("json", buffer), "login answered %s", {"sessionId": "sess-secret-1"})
    (line,) = [json.loads(raw) for raw in buffer.getvalue().splitlines()]
    assert line["connection_id"] == "conn-1"
    assert line["zoho_bill_id"] == "460001"
    assert line["record_id"] == "rec-9"
    assert line["level"] == "INFO"
    assert "sess-secret-1" not in buffer.getvalue()


def test_context_ends_with_its_block_and_extra_ids_count() -> None:
    buffer = io.StringIO()
    with log_context(connection_id="conn-1"):
        pass
    emit(build_handler("json", buffer), "sweep", zoho_org_id="org-2", temporal_activity={"workflow_id": "bill/1/2"})
    (line,) = [json.loads(raw) for raw in buffer.getvalue().splitlines()]
    assert "connection_id" not in line
    assert line["zoho_org_id"] == "org-2"
    assert line["temporal_activity"] == {"workflow_id": "bill/1/2"}


def test_text_format_is_redacted_too() -> None:
    buffer = io.StringIO()
    emit(build_handler("text", buffer), "refreshing with refresh_token=%s", "1000.rt.secret")
    assert "1000.rt.secret" not in buffer.getvalue()
    assert "refresh_token=REDACTED" in buffer.getvalue()


def test_exception_text_is_redacted() -> None:
    buffer = io.StringIO()
    handler = build_handler("json", buffer)
    logger = logging.getLogger("tests.observability.exc")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        raise RuntimeError("BILL said devKey=dk-secret-7 is wrong")
    except RuntimeError:
        logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    (line,) = [json.loads(raw) for raw in buffer.getvalue().splitlines()]
    assert "RuntimeError" in line["exception"]
    assert "dk-secret-7" not in buffer.getvalue()


class _Request:
    connection_id = "conn-3"
    zoho_org_id = "org-3"
    draft = object()


def test_activity_ids_are_read_from_the_input() -> None:
    assert ids_of([_Request()]) == {"connection_id": "conn-3", "zoho_org_id": "org-3"}
    assert ids_of([]) == {}


async def test_embedded_servers_log_through_the_process_handlers(json_logs: io.StringIO) -> None:
    async def fail(_request: Request) -> Response:
        raise RuntimeError("upstream said sessionId=sess-secret-8")

    async with serving(Starlette(routes=[Route("/", fail)]), "failing") as server, httpx.AsyncClient() as http:
        assert (await http.get(server.url)).status_code == 500

    lines = [json.loads(raw) for raw in json_logs.getvalue().splitlines()]
    assert any(line["logger"] == "uvicorn.error" and "RuntimeError" in line.get("exception", "") for line in lines)
    assert "sess-secret-8" not in json_logs.getvalue()
