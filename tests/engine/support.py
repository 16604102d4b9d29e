"""Scenarios and checks shared by the engine tests.

The helpers here recompute what the engine should have produced from first principles (the
week calendar, the cash identity) rather than calling the engine's own helpers, so that a
mistake in the engine cannot hide behind the same mistake in a test.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim import Scenario
from sim.model.metrics import COST_KINDS, INCOME_CASH_STREAMS, Status
from sim.model.results import Results

WEEKS_PER_MONTH = Fraction(52, 12)

# Every source of randomness in audience growth switched off or made neutral; with
# growth_elasticity = 0 each ordinary post gains exactly base followers.
QUIET_GROWTH: dict[str, Any] = {
    "model_virality": False,
    "model_churn": False,
    "model_fatigue": False,
    "model_platform_shocks": False,
    "model_crowding": False,
    "model_trust": False,
    "model_growth_noise": False,
    "model_unknowns": False,
    "model_parameter_uncertainty": False,
    "growth_elasticity": 0.0,
}
# No offers at all: neither inbound nor from pitching.
NO_DEALS: dict[str, Any] = {"inbound_deals_per_month_at_10k": 0.0, "pitching_hours_per_week": 0.0}
# No money at all except what a test adds back.
NO_MONEY: dict[str, Any] = {
    "equipment_cost_usd": 0.0,
    "software_usd_per_month": 0.0,
    "production_cost_usd_per_post": 0.0,
    "photo_shoots_per_month": 0.0,
    "events_per_year": 0.0,
    "model_affiliate": False,
    "model_platform_payouts": False,
    "model_ugc": False,
    "agency_cut_share": 0.0,
}


def scenario(**overrides: Any) -> Scenario:
    """The default scenario with a short horizon unless the test says otherwise."""
    return Scenario(**{"months": 12, **overrides})


def weeks_through(month: int) -> int:
    """Weekly steps whose mid-week (w + 1/2) falls at or before the end of ``month``."""
    end = month * WEEKS_PER_MONTH
    count = 0
    while count + Fraction(1, 2) < end:
        count += 1
    return count


def weeks_in_month(month: int) -> int:
    return weeks_through(month) - weeks_through(month - 1)


def cash_in(res: Results) -> NDArray[np.float64]:
    return sum((res.monthly[f"income_cash_{s}_usd"] for s in INCOME_CASH_STREAMS), 0.0)  # type: ignore[return-value]


def costs(res: Results) -> NDArray[np.float64]:
    return sum((res.monthly[f"cost_{c}_usd"] for c in COST_KINDS), 0.0)  # type: ignore[return-value]


def assert_cash_identity(res: Results) -> None:
    """net = cash received - costs - tax on every path and month, to the cent, and the
    cumulative line is the running sum of net."""
    m = res.monthly
    residual = m["net_cash_usd"] - (cash_in(res) - costs(res) - m["tax_usd"])
    assert np.abs(residual).max(initial=0.0) < 0.005, "net cash != cash - costs - tax"
    running = np.cumsum(m["net_cash_usd"], axis=1)
    assert np.abs(m["cumulative_net_usd"] - running).max(initial=0.0) < 0.005


def assert_same_monthly(a: Results, b: Results, skip: tuple[str, ...] = ()) -> None:
    """Every monthly array bit for bit, with the same dtype and shape."""
    assert a.monthly.keys() == b.monthly.keys()
    for name in a.monthly:
        if name in skip:
            continue
        np.testing.assert_array_equal(a.monthly[name], b.monthly[name], err_msg=name, strict=True)


def first_quit_month(status: NDArray[np.int8]) -> NDArray[np.int64]:
    """First month each path's status is QUIT, or -1."""
    quit_ = status == Status.QUIT
    return np.where(quit_.any(axis=1), quit_.argmax(axis=1), -1)
