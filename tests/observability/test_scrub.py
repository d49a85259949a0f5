"""`common.telemetry.scrub`: what URL, header and text scrubbing keeps and what it replaces."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace import TracerProvider

from common.telemetry.asgi import span_details
from common.telemetry.scrub import REDACTED, scrub_span, scrub_text, scrub_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://u:pw@www.zohoapis.eu/books/v3/bills?organization_id=7&access_token=1000.abc&page=2",
            f"https://www.zohoapis.eu/books/v3/bills?organization_id=7&access_token={REDACTED}&page=2",
        ),
        ("/oauth/zoho/callback?code=1000.x&state=s3", f"/oauth/zoho/callback?code={REDACTED}&state={REDACTED}"),
        ("http://bill.test/connect/v3/bills", "http://bill.test/connect/v3/bills"),
    ],
)
def test_urls_keep_ids_and_lose_secrets(url: str, expected: str) -> None:
    assert scrub_url(url) == expected


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Zoho-oauthtoken 1000.aaa.bbb", "1000.aaa.bbb"),
        ("headers {'devKey': 'dk-123', 'sessionId': 'sess-456'}", "dk-123"),
        ("headers {'devKey': 'dk-123', 'sessionId': 'sess-456'}", "sess-456"),
        ('{"refresh_token": "1000.r.t", "client_secret": "cs"}', "1000.r.t"),
        ("GET /oauth/zoho/callback?code=1000.grant&state=abc HTTP/1.1", "1000.grant"),
        ("webhook_secret=whs apiToken=api-9", "api-9"),
        ("x-bill-sha-signature: c2lnbmF0dXJl", "c2lnbmF0dXJl"),
    ],
)
def test_secret_values_leave_text(text: str, secret: str) -> None:
    assert secret not in scrub_text(text)
    assert REDACTED in scrub_text(text)


def test_error_codes_and_plain_text_stay() -> None:
    text = 'Zoho answered {"code": 44, "message": "blocked"} for organization 460000000000002'
    assert scrub_text(text) == text


def test_span_url_and_header_attributes_are_rewritten() -> None:
    span = (
        TracerProvider()
        .get_tracer("t")
        .start_span(
            "GET",
            attributes={
                "url.full": "https://books.test/x?organization_id=1&authtoken=t0k",
                "http.request.header.authorization": ("Bearer t0k",),
                "http.response.status_code": 200,
            },
        )
    )
    scrub_span(span)
    span.end()
    attributes = dict(span.attributes or {})
    assert attributes["url.full"] == f"https://books.test/x?organization_id=1&authtoken={REDACTED}"
    assert attributes["http.request.header.authorization"] == REDACTED
    assert attributes["http.response.status_code"] == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/webhooks/zoho/0b8e5f0f58e24a1d948585bc2c5f852f", "POST /webhooks/zoho/{id}"),
        ("/webhooks/bill/7", "POST /webhooks/bill/{id}"),
        ("/codec/decode", "POST /codec/decode"),
    ],
)
def test_server_span_names_hide_ids(path: str, name: str) -> None:
    assert span_details({"type": "http", "method": "POST", "path": path})[0] == name
