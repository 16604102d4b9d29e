"""The one formatter: every figure reads the same in the app, the report and the exports."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model import format as fmt


@pytest.mark.parametrize(
    ("value", "cents", "text"),
    [
        (-4.95, True, "-$4.95"),
        (-4.95, False, "-$5"),
        (44.33, False, "$44"),
        (-6228.4, False, "-$6,228"),
        (1234567.0, False, "$1,234,567"),
        (-0.2, False, "$0"),
        (-0.004, True, "$0.00"),
        (0.0, False, "$0"),
        (None, False, fmt.MISSING),
        (math.nan, False, fmt.MISSING),
    ],
)
def test_money(value: float | None, cents: bool, text: str) -> None:
    assert fmt.money(value, cents=cents) == text


def test_signed_money() -> None:
    assert fmt.signed_money(120) == "+$120"
    assert fmt.signed_money(-4500.2) == "-$4,500"
    assert fmt.signed_money(0.3) == "$0"


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "0%"),
        (0.003, "<1%"),
        (0.005, "<1%"),
        (0.0051, "1%"),
        (0.34, "34%"),
        (0.996, ">99%"),
        (0.9951, ">99%"),
        (1.0, "100%"),
        (None, fmt.MISSING),
    ],
)
def test_pct(p: float | None, text: str) -> None:
    assert fmt.pct(p) == text


def test_pct_decimals() -> None:
    assert fmt.pct(0.0004, decimals=1) == "<0.1%"
    assert fmt.pct(0.1234, decimals=1) == "12.3%"
    assert fmt.pct(0.9999, decimals=1) == ">99.9%"


@given(st.floats(min_value=0, max_value=1))
def test_pct_never_says_never_or_always_of_what_may_happen(p: float) -> None:
    text = fmt.pct(p)
    assert (text == "0%") == (p == 0)
    assert (text == "100%") == (p == 1)


def test_points() -> None:
    assert fmt.points(0.12) == "+12 points"
    assert fmt.points(-0.03) == "-3 points"
    assert fmt.points(0.01) == "+1 point"
    assert fmt.points(0.003) == "+0.3 points"
    assert fmt.points(-0.003) == "-0.3 points"
    assert fmt.points(0.0004) == "about the same"
    assert fmt.points(0.0) == "0 points"
    assert fmt.points(0.0123, decimals=1) == "+1.2 points"


def test_counts_hours_months() -> None:
    assert fmt.count(12345.4) == "12,345"
    assert fmt.count(-0.2) == "0"
    assert fmt.signed_count(1200) == "+1,200"
    assert fmt.signed_count(0.4) == "0"
    assert fmt.hours(12.46) == "12.5 h"
    assert fmt.hours_a_week(7) == "7.0 h a week"
    assert fmt.month(14.0) == "month 14"
    assert fmt.month(None) == "never"
    assert fmt.months(1) == "1 month"
    assert fmt.months(24) == "24 months"
    assert fmt.number(0.25, 2) == "0.25"
    assert fmt.number(1500) == "1,500"


@pytest.mark.parametrize(
    ("p", "text"),
    [(1.0, "all"), (0.996, "nearly all"), (0.7, "7 in 10"), (0.02, "almost none"), (0, "none")],
)
def test_in_ten(p: float, text: str) -> None:
    assert fmt.in_ten(p) == text


def test_figures_by_name() -> None:
    assert fmt.figure("p_success", 0.004) == "<1%"
    assert fmt.figure("net_profit_usd_p50", 44.33) == "$44"
    assert fmt.figure("hourly_wage_usd_p50", -4.95) == "-$4.95"
    assert fmt.figure("break_even_month_p50", None) == "never"
    assert fmt.figure("followers_p50", 1234.6) == "1,235"
    assert fmt.figure("p_success_diff_pts", 12.0) == "+12 points"
    assert fmt.figure("net_profit_diff_usd_p50", 300.0) == "+$300"
    assert fmt.figure("creator_hours_per_week_p50", 9.04) == "9.0 h a week"
    assert fmt.figure_label("p_success").startswith("Chance it works out")


def test_every_summary_figure_has_words() -> None:
    from dataclasses import fields

    from sim.model.results import Summary

    missing = [f.name for f in fields(Summary) if f.name not in fmt.FIGURE_LABELS]
    assert not missing
