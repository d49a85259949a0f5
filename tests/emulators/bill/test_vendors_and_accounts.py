"""Vendors (bulk ≤ 20 all-or-nothing, PATCH without bank details) and the chart of accounts."""

from __future__ import annotations

from typing import Any

import httpx

from emulators.bill import BillEmulator
from tests.emulators.bill.conftest import API, Org, error_code

COA = f"{API}/v3/classifications/chart-of-accounts"


def _vendor(name: str) -> dict[str, Any]:
    return {"name": name, "accountType": "BUSINESS", "email": "ap@example.test", "billCurrency": "USD"}


async def test_vendor_create_get_patch(http: httpx.AsyncClient, org: Org) -> None:
    created = await http.post(f"{API}/v3/vendors", headers=org.headers, json=_vendor("Happy Music"))
    assert created.status_code == 201
    vendor_id = created.json()["id"]
    assert vendor_id.startswith("009")
    patched = await http.patch(f"{API}/v3/vendors/{vendor_id}", headers=org.headers, json={"name": "Happy Music 2"})
    assert patched.json()["name"] == "Happy Music 2"
    assert (await http.get(f"{API}/v3/vendors/{vendor_id}", headers=org.headers)).json() == patched.json()


async def test_vendor_validation(http: httpx.AsyncClient, org: Org) -> None:
    for body in (
        {"accountType": "BUSINESS"},
        {"name": 7},
        {"name": "X", "accountType": "ROBOT"},
        {"name": "X", "x": 1},
    ):
        assert error_code(await http.post(f"{API}/v3/vendors", headers=org.headers, json=body)) == "BDC_1001"


async def test_vendor_patch_refuses_bank_details(http: httpx.AsyncClient, org: Org) -> None:
    bank = {"paymentInformation": {"bankAccount": {"nameOnAccount": "A", "accountNumber": "1"}}}
    response = await http.patch(f"{API}/v3/vendors/{org.vendor_id}", headers=org.headers, json=bank)
    assert error_code(response) == "BDC_1001"
    assert "bank-account" in response.json()[0]["message"]


async def test_vendor_bulk_limit_and_all_or_nothing(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    bodies = [_vendor(f"V{i}") for i in range(21)]
    assert error_code(await http.post(f"{API}/v3/vendors/bulk", headers=org.headers, json=bodies)) == "BDC_1001"
    broken = [*bodies[:5], {"accountType": "BUSINESS"}]
    refused = await http.post(f"{API}/v3/vendors/bulk", headers=org.headers, json=broken)
    assert "vendors[5]" in refused.json()[0]["message"]
    assert len(emu.vendors(org.id)) == 1  # only the seeded vendor
    created = await http.post(f"{API}/v3/vendors/bulk", headers=org.headers, json=bodies[:20])
    assert created.status_code == 201
    assert len(created.json()["vendors"]) == 20


async def test_vendor_archive_blocks_new_bills(http: httpx.AsyncClient, org: Org) -> None:
    archived = await http.post(f"{API}/v3/vendors/{org.vendor_id}/archive", headers=org.headers)
    assert archived.json()["archived"] is True
    body = {
        "vendorId": org.vendor_id,
        "dueDate": "2026-04-01",
        "invoice": {"invoiceNumber": "1", "invoiceDate": "2026-03-01"},
        "billLineItems": [{"amount": 1}],
    }
    assert error_code(await http.post(f"{API}/v3/bills", headers=org.headers, json=body)) == "BDC_1001"
    restored = await http.post(f"{API}/v3/vendors/{org.vendor_id}/restore", headers=org.headers)
    assert restored.json()["archived"] is False
    assert (await http.post(f"{API}/v3/bills", headers=org.headers, json=body)).status_code == 201


async def test_chart_of_accounts_lifecycle(http: httpx.AsyncClient, org: Org) -> None:
    body = {"name": "Prepaid", "description": "Q4", "account": {"type": "EXPENSE", "number": "1-020"}}
    created = (await http.post(COA, headers=org.headers, json=body)).json()
    assert created["id"].startswith("0ca")
    child = {"name": "Prepaid rent", "parentId": created["id"], "account": {"type": "EXPENSE"}}
    assert (await http.post(COA, headers=org.headers, json=child)).status_code == 201
    patched = await http.patch(f"{COA}/{created['id']}", headers=org.headers, json={"account": {"number": "1-021"}})
    assert patched.json()["account"] == {"type": "EXPENSE", "number": "1-021"}
    assert (await http.post(f"{COA}/{created['id']}/archive", headers=org.headers)).json()["archived"] is True
    listed = await http.get(COA, headers=org.headers, params={"filters": "archived:eq:false"})
    assert {a["name"] for a in listed.json()["results"]} == {"Office Supplies", "Prepaid rent"}


async def test_chart_of_accounts_validation(http: httpx.AsyncClient, org: Org) -> None:
    bad = [
        {"name": "No account"},
        {"name": "Bad type", "account": {"type": "SNACKS"}},
        {"name": "Orphan", "parentId": "0ca010000000000999", "account": {"type": "EXPENSE"}},
    ]
    for body in bad:
        assert error_code(await http.post(COA, headers=org.headers, json=body)) == "BDC_1001"


async def test_chart_of_accounts_bulk(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    items = [{"name": f"A{i}", "account": {"type": "EXPENSE", "number": str(i)}} for i in range(3)]
    created = (await http.post(f"{COA}/bulk", headers=org.headers, json=items)).json()["chartOfAccounts"]
    ids = [a["id"] for a in created]
    updates = [{"id": ids[0], "name": "Renamed"}, {"id": "0ca010000000000999", "name": "Ghost"}]
    assert error_code(await http.patch(f"{COA}/bulk", headers=org.headers, json=updates)) == "BDC_1001"
    assert {a["name"] for a in emu.accounts(org.id)} >= {"A0"}
    renamed = await http.patch(f"{COA}/bulk", headers=org.headers, json=updates[:1])
    assert renamed.json()["chartOfAccounts"][0]["name"] == "Renamed"
    archived = await http.post(f"{COA}/bulk/archive", headers=org.headers, params={"ids": ",".join(ids)})
    assert all(a["archived"] for a in archived.json()["chartOfAccounts"])
    restored = await http.post(f"{COA}/bulk/restore", headers=org.headers, params={"ids": ids[0]})
    assert restored.json()["chartOfAccounts"][0]["archived"] is False
    too_many = [{"name": f"B{i}", "account": {"type": "EXPENSE"}} for i in range(51)]
    assert error_code(await http.post(f"{COA}/bulk", headers=org.headers, json=too_many)) == "BDC_1001"
