"""Results and the verdict: per-path outcomes on hand-made arrays, tables over a small run,
and the plain-language verdict built only from the summary's figures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim import Scenario, simulate
from sim.model.metrics import COST_KINDS, INCOME_CASH_STREAMS, METRICS, Status
from sim.model.results import QUANTILES, Summary, break_even_months, out_of_pocket, verdict

RES = simulate(Scenario(months=6, start_followers=5_000, job_hours_per_week=50), 300, 8)


def test_break_even_is_the_first_month_that_stays_in_profit() -> None:
    cumulative = np.array(
        [
            [-400.0, -300.0, 100.0, -50.0, 20.0],  # dips again in month 3: breaks even in 4
            [-400.0, 10.0, 20.0, 30.0, 40.0],  # from month 1
            [-400.0, -300.0, -200.0, -100.0, -1.0],  # never
            [0.0, 0.0, 0.0, 0.0, 0.0],  # zero counts as even, from month 1
            [-400.0, -300.0, -200.0, -100.0, 0.0],  # in the last month
        ]
    )
    np.testing.assert_array_equal(break_even_months(cumulative), [4, 1, np.inf, 1, 4])
    np.testing.assert_array_equal(out_of_pocket(cumulative), [400, 400, 400, 0, 400])


def summary(**changes: object) -> Summary:
    return dataclasses.replace(RES.summary, **changes)  # type: ignore[arg-type]


def test_verdict_out_of_pocket_sentence() -> None:
    s = summary(
        p_success=0.3,
        p_profitable=0.3,
        months=24,
        hourly_wage_usd_p50=2.1,
        day_job_wage_usd_per_hour=28.0,
        break_even_month_p50=None,
        max_out_of_pocket_usd_p90=0.0,
        p_burnout=0.0,
        p_strain=0.0,
        p_quit=0.0,
    )
    assert verdict(s) == (
        "In 7 of 10 simulated futures this plan does not work out: after 24 months it does not "
        "pay for itself, or you have stopped; the median hour pays $2.10 (your day job pays "
        "$28.00)."
    )


def test_verdict_works_out_with_break_even_loss_strain_and_quitting() -> None:
    s = summary(
        p_success=0.8,
        p_profitable=0.85,
        months=12,
        hourly_wage_usd_p50=35.0,
        day_job_wage_usd_per_hour=28.0,
        break_even_month_p50=7.0,
        max_out_of_pocket_usd_p90=2_345.0,
        p_burnout=0.25,
        p_strain=0.6,
        p_quit=0.1,
    )
    text = verdict(s)
    assert text.startswith(
        "In 8 of 10 simulated futures this plan works out: after 12 months it pays for itself, "
        "and you are still creating"
    )
    assert "breaks even in month 7" in text
    assert "$2,345" in text
    # half of the futures that fail stop: stopping is said to be the main reason
    assert "Stopping is the main reason it fails: 10% of futures stop for good" in text
    assert "60% of futures wear you down to what surveys call burnout" in text
    assert "25% to a break from posting" in text


def test_verdict_leads_with_working_out_not_with_profit() -> None:
    """A plan in profit in most futures only because many futures stopped does not read as
    working out: the verdict is the chance of profit *and* still creating, and it says when
    stopping is what fails it, and how many of those who stopped were in profit."""
    text = verdict(summary(p_success=0.2, p_profitable=0.9, p_quit=0.7, p_quit_in_profit=0.63))
    assert text.startswith("In 8 of 10 simulated futures this plan does not work out")
    assert "Stopping is the main reason it fails: 70% of futures stop for good" in text
    assert "90% of them in profit" in text


def test_verdict_extremes_are_not_rounded_away() -> None:
    """97% is 'nearly all (97%)', not '10 of 10'; 99.9% is 'nearly all (>99%)', never 100%;
    only a certainty is 'every' (or 'none')."""
    assert verdict(summary(p_success=0.03)).startswith(
        "In nearly all (97%) simulated futures this plan does not work out"
    )
    assert verdict(summary(p_success=0.97)).startswith(
        "In nearly all (97%) simulated futures this plan works out"
    )
    assert verdict(summary(p_success=0.999)).startswith(
        "In nearly all (>99%) simulated futures this plan works out"
    )
    assert verdict(summary(p_success=0.0)).startswith(
        "This plan works out in none of the simulated futures: after"
    )
    assert verdict(summary(p_success=1.0)).startswith(
        "This plan works out in every simulated future: after"
    )
    assert verdict(summary(p_success=0.5)).startswith(
        "In 5 of 10 simulated futures this plan works out"
    )
    assert "after 1 month it" in verdict(summary(p_success=0.0, months=1))
    assert "10 of 10" not in verdict(summary(p_success=0.0))


def test_summary_verdict_is_the_verdict_of_its_figures() -> None:
    assert RES.summary.verdict == verdict(RES.summary)
    assert RES.summary.as_dict()["verdict"] == RES.summary.verdict


def test_quantile_tables() -> None:
    q = RES.quantiles("followers")
    assert list(q.columns) == ["p10", "p25", "p50", "p75", "p90"] and len(q) == 7
    assert (q.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    np.testing.assert_allclose(
        q["p50"], np.median(RES.monthly["followers"].astype(np.float64), axis=0)
    )
    table = RES.quantile_table()
    assert len(table) == (len(METRICS) - 1) * 7
    assert set(table["metric"]) == {m.name for m in METRICS} - {"status"}
    assert list(table.columns[-len(QUANTILES) - 1 :]) == ["p10", "p25", "p50", "p75", "p90", "mean"]


def test_status_shares_add_up() -> None:
    shares = RES.status_shares()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares.iloc[0]["active"] == 1.0
    quit_share = (RES.monthly["status"][:, -1] == Status.QUIT).mean()
    assert shares.iloc[-1]["quit"] == pytest.approx(quit_share)


def test_paths_frame_and_income_table() -> None:
    frame = RES.paths_frame([5, 2])
    assert list(frame["path"].unique()) == [5, 2] and len(frame) == 14
    np.testing.assert_allclose(
        frame.loc[frame["path"] == 2, "followers"], RES.monthly["followers"][2]
    )
    lines = RES.income_and_costs()
    assert list(lines["line"]) == [*INCOME_CASH_STREAMS, *COST_KINDS, "tax"]
    software = lines.loc[lines["line"] == "software", "p50"].item()
    assert software == pytest.approx(np.median(RES.total("cost_software_usd")))


def test_pick_path() -> None:
    final = RES.final("cumulative_net_usd")
    assert final[RES.pick_path("worst")] == final.min()
    assert final[RES.pick_path("best")] == final.max()
    assert final[RES.pick_path("median")] == np.sort(final)[(len(final) - 1) // 2]
    assert RES.pick_path("random", 3) == RES.pick_path("random", 3)
    assert 0 <= RES.pick_path("random", 3) < RES.paths


def test_hourly_wage_is_net_over_creator_hours() -> None:
    wage = RES.hourly_wage()
    expected = RES.final("cumulative_net_usd") / RES.total("creator_hours")
    np.testing.assert_allclose(wage, expected)
    assert RES.summary.hourly_wage_usd_p50 == pytest.approx(np.quantile(wage, 0.5))
