"""Nearest-rank percentiles."""

from __future__ import annotations

import pytest

from bench.percentiles import percentile


def test_nearest_rank_reports_observed_values() -> None:
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 99) == 0.5
    assert percentile(values, 0) == 0.1
    assert percentile(list(range(1, 101)), 95) == 95


def test_no_values_is_an_error() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
