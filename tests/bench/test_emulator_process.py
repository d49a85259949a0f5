"""The emulators' child process: method calls reach the emulators there, their failures come back as errors,
private names are refused, and the emulators answer HTTP on their ports."""

from __future__ import annotations

import httpx
import pytest

from bench.emulator_process import EmulatorCallFailed, EmulatorPorts, RemoteEmulator, emulator_process
from bench.stack import free_ports, url
from cli.demo import DemoApp


async def test_calls_reach_the_emulators_in_the_child() -> None:
    zoho_port, bill_port = free_ports(2)
    async with emulator_process(DemoApp.generate(), EmulatorPorts(zoho_port, bill_port)) as process:
        bill = RemoteEmulator(process, "bill")
        org_id = bill.add_organization("Remote Ltd (BILL)")
        bill.add_vendor(org_id, "Remote Vendor", billCurrency="USD")

        assert [vendor["name"] for vendor in bill.vendors(org_id)] == ["Remote Vendor"]
        assert process.calls().bill_calls == 0
        with pytest.raises(EmulatorCallFailed, match="add_vendor"):
            bill.add_vendor("no-such-org", "Nobody")
        with pytest.raises(EmulatorCallFailed, match="may not be called"):
            process.call("bill", "_state")
        with pytest.raises(AttributeError):
            _ = RemoteEmulator(process, "bill")._private
        async with httpx.AsyncClient() as http:
            answer = await http.get(f"{url(bill_port)}/connect/v3/vendors")
        assert answer.status_code >= 400, "the BILL emulator answers (no session: refused)"
        assert process.calls().bill_calls + process.calls().bill_limited >= 1
