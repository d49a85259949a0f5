"""Bills: validation, PUT/PATCH line-item semantics, paid bills, bulk all-or-nothing, archive, no PO resource."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from tests.emulators.bill.conftest import API, Org, bill_body, error_code, seed_org


async def _create(http: httpx.AsyncClient, org: Org, body: Any) -> httpx.Response:
    return await http.post(f"{API}/v3/bills", headers=org.headers, json=body)


async def test_create_computes_read_only_fields(http: httpx.AsyncClient, org: Org) -> None:
    response = await _create(http, org, bill_body(org.vendor_id, org.account_id, amounts=(149, 79.99)))
    assert response.status_code == 201
    bill = response.json()
    assert bill["id"].startswith("00n")
    assert bill["amount"] == 228.99
    assert (bill["paymentStatus"], bill["archived"]) == ("UNPAID", False)
    assert bill["createdTime"] == bill["updatedTime"] == "2026-03-02T09:00:00.000Z"
    assert len({line["id"] for line in bill["billLineItems"]}) == 2


def _without(body: dict[str, Any], dotted: str) -> dict[str, Any]:
    *parents, leaf = dotted.split(".")
    target = body
    for part in parents:
        target = target[part]
    del target[leaf]
    return body


@pytest.mark.parametrize("missing", ["vendorId", "dueDate", "invoice", "invoice.invoiceNumber", "invoice.invoiceDate"])
async def test_required_fields(http: httpx.AsyncClient, org: Org, missing: str) -> None:
    body = _without(bill_body(org.vendor_id, org.account_id), missing)
    response = await _create(http, org, body)
    assert (response.status_code, error_code(response)) == (400, "BDC_1001")
    assert missing.split(".")[-1] in response.json()[0]["message"]


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("dueDate", "04/01/2026"),
        ("dueDate", "2026-02-30"),
        ("vendorId", "009010000000000999"),
        ("billLineItems", []),
        ("billLineItems", [{"amount": 0}]),
        ("billLineItems", [{"amount": -5}]),
        ("billLineItems", [{"amount": "10"}]),
        ("billLineItems", [{"amount": 10, "classifications": {"chartOfAccountId": "0ca010000000000999"}}]),
        ("invoice", "INV-1"),
        ("purchaseOrderId", "PO-1"),
    ],
)
async def test_invalid_bills_are_rejected(http: httpx.AsyncClient, org: Org, change: str, value: Any) -> None:
    response = await _create(http, org, {**bill_body(org.vendor_id, org.account_id), change: value})
    assert (response.status_code, error_code(response)) == (400, "BDC_1001")


async def test_vendor_of_another_org_is_rejected(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    _, _, foreign_vendor = seed_org(emu, "Globex")
    assert error_code(await _create(http, org, bill_body(foreign_vendor, org.account_id))) == "BDC_1001"


async def test_put_replaces_line_items(http: httpx.AsyncClient, org: Org) -> None:
    bill = (await _create(http, org, bill_body(org.vendor_id, org.account_id, amounts=(149, 79.99)))).json()
    kept, dropped = bill["billLineItems"]
    body = bill_body(org.vendor_id, org.account_id, number="INV-1b")
    body["billLineItems"] = [{"amount": 29.99, "description": "new"}, {"id": kept["id"], "amount": 150}]
    replaced = (await http.put(f"{API}/v3/bills/{bill['id']}", headers=org.headers, json=body)).json()
    ids = [line["id"] for line in replaced["billLineItems"]]
    assert kept["id"] in ids
    assert dropped["id"] not in ids
    assert len(ids) == 2
    assert replaced["amount"] == 179.99
    assert replaced["invoice"]["invoiceNumber"] == "INV-1b"
    assert "description" not in next(li for li in replaced["billLineItems"] if li["id"] == kept["id"])


async def test_put_rejects_foreign_line_ids_and_requires_full_body(http: httpx.AsyncClient, org: Org) -> None:
    bill = (await _create(http, org, bill_body(org.vendor_id, org.account_id))).json()
    body = bill_body(org.vendor_id, org.account_id)
    body["billLineItems"] = [{"id": "0bl010000000000999", "amount": 5}]
    assert error_code(await http.put(f"{API}/v3/bills/{bill['id']}", headers=org.headers, json=body)) == "BDC_1001"
    partial = {"billLineItems": [{"amount": 5}]}
    assert error_code(await http.put(f"{API}/v3/bills/{bill['id']}", headers=org.headers, json=partial)) == "BDC_1001"


async def test_patch_merges_named_lines_and_keeps_others(http: httpx.AsyncClient, org: Org) -> None:
    bill = (await _create(http, org, bill_body(org.vendor_id, org.account_id, amounts=(149, 79.99)))).json()
    first, second = bill["billLineItems"]
    patch = {"billLineItems": [{"id": first["id"], "amount": 179}], "description": "updated"}
    updated = (await http.patch(f"{API}/v3/bills/{bill['id']}", headers=org.headers, json=patch)).json()
    assert [line["id"] for line in updated["billLineItems"]] == [first["id"], second["id"]]
    assert updated["billLineItems"][0]["description"] == first["description"]
    assert updated["amount"] == 258.99
    assert updated["description"] == "updated"
    assert updated["invoice"] == bill["invoice"]
    added = {"billLineItems": [{"amount": 1}]}
    grown = (await http.patch(f"{API}/v3/bills/{bill['id']}", headers=org.headers, json=added)).json()
    assert len(grown["billLineItems"]) == 3


async def test_paid_bill_rejects_changes(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    bill = (await _create(http, org, bill_body(org.vendor_id, org.account_id))).json()
    emu.mark_bill_paid(org.id, bill["id"])
    url = f"{API}/v3/bills/{bill['id']}"
    patch = await http.patch(url, headers=org.headers, json={"description": "late edit"})
    assert (patch.status_code, error_code(patch)) == (400, "BDC_1170")
    put = await http.put(url, headers=org.headers, json=bill_body(org.vendor_id, org.account_id))
    assert error_code(put) == "BDC_1170"
    assert error_code(await http.post(f"{url}/archive", headers=org.headers)) == "BDC_1170"
    assert (await http.get(url, headers=org.headers)).json()["paymentStatus"] == "PAID"


async def test_archive_and_restore_are_idempotent(http: httpx.AsyncClient, org: Org) -> None:
    bill = (await _create(http, org, bill_body(org.vendor_id, org.account_id))).json()
    url = f"{API}/v3/bills/{bill['id']}"
    for _ in range(2):
        assert (await http.post(f"{url}/archive", headers=org.headers)).json()["archived"] is True
    assert (await http.post(f"{url}/restore", headers=org.headers)).json()["archived"] is False


async def test_bulk_is_all_or_nothing(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    good = [bill_body(org.vendor_id, org.account_id, number=f"B-{i}") for i in range(3)]
    bad = [*good, {**good[0], "dueDate": "tomorrow"}]
    refused = await http.post(f"{API}/v3/bills/bulk", headers=org.headers, json=bad)
    assert (refused.status_code, error_code(refused)) == (400, "BDC_1001")
    assert "bills[3]" in refused.json()[0]["message"]
    assert emu.bills(org.id) == []
    created = await http.post(f"{API}/v3/bills/bulk", headers=org.headers, json=good)
    assert created.status_code == 201
    assert [b["invoice"]["invoiceNumber"] for b in created.json()] == ["B-0", "B-1", "B-2"]


async def test_bulk_accepts_100_and_refuses_101(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    bodies = [bill_body(org.vendor_id, org.account_id, number=f"B-{i}") for i in range(101)]
    assert error_code(await http.post(f"{API}/v3/bills/bulk", headers=org.headers, json=bodies)) == "BDC_1001"
    assert (await http.post(f"{API}/v3/bills/bulk", headers=org.headers, json=bodies[:100])).status_code == 201
    assert len(emu.bills(org.id)) == 100


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v3/purchase-orders"),
        ("POST", "/v3/purchase-orders"),
        ("GET", "/v3/purchaseorders"),
        ("DELETE", "/v3/bills/00n010000000000001"),
        ("DELETE", "/v3/vendors/009010000000000001"),
    ],
)
async def test_unsupported_apis_are_bdc_1121(http: httpx.AsyncClient, org: Org, method: str, path: str) -> None:
    response = await http.request(method, f"{API}{path}", headers=org.headers)
    assert (response.status_code, error_code(response)) == (404, "BDC_1121")


async def test_unknown_bill_is_404(http: httpx.AsyncClient, org: Org) -> None:
    response = await http.get(f"{API}/v3/bills/00n010000000000999", headers=org.headers)
    assert (response.status_code, error_code(response)) == (404, "BDC_1120")


async def test_archived_account_cannot_be_used(http: httpx.AsyncClient, org: Org) -> None:
    coa = f"{API}/v3/classifications/chart-of-accounts/{org.account_id}"
    await http.post(f"{coa}/archive", headers=org.headers)
    response = await _create(http, org, bill_body(org.vendor_id, org.account_id))
    assert error_code(response) == "BDC_1001"
    assert "archived" in response.json()[0]["message"]


async def test_record_payment_pays_and_locks_bills(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    first = (await _create(http, org, bill_body(org.vendor_id, org.account_id, amounts=(100,)))).json()
    second = (await _create(http, org, bill_body(org.vendor_id, org.account_id, number="INV-2", amounts=(50,)))).json()
    url = f"{API}/v3/bills/record-payment"

    def body(*payments: tuple[str, float]) -> dict[str, Any]:
        lines = [{"billId": bill_id, "amount": amount} for bill_id, amount in payments]
        return {"vendorId": org.vendor_id, "processDate": "2026-03-05", "toPrintCheck": False, "payments": lines}

    too_much = await http.post(url, headers=org.headers, json=body((first["id"], 60), (second["id"], 51)))
    assert error_code(too_much) == "BDC_1001"
    assert {b["paymentStatus"] for b in emu.bills(org.id)} == {"UNPAID"}  # nothing applied
    paid = await http.post(url, headers=org.headers, json=body((first["id"], 60), (second["id"], 50)))
    assert paid.status_code == 200
    assert paid.json()["amount"] == 110
    statuses = {b["id"]: (b["paymentStatus"], b["dueAmount"]) for b in emu.bills(org.id)}
    assert statuses == {first["id"]: ("PARTIAL", 40), second["id"]: ("PAID", 0)}
    edit = await http.patch(f"{API}/v3/bills/{first['id']}", headers=org.headers, json={"description": "x"})
    assert error_code(edit) == "BDC_1170"


async def test_reads_carry_the_vendor_name(http: httpx.AsyncClient, org: Org) -> None:
    created = (await _create(http, org, bill_body(org.vendor_id, org.account_id))).json()
    assert "vendorName" not in created
    fetched = (await http.get(f"{API}/v3/bills/{created['id']}", headers=org.headers)).json()
    listed = (await http.get(f"{API}/v3/bills", headers=org.headers)).json()["results"]
    assert fetched["vendorName"] == listed[0]["vendorName"] == "Acme Supplier"
