"""Call counting: snapshots subtract field by field; BILL paths are grouped by template."""

from __future__ import annotations

from bench.calls import ID_SEGMENT, CallCount


def test_snapshots_subtract_and_totals_include_rejections() -> None:
    later = CallCount(zoho_books=10, zoho_tokens=2, zoho_limited=1, bill_calls=8, bill_logins=2, bill_limited=3)
    earlier = CallCount(zoho_books=4, zoho_tokens=1, zoho_limited=0, bill_calls=5, bill_logins=2, bill_limited=1)
    delta = later - earlier
    assert delta == CallCount(zoho_books=6, zoho_tokens=1, zoho_limited=1, bill_calls=3, bill_logins=0, bill_limited=2)
    assert delta.zoho_total == 8
    assert delta.bill_total == 5


def test_id_segments_become_placeholders_but_the_api_version_stays() -> None:
    assert ID_SEGMENT.sub("/{id}", "/connect/v3/vendors/00901ABCDE1") == "/connect/v3/vendors/{id}"
    assert ID_SEGMENT.sub("/{id}", "/connect/v3/bills") == "/connect/v3/bills"
