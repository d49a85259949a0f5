"""Books v3 behaviour: organization rules, DC isolation, envelopes, paging, filters, sorting, validation."""

from __future__ import annotations

from typing import Any

import httpx

from emulators.zoho import ZohoEmulator
from tests.emulators.zoho.conftest import World, access_token


def seed_bills(world: World, count: int) -> list[str]:
    line = [{"account_id": world.account_id, "rate": 10.0, "quantity": 1}]
    return [
        world.emu.add_bill(
            world.org_id,
            vendor_id=world.vendor_id,
            bill_number=f"B-{n:03d}",
            date=f"2026-11-{n % 28 + 1:02d}",
            due_date="2026-12-31",
            line_items=line,
        )
        for n in range(count)
    ]


def new_bill(world: World, number: str, **extra: Any) -> dict[str, Any]:
    lines = [{"account_id": world.account_id, "rate": 12.5, "quantity": 2, "description": "Paper"}]
    dates = {"date": "2026-11-20", "due_date": "2026-12-20"}
    return {"vendor_id": world.vendor_id, "bill_number": number, **dates, "line_items": lines, **extra}


async def test_organization_id_is_required(books: httpx.AsyncClient) -> None:
    response = await books.get("/bills", params={"organization_id": ""})
    assert response.status_code == 400
    assert response.json() == {"code": 2, "message": "Invalid value passed for organization_id"}


async def test_foreign_organization_is_rejected(books: httpx.AsyncClient, world: World) -> None:
    other = world.emu.add_organization("us", "Someone Else")
    response = await books.get("/bills", params={"organization_id": other})
    assert response.status_code == 400
    assert response.json()["code"] == 6041


async def test_eu_org_is_invisible_through_the_us_api(client: httpx.AsyncClient, emu: ZohoEmulator) -> None:
    user = emu.add_user("multi@x.test", "eu")
    eu_org = emu.add_organization("eu", "Euro GmbH", currency_code="EUR", time_zone="Europe/Berlin")
    emu.grant_access(user, eu_org)
    token = await access_token(client, emu.issue_refresh_token(user), dc="eu")
    headers, params = {"Authorization": f"Zoho-oauthtoken {token}"}, {"organization_id": eu_org}
    at_us = await client.get("/us/api/books/v3/bills", headers=headers, params=params)
    assert at_us.status_code == 401
    assert at_us.json()["code"] == 57
    at_eu = await client.get("/eu/api/books/v3/bills", headers=headers, params=params)
    assert at_eu.status_code == 200
    orgs = await client.get("/eu/api/books/v3/organizations", headers=headers)
    assert [o["currency_code"] for o in orgs.json()["organizations"]] == ["EUR"]


async def test_missing_or_malformed_authorization_is_57(client: httpx.AsyncClient, world: World) -> None:
    for headers in ({}, {"Authorization": "Bearer abc"}, {"Authorization": "Zoho-oauthtoken nope"}):
        response = await client.get("/us/api/books/v3/bills", headers=headers, params={"organization_id": world.org_id})
        assert response.status_code == 401
        assert response.json() == {"code": 57, "message": "You are not authorized to perform this operation"}


async def test_pagination_reports_has_more_page(books: httpx.AsyncClient, world: World) -> None:
    ids = seed_bills(world, 25)
    seen: list[str] = []
    page, more = 1, True
    while more:
        body = (await books.get("/bills", params={"page": page, "per_page": 10, "sort_column": "created_time"})).json()
        assert body["code"] == 0
        assert body["page_context"]["page"] == page
        seen += [bill["bill_id"] for bill in body["bills"]]
        more, page = body["page_context"]["has_more_page"], page + 1
    assert page == 4
    assert seen == list(reversed(ids))  # created_time descending by default


async def test_last_modified_time_returns_records_at_or_after(books: httpx.AsyncClient, world: World) -> None:
    old, touched = seed_bills(world, 2)
    world.emu.clock.advance(600)
    world.emu.update_bill(world.org_id, touched, notes="changed")
    modified = world.emu.bills(world.org_id)[1]["last_modified_time"]
    assert modified == "2026-11-25T10:10:00+0000"

    async def changed_since(watermark: str) -> list[str]:
        body = (await books.get("/bills", params={"last_modified_time": watermark})).json()
        return sorted(bill["bill_id"] for bill in body["bills"])

    assert await changed_since(modified) == [touched]
    assert await changed_since("2026-11-25T15:40:00+0530") == [touched]  # same instant, India offset
    assert await changed_since("2026-11-25T10:10:01+0000") == []
    assert await changed_since("2026-11-25T10:00:00+00:00") == sorted([old, touched])
    no_offset = await books.get("/bills", params={"last_modified_time": "2026-11-25T10:00:00"})
    assert no_offset.status_code == 400
    assert no_offset.json() == {"code": 2, "message": "Invalid value passed for last_modified_time"}


async def test_contacts_sort_by_last_modified_time_but_do_not_filter_by_it(
    books: httpx.AsyncClient, world: World
) -> None:
    second = world.emu.add_contact(world.org_id, "Ink Ltd")
    world.emu.clock.advance(60)
    world.emu.update_contact(world.org_id, world.vendor_id, notes="touched")
    params = {"sort_column": "last_modified_time", "sort_order": "D", "last_modified_time": "2030-01-01T00:00:00+0000"}
    body = (await books.get("/contacts", params=params)).json()
    assert [c["contact_id"] for c in body["contacts"]] == [world.vendor_id, second]
    assert body["page_context"]["sort_column"] == "last_modified_time"


async def test_bills_cannot_sort_by_last_modified_time(books: httpx.AsyncClient) -> None:
    response = await books.get("/bills", params={"sort_column": "last_modified_time"})
    assert response.json() == {"code": 2, "message": "Invalid value passed for sort_column"}


async def test_bill_filters(books: httpx.AsyncClient, world: World) -> None:
    other_vendor = world.emu.add_contact(world.org_id, "Other Vendor")
    seed_bills(world, 3)
    world.emu.add_bill(
        world.org_id,
        vendor_id=other_vendor,
        bill_number="X-1",
        date="2026-10-01",
        due_date="2026-10-02",
        line_items=[{"account_id": world.account_id, "rate": 1.0}],
    )

    async def numbers(**params: str) -> list[str]:
        return sorted(b["bill_number"] for b in (await books.get("/bills", params=params)).json()["bills"])

    assert await numbers(vendor_id=other_vendor) == ["X-1"]
    assert await numbers(bill_number="b-001") == ["B-001"]
    assert await numbers(bill_number_startswith="B-") == ["B-000", "B-001", "B-002"]
    assert await numbers(filter_by="Status.Overdue") == ["X-1"]
    assert await numbers(date_before="2026-11-02") == ["B-000", "X-1"]
    bad = await books.get("/bills", params={"filter_by": "Status.Bogus"})
    assert bad.json() == {"code": 2, "message": "Invalid value passed for filter_by"}


async def test_create_get_update_bill(books: httpx.AsyncClient, world: World) -> None:
    created = await books.post("/bills", json=new_bill(world, "INV-9", reference_number="PO-77"))
    assert created.status_code == 201
    bill = created.json()["bill"]
    assert bill["total"] == 25.0
    assert bill["balance"] == 25.0
    assert bill["vendor_name"] == "Paper Supply Co"
    assert bill["status"] == "open"
    assert bill["line_items"][0]["item_total"] == 25.0

    got = await books.get(f"/bills/{bill['bill_id']}")
    assert got.json()["bill"] == bill

    world.emu.clock.advance(5)
    updated = await books.put(f"/bills/{bill['bill_id']}", json=new_bill(world, "INV-9", notes="urgent"))
    assert updated.json()["message"] == "Bill information has been updated."
    assert updated.json()["bill"]["notes"] == "urgent"
    assert updated.json()["bill"]["last_modified_time"] > bill["last_modified_time"]


async def test_unknown_ids_are_404_1002(books: httpx.AsyncClient) -> None:
    for path, entity in (("/bills/1", "Bill"), ("/contacts/1", "Contact"), ("/chartofaccounts/1", "Account")):
        response = await books.get(path)
        assert response.status_code == 404
        assert response.json() == {"code": 1002, "message": f"{entity} does not exist."}
    assert (await books.put("/bills/1", json={})).json()["code"] == 1002


async def test_unknown_route_is_zoho_shaped(books: httpx.AsyncClient) -> None:
    response = await books.get("/invoices")
    assert response.status_code == 404
    assert response.json() == {"code": 5, "message": "Invalid URL Passed"}


async def test_duplicate_bill_number_is_rejected(books: httpx.AsyncClient, world: World) -> None:
    assert (await books.post("/bills", json=new_bill(world, "DUP-1"))).status_code == 201
    again = await books.post("/bills", json=new_bill(world, "dup-1"))
    assert again.status_code == 400
    assert again.json()["code"] == 1001
    assert len(world.emu.bills(world.org_id)) == 1


async def test_body_errors(books: httpx.AsyncClient, world: World) -> None:
    malformed = await books.post("/bills", content=b'{"vendor_id": ', headers={"Content-Type": "application/json"})
    assert malformed.json() == {"code": 1038, "message": "JSON is not well formed"}
    missing = await books.post("/bills", json={"vendor_id": world.vendor_id})
    assert missing.json() == {"code": 4, "message": "Please enter a value for bill_number"}
    wrong_type = await books.post("/bills", json={**new_bill(world, "T-1"), "line_items": [{"rate": "12"}]})
    assert wrong_type.json() == {"code": 2, "message": "Invalid value passed for line_items[0].rate"}
    unknown = await books.post("/bills", json={**new_bill(world, "T-2"), "vendor": "x"})
    assert unknown.json() == {"code": 2, "message": "Invalid value passed for vendor"}
    customer = world.emu.add_contact(world.org_id, "A Customer", contact_type="customer")
    not_vendor = await books.post("/bills", json={**new_bill(world, "T-3"), "vendor_id": customer})
    assert not_vendor.json() == {"code": 2, "message": "Invalid value passed for vendor_id"}
    assert world.emu.bills(world.org_id) == []


async def test_jsonstring_form_body_is_accepted(books: httpx.AsyncClient, world: World) -> None:
    import json

    response = await books.post("/bills", data={"JSONString": json.dumps(new_bill(world, "F-1"))})
    assert response.status_code == 201


async def test_contacts_active_inactive(books: httpx.AsyncClient, world: World) -> None:
    inactive = await books.post(f"/contacts/{world.vendor_id}/inactive")
    assert inactive.json() == {"code": 0, "message": "The contact has been marked as inactive."}
    listed = (await books.get("/contacts", params={"filter_by": "Status.Inactive"})).json()["contacts"]
    assert [c["contact_id"] for c in listed] == [world.vendor_id]
    await books.post(f"/contacts/{world.vendor_id}/active")
    assert (await books.get(f"/contacts/{world.vendor_id}")).json()["contact"]["status"] == "active"


async def test_contact_create_and_duplicate_name(books: httpx.AsyncClient) -> None:
    body = {"contact_name": "New Vendor", "contact_type": "vendor", "contact_persons": [{"email": "a@b.test"}]}
    created = await books.post("/contacts", json=body)
    assert created.status_code == 201
    assert created.json()["contact"]["contact_persons"][0]["is_primary_contact"] is True
    listed = (await books.get("/contacts", params={"contact_type": "vendor", "email": "a@b.test"})).json()
    assert [c["contact_name"] for c in listed["contacts"]] == ["New Vendor"]
    assert (await books.post("/contacts", json=body)).json()["code"] == 3062


async def test_contact_persons_keep_their_ids_on_update(books: httpx.AsyncClient) -> None:
    body = {"contact_name": "Persons Ltd", "contact_type": "vendor", "contact_persons": [{"email": "a@b.test"}]}
    contact = (await books.post("/contacts", json=body)).json()["contact"]
    person_id = contact["contact_persons"][0]["contact_person_id"]
    assert person_id
    kept = {"contact_name": "Persons Ltd", "contact_persons": [{"contact_person_id": person_id, "email": "new@b.test"}]}
    updated = (await books.put(f"/contacts/{contact['contact_id']}", json=kept)).json()["contact"]
    assert [(p["contact_person_id"], p["email"]) for p in updated["contact_persons"]] == [(person_id, "new@b.test")]
    replaced = {"contact_name": "Persons Ltd", "contact_persons": [{"email": "other@b.test"}]}
    await books.put(f"/contacts/{contact['contact_id']}", json=replaced)
    after = (await books.get(f"/contacts/{contact['contact_id']}")).json()["contact"]
    assert [p["email"] for p in after["contact_persons"]] == ["other@b.test"]
    assert after["contact_persons"][0]["contact_person_id"] != person_id


async def test_chart_of_accounts_expenses_and_purchase_orders(books: httpx.AsyncClient, world: World) -> None:
    bank = await books.post("/chartofaccounts", json={"account_name": "Checking", "account_type": "bank"})
    assert bank.status_code == 201
    bank_id = bank.json()["chart_of_account"]["account_id"]
    assets = (await books.get("/chartofaccounts", params={"filter_by": "AccountType.Asset"})).json()
    assert [a["account_name"] for a in assets["chartofaccounts"]] == ["Checking"]

    expense = {"account_id": world.account_id, "paid_through_account_id": bank_id, "amount": 40, "date": "2026-11-02"}
    created = await books.post("/expenses", json=expense)
    assert created.status_code == 200
    assert created.json()["expense"]["paid_through_account_name"] == "Checking"
    assert (await books.get("/expenses")).json()["expenses"][0]["total"] == 40.0

    po = {"vendor_id": world.vendor_id, "line_items": [{"account_id": world.account_id, "rate": 5, "quantity": "3"}]}
    po_created = (await books.post("/purchaseorders", json=po)).json()["purchaseorder"]
    assert po_created["purchaseorder_number"] == "PO-00001"
    assert po_created["total"] == 15.0
    assert po_created["status"] == "draft"
    got = (await books.get(f"/purchaseorders/{po_created['purchaseorder_id']}")).json()["purchaseorder"]
    assert got == po_created


async def test_seeded_bills_are_shown_as_the_api_would(world: World) -> None:
    world.emu.add_bill(
        world.org_id,
        vendor_id=world.vendor_id,
        bill_number="S-1",
        date="2026-11-01",
        due_date="2026-11-10",
        line_items=[{"account_id": world.account_id, "rate": 100, "quantity": 1}],
        currency_code="EUR",
    )
    [bill] = world.emu.bills(world.org_id)
    assert bill["status"] == "overdue"
    assert bill["currency_code"] == "EUR"
    world.emu.update_bill(world.org_id, bill["bill_id"], status="paid")
    [paid] = world.emu.bills(world.org_id)
    assert (paid["status"], paid["balance"], paid["payment_made"]) == ("paid", 0.0, 100.0)


async def test_single_views_report_usage(books: httpx.AsyncClient, world: World) -> None:
    contact = (await books.get(f"/contacts/{world.vendor_id}")).json()["contact"]
    account = (await books.get(f"/chartofaccounts/{world.account_id}")).json()
    assert (contact["has_transaction"], account["is_involved_in_transaction"]) == (False, False)
    seed_bills(world, 1)
    contact = (await books.get(f"/contacts/{world.vendor_id}")).json()["contact"]
    account = (await books.get(f"/chartofaccounts/{world.account_id}")).json()
    assert (contact["has_transaction"], account["is_involved_in_transaction"]) == (True, True)


async def test_unmodelled_filter_is_501_not_a_wrong_list(books: httpx.AsyncClient) -> None:
    response = await books.get("/contacts", params={"filter_by": "Status.Crm"})
    assert response.status_code == 501
    assert response.json()["message"] == "The Zoho emulator does not model filter_by=Status.Crm."


async def test_unknown_data_centre_is_invalid_url(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/xx/api/books/v3/bills", params={"organization_id": world.org_id})
    assert (response.status_code, response.json()["code"]) == (404, 5)
    assert world.emu.stats.statuses[404] == 1


async def test_unmodelled_documented_parameter_is_501(books: httpx.AsyncClient) -> None:
    response = await books.get("/bills", params={"total_less_than": "10"})
    assert response.status_code == 501
    assert response.json()["code"] != 0
