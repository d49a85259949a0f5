"""Fixtures for the BILL client tests."""

from __future__ import annotations

import pytest

from tests.clients.bill.fake_bill import FakeBill


@pytest.fixture
def fake() -> FakeBill:
    """A fresh fake BILL per test."""
    return FakeBill()
