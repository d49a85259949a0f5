"""Page loops follow ``has_more_page``, refuse repeated pages, and stop at a contacts watermark."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clients.zoho import ZohoPage
from clients.zoho._pagination import records_of, walk_pages
from common.errors import Unavailable, Unsupported
from tests.clients.zoho.conftest import MakeBooks
from tests.clients.zoho.fakes import ORG_ID, Script, bill, contact, page_of


async def test_iter_bills_walks_every_page(make_books: MakeBooks) -> None:
    script = Script(
        page_of("bills", [bill("1"), bill("2")], 1, more=True),
        page_of("bills", [bill("3"), bill("4")], 2, more=True),
        page_of("bills", [bill("5")], 3, more=False),
    )
    client = make_books(script)
    since = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    ids = [b.bill_id async for b in client.iter_bills(ORG_ID, last_modified_time=since, per_page=2)]

    assert ids == ["1", "2", "3", "4", "5"]
    assert [r.url.params["page"] for r in script.requests] == ["1", "2", "3"]
    assert {r.url.params["per_page"] for r in script.requests} == {"2"}
    assert {r.url.params["last_modified_time"] for r in script.requests} == {"2026-11-25T10:00:00+0000"}


async def test_a_repeated_page_is_refused(make_books: MakeBooks) -> None:
    script = Script(
        page_of("bills", [bill("1"), bill("2")], 1, more=True),
        page_of("bills", [bill("1"), bill("2")], 2, more=True),
    )
    client = make_books(script)
    bills = client.iter_bills(ORG_ID)
    assert [(await anext(bills)).bill_id, (await anext(bills)).bill_id] == ["1", "2"]
    with pytest.raises(Unavailable, match="repeated"):
        await anext(bills)


async def test_a_page_number_that_does_not_advance_is_refused(make_books: MakeBooks) -> None:
    script = Script(
        page_of("bills", [bill("1")], 1, more=True),
        page_of("bills", [bill("2")], 1, more=True),
    )
    with pytest.raises(Unavailable, match="asked for 2, got 1"):
        _ = [b async for b in make_books(script).iter_bills(ORG_ID)]


async def test_an_empty_page_claiming_more_is_refused(make_books: MakeBooks) -> None:
    script = Script(page_of("bills", [], 1, more=True))
    with pytest.raises(Unavailable, match="empty page"):
        _ = [b async for b in make_books(script).iter_bills(ORG_ID)]


async def test_the_page_count_is_capped() -> None:
    fetched: list[int] = []

    async def endless(number: int) -> ZohoPage[str]:
        fetched.append(number)
        return ZohoPage[str](items=[f"record-{number}"], page=number, per_page=1, has_more_page=True)

    with pytest.raises(Unavailable, match="exceeded 3 pages"):
        _ = [r async for r in records_of(walk_pages(endless, record_id=str, max_pages=3))]
    assert fetched == [1, 2, 3]


async def test_contacts_stop_paging_at_the_watermark(make_books: MakeBooks) -> None:
    script = Script(
        page_of(
            "contacts",
            [contact("9", "2026-11-25T10:00:00+0000"), contact("8", "2026-11-24T09:00:00+0000")],
            1,
            more=True,
        ),
        page_of(
            "contacts",
            [contact("7", "2026-11-24T08:00:00+0000"), contact("6", "2026-11-20T08:00:00+0000")],
            2,
            more=True,
        ),
    )
    client = make_books(script)
    since = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    ids = [c.contact_id async for c in client.iter_contacts(ORG_ID, modified_since=since, per_page=2)]

    assert ids == ["9", "8", "7"]
    assert script.exhausted  # page 3 was never asked for
    first = script.requests[0].url.params
    assert first["sort_column"] == "last_modified_time"
    assert first["sort_order"] == "D"
    assert first["contact_type"] == "vendor"


async def test_contacts_without_watermark_walk_everything(make_books: MakeBooks) -> None:
    script = Script(
        page_of("contacts", [contact("2", "2026-11-25T10:00:00+0530")], 1, more=True),
        page_of("contacts", [contact("1", "2020-01-01T00:00:00+0000")], 2, more=False),
    )
    ids = [c.contact_id async for c in make_books(script).iter_contacts(ORG_ID, contact_type=None)]
    assert ids == ["2", "1"]
    assert "contact_type" not in script.requests[0].url.params


async def test_offsets_are_compared_as_instants(make_books: MakeBooks) -> None:
    # 10:00+0530 is 04:30 UTC: older than a 05:00 UTC watermark.
    script = Script(page_of("contacts", [contact("1", "2026-11-25T10:00:00+0530")], 1, more=True))
    since = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
    assert [c async for c in make_books(script).iter_contacts(ORG_ID, modified_since=since)] == []


async def test_an_unsorted_stream_is_refused_rather_than_cut_short(make_books: MakeBooks) -> None:
    script = Script(
        page_of(
            "contacts",
            [contact("1", "2026-11-20T08:00:00+0000"), contact("2", "2026-11-25T08:00:00+0000")],
            1,
            more=False,
        )
    )
    since = datetime(2026, 11, 24, tzinfo=UTC)
    with pytest.raises(Unsupported, match="newest first"):
        _ = [c async for c in make_books(script).iter_contacts(ORG_ID, modified_since=since)]


async def test_a_page_newer_than_the_one_before_is_refused(make_books: MakeBooks) -> None:
    script = Script(
        page_of("contacts", [contact("2", "2026-11-25T08:00:00+0000")], 1, more=True),
        page_of("contacts", [contact("1", "2026-11-26T08:00:00+0000")], 2, more=False),
    )
    contacts = make_books(script).iter_contacts(ORG_ID, modified_since=datetime(2026, 11, 1, tzinfo=UTC))
    assert (await anext(contacts)).contact_id == "2"
    with pytest.raises(Unsupported):
        await anext(contacts)


async def test_expenses_stop_at_the_created_watermark(make_books: MakeBooks) -> None:
    expenses = [
        {"expense_id": "2", "created_time": "2026-11-25T10:00:00+0000"},
        {"expense_id": "1", "created_time": "2026-11-01T10:00:00+0000"},
    ]
    script = Script(page_of("expenses", expenses, 1, more=True))
    since = datetime(2026, 11, 20, tzinfo=UTC)
    ids = [e.expense_id async for e in make_books(script).iter_expenses(ORG_ID, created_since=since)]
    assert ids == ["2"]
    assert script.requests[0].url.params["sort_column"] == "created_time"


async def test_accounts_and_purchase_orders_page_too(make_books: MakeBooks) -> None:
    script = Script(
        page_of("chartofaccounts", [{"account_id": "1", "account_name": "Rent"}], 1, more=False),
        page_of("purchaseorders", [{"purchaseorder_id": "5"}], 1, more=False),
    )
    client = make_books(script)
    assert [a.account_name async for a in client.iter_accounts(ORG_ID)] == ["Rent"]
    assert [p.purchaseorder_id async for p in client.iter_purchase_orders(ORG_ID)] == ["5"]
    assert [r.url.path for r in script.requests] == ["/books/v3/chartofaccounts", "/books/v3/purchaseorders"]
