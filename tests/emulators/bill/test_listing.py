"""List semantics: max, page tokens, filters (ops and fields), sort, and the non-filterable invoice number."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from tests.emulators.bill.conftest import API, Org, bill_body, error_code


async def _vendors(http: httpx.AsyncClient, org: Org, **params: str) -> httpx.Response:
    return await http.get(f"{API}/v3/vendors", headers=org.headers, params=params)


@pytest.fixture
def many_vendors(emu: BillEmulator, org: Org) -> list[str]:
    """25 more vendors, one minute apart (plus the seeded one)."""
    ids = []
    for index in range(25):
        emu.clock.advance(timedelta(minutes=1))
        ids.append(emu.add_vendor(org.id, f"Vendor {index:02d}"))
    return ids


async def test_pages_walk_forward_and_back_without_overlap(
    http: httpx.AsyncClient, org: Org, many_vendors: list[str]
) -> None:
    first = (await _vendors(http, org, max="10")).json()
    assert len(first["results"]) == 10
    assert "prevPage" not in first
    second = (await _vendors(http, org, max="10", page=first["nextPage"])).json()
    third = (await _vendors(http, org, max="10", page=second["nextPage"])).json()
    assert "nextPage" not in third
    seen = [v["id"] for p in (first, second, third) for v in p["results"]]
    assert len(seen) == len(set(seen)) == 26
    back = (await _vendors(http, org, max="10", page=second["prevPage"])).json()
    assert back["results"] == first["results"]


async def test_default_page_is_20_and_max_is_capped_at_100(
    http: httpx.AsyncClient, org: Org, many_vendors: list[str]
) -> None:
    assert len((await _vendors(http, org)).json()["results"]) == 20
    for bad in ("0", "101", "ten"):
        assert error_code(await _vendors(http, org, max=bad)) == "BDC_1001"


async def test_page_token_of_another_query_is_rejected(
    http: httpx.AsyncClient, org: Org, many_vendors: list[str]
) -> None:
    token = (await _vendors(http, org, max="5")).json()["nextPage"]
    assert error_code(await _vendors(http, org, max="5", page=token, sort="name:desc")) == "BDC_1001"
    assert error_code(await _vendors(http, org, page="not-a-token")) == "BDC_1001"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ('name:eq:"Vendor 03"', ["Vendor 03"]),
        ("name:sw:Vendor 2", ["Vendor 20", "Vendor 21", "Vendor 22", "Vendor 23", "Vendor 24"]),
        ('name:in:"Vendor 01,Vendor 02"', ["Vendor 01", "Vendor 02"]),
        ("name:in:Vendor 01,Vendor 02", ["Vendor 01", "Vendor 02"]),
        ('createdTime:gt:"2026-03-02T09:23:00.000Z"', ["Vendor 23", "Vendor 24"]),
        ("createdTime:gte:2026-03-02T09:25:00Z", ["Vendor 24"]),
        ("createdTime:lt:2026-03-02T09:01:00Z", ["Acme Supplier"]),
        ("createdTime:lte:2026-03-02T09:01:00Z,name:ne:Acme Supplier", ["Vendor 00"]),
    ],
)
async def test_filters(
    http: httpx.AsyncClient, org: Org, many_vendors: list[str], filters: str, expected: list[str]
) -> None:
    response = await _vendors(http, org, filters=filters, max="100")
    assert response.status_code == 200, response.text
    assert sorted(v["name"] for v in response.json()["results"]) == expected


async def test_nin_and_archived_filters(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, many_vendors: list[str]
) -> None:
    await http.post(f"{API}/v3/vendors/{many_vendors[0]}/archive", headers=org.headers)
    archived = (await _vendors(http, org, filters="archived:eq:true")).json()["results"]
    assert [v["id"] for v in archived] == [many_vendors[0]]
    rest = (await _vendors(http, org, filters=f"id:nin:{many_vendors[0]},{many_vendors[1]}", max="100")).json()
    assert len(rest["results"]) == 24


async def test_sort(http: httpx.AsyncClient, org: Org, many_vendors: list[str]) -> None:
    names = [v["name"] for v in (await _vendors(http, org, sort="name:desc", max="3")).json()["results"]]
    assert names == ["Vendor 24", "Vendor 23", "Vendor 22"]
    newest = (await _vendors(http, org, sort="createdTime:desc", max="1")).json()["results"][0]
    assert newest["id"] == many_vendors[-1]
    assert error_code(await _vendors(http, org, sort="name:sideways")) == "BDC_1001"


@pytest.mark.parametrize(
    "filters",
    ["name:like:x", "archived:gt:true", "archived:eq:maybe", "createdTime:gt:yesterday", "nonsense", "dueDate:eq:x"],
)
async def test_bad_filters_are_rejected(http: httpx.AsyncClient, org: Org, filters: str) -> None:
    assert error_code(await _vendors(http, org, filters=filters)) == "BDC_1001"


async def test_bill_filters_and_invoice_number_is_not_filterable(http: httpx.AsyncClient, org: Org) -> None:
    created: list[dict[str, Any]] = []
    for number, due in (("A-1", "2026-04-01"), ("A-2", "2026-05-01")):
        body = {**bill_body(org.vendor_id, org.account_id, number=number), "dueDate": due}
        created.append((await http.post(f"{API}/v3/bills", headers=org.headers, json=body)).json())
    params = {"filters": f'vendorId:eq:{org.vendor_id},dueDate:gte:"2026-04-15"'}
    found = (await http.get(f"{API}/v3/bills", headers=org.headers, params=params)).json()["results"]
    assert [b["id"] for b in found] == [created[1]["id"]]
    unpaid = await http.get(f"{API}/v3/bills", headers=org.headers, params={"filters": "paymentStatus:eq:UNPAID"})
    assert len(unpaid.json()["results"]) == 2
    refused = await http.get(f"{API}/v3/bills", headers=org.headers, params={"filters": "invoice.invoiceNumber:eq:A-1"})
    assert (refused.status_code, error_code(refused)) == (400, "BDC_1001")
    assert "invoice.invoiceNumber" in refused.json()[0]["message"]
