"""Model version 3 (issue 18): pays off by the person's own measure; effort, strain and
quitting as creators report them; the model's own uncertainty in the answer.

The properties the issue asks for are checked on common random numbers (the same seed), each
within Monte Carlo noise where the statistic is a share of futures.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import pytest

from sim import Scenario, simulate
from sim.cli.entry import main as cli_main
from sim.model.engine import calendar_month
from sim.model.metrics import Status
from sim.model.presets import plans
from sim.model.results import works_out

SEED = 5


def side_hustle(platform: str = "instagram", **more: Any) -> Scenario:
    return Scenario.from_preset(platform, "fashion", **{**plans()["side_hustle"].values, **more})


def noise(a: np.ndarray, b: np.ndarray) -> float:
    """Two standard errors of the paired difference of two per-future indicators."""
    d = a.astype(float) - b.astype(float)
    return 2 * d.std(ddof=1) / math.sqrt(d.size) + 1e-12


# --- the person's own measure ------------------------------------------------------------------


def test_each_measure_is_what_it_says_on_every_future() -> None:
    base = side_hustle(start_followers=20_000, months=12)
    for goal in ("pays_for_itself", "side_income", "living"):
        sc = base.model_copy(update={"goal": goal, "goal_usd_per_month": 200.0})
        res = simulate(sc, 400, SEED)
        m = res.monthly
        going = m["status"][:, -1] != Status.QUIT
        if goal == "pays_for_itself":
            met = m["cumulative_net_usd"][:, -1] >= 0
        elif goal == "side_income":
            met = m["net_cash_usd"][:, -3:].astype(float).mean(axis=1) >= 200.0
        else:
            income = (m["net_cash_usd"] + m["job_pay_usd"])[:, -3:].astype(float).mean(axis=1)
            met = (income >= sc.living_costs_usd_per_month) & (
                m["savings_usd"][:, 1:].min(axis=1) >= 0
            )
        np.testing.assert_array_equal(res.works_out(), met & going)
        assert res.summary.p_success == pytest.approx((met & going).mean())
        assert res.summary.goal == goal


def test_a_living_whose_savings_run_out_is_never_a_success() -> None:
    """Going full-time on little income: the months the savings run out fail the plan, even
    where the last three months would cover the living costs."""
    sc = Scenario.from_preset(
        "youtube",
        "tech",
        **{**plans()["going_full_time"].values, "start_followers": 30_000},
        savings_usd=2_000.0,
        living_costs_usd_per_month=1_500.0,
    )
    res = simulate(sc, 600, SEED)
    ran_out = res.monthly["savings_usd"][:, 1:].min(axis=1) < 0
    assert ran_out.any(), "choose a plan where some futures run out"
    assert not res.works_out()[ran_out].any()
    assert res.summary.p_savings_ran_out == pytest.approx(ran_out.mean())


def test_savings_follow_the_persons_money_month_by_month() -> None:
    sc = side_hustle(start_followers=5_000, months=12, job_hours_per_week=10.0)
    m = simulate(sc, 100, SEED).monthly
    flow = m["job_pay_usd"][:, 1:] + m["net_cash_usd"][:, 1:] - sc.living_costs_usd_per_month
    expected = sc.savings_usd + np.cumsum(flow.astype(np.float64), axis=1)
    np.testing.assert_allclose(m["savings_usd"][:, 1:], expected, atol=0.02 * 12)
    # job pay is the hours kept times the wage, week by week (52 weeks in 12 months)
    pay = m["job_pay_usd"][:, 1:].astype(np.float64)
    np.testing.assert_allclose(pay.sum(axis=1), 10.0 * sc.day_job_wage_usd_per_hour * 52, rtol=0.02)


def test_fees_owed_at_the_horizon_count_only_if_the_person_says_so() -> None:
    sc = side_hustle(start_followers=60_000, months=6)
    off = simulate(sc, 400, SEED)
    on = simulate(sc.model_copy(update={"count_owed_at_horizon": True}), 400, SEED)
    assert off.summary.owed_at_horizon_usd_p50 > 0
    assert (on.works_out() >= off.works_out()).all()
    assert on.summary.p_success >= off.summary.p_success


def test_the_verdict_says_which_measure_it_used() -> None:
    for goal, words in (
        ("pays_for_itself", "pay for itself"),
        ("side_income", "at least $300 a month"),
        ("living", "living costs"),
    ):
        sc = side_hustle(goal=goal, goal_usd_per_month=300.0, months=6)
        assert words in simulate(sc, 100, SEED).summary.verdict


# --- properties of issue 18 --------------------------------------------------------------------


def test_more_followers_at_the_start_never_lower_the_chance() -> None:
    runs = [simulate(side_hustle(start_followers=f), 800, SEED) for f in (2_000, 10_000, 50_000)]
    for smaller, larger in itertools.pairwise(runs):
        a, b = smaller.works_out(), larger.works_out()
        assert b.mean() >= a.mean() - noise(a, b)


def test_posting_more_within_the_hours_grows_more() -> None:
    """Within the hours the person can keep up, more posts end with more followers at 12
    months in the median future (version 2: fewer, through strain and stopping)."""
    medians = []
    for posts in (1.0, 2.0, 3.0, 4.0):
        sc = side_hustle(start_followers=3_000, months=12, posts_per_week=posts)
        assert sc.job_hours_per_week + posts * sc.hours_per_post + 4 <= (
            sc.sustainable_hours_per_week
        )
        medians.append(simulate(sc, 1_000, SEED).summary.followers_p50)
    assert medians == sorted(medians), medians


def test_asking_far_above_the_going_rate_never_more_than_doubles_sponsorship() -> None:
    incomes = []
    for asking in (100.0, 150.0, 200.0, 300.0, 400.0):
        sc = side_hustle("tiktok", start_followers=50_000, asking_rate_pct=asking, months=12)
        incomes.append(simulate(sc, 600, SEED).total("income_booked_sponsorship_usd").mean())
    assert max(incomes[1:]) <= 2 * incomes[0], incomes
    assert incomes[-1] < incomes[0], "far above the going rate, fewer deals win less in all"


@pytest.mark.parametrize("goal", ["pays_for_itself", "side_income"])
def test_a_longer_day_job_never_raises_the_chance(goal: str) -> None:
    runs = [
        simulate(side_hustle(start_followers=50_000, job_hours_per_week=j, goal=goal), 800, SEED)
        for j in (20.0, 30.0, 40.0, 50.0)
    ]
    for shorter, longer in itertools.pairwise(runs):
        a, b = shorter.works_out(), longer.works_out()
        assert b.mean() <= a.mean() + noise(a, b)


def test_no_five_hours_of_day_job_flip_most_futures() -> None:
    """Version 2's knife-edge: 30 h vs 45 h of day job moved a 50k side hustle from 47% to 7%.
    Now adjacent 5-hour steps move the chance by at most 20 points."""
    chances = [
        simulate(
            side_hustle(start_followers=50_000, job_hours_per_week=j), 1_000, SEED
        ).summary.p_success
        for j in range(20, 61, 5)
    ]
    steps = [abs(b - a) for a, b in itertools.pairwise(chances)]
    assert max(steps) <= 0.20, chances


# --- the code findings ---------------------------------------------------------------------------


def test_hours_a_week_are_over_the_weeks_spent_creating() -> None:
    sc = side_hustle(start_followers=1_000, hours_noise_sigma=0.0, months=24)
    res = simulate(sc, 400, SEED)
    m = res.monthly
    resting = (m["active_weeks"][:, 1:] < 3.5).any()
    assert resting, "choose a plan with rest or stopping"
    total = m["creator_hours"][:, 1:].sum(axis=1, dtype=np.float64)
    weeks = m["active_weeks"][:, 1:].sum(axis=1, dtype=np.float64)
    per_week = np.divide(total, weeks, out=np.zeros_like(total), where=weeks > 0)
    assert res.summary.creator_hours_per_week_p50 == pytest.approx(np.quantile(per_week, 0.5))
    planned = sc.posts_per_week * sc.hours_per_post + 4.0
    assert res.summary.creator_hours_per_week_p50 >= 0.9 * planned


def test_the_tax_year_follows_the_calendar() -> None:
    """A plan starting in October closes its first tax year with December (month 3)."""
    sc = side_hustle(start_followers=80_000, start_month=10, months=15, tax_rate=0.3)
    m = simulate(sc, 200, SEED).monthly
    assert calendar_month(10, 3) == 12
    cash = sum(m[f"income_cash_{s}_usd"] for s in ("sponsorship", "affiliate", "platform", "ugc"))
    costs = sum(
        m[f"cost_{c}_usd"]
        for c in ("equipment", "software", "production", "shoots", "events", "agency", "purchases")
    )
    profit = (cash - costs).astype(np.float64)
    if sc.gifted_taxable:  # gifts are income in kind, taxed where the source says so
        profit = profit + m["income_booked_gifted_usd"]
    # January's tax is on January's profit alone: the year began again
    january = 4
    owed = np.round(0.3 * np.maximum(profit[:, january], 0.0), 2)
    np.testing.assert_allclose(m["tax_usd"][:, january], owed, atol=0.02)


def test_deals_dropped_on_stopping_are_not_paid() -> None:
    sc = side_hustle(
        start_followers=100_000,
        months=12,
        stop_if_no_paid_deal_by_month=0,
        quit_probability_on_burnout=1.0,
        model_parameter_uncertainty=False,
    )
    res = simulate(sc, 600, SEED)
    m = res.monthly
    quit_ = m["status"][:, -1] == Status.QUIT
    assert quit_.any()
    booked = res.total("income_booked_sponsorship_usd")
    cash = res.total("income_cash_sponsorship_usd")
    owed = m["receivables_usd"][:, -1].astype(np.float64)
    # for those who stopped, some booked fees were never paid nor are owed: cancelled
    assert ((booked - cash - owed)[quit_] > 1.0).any()
    assert (cash <= booked + 0.01 * 13).all()


def test_an_existing_youtube_channel_starts_in_the_programme_its_size_implies() -> None:
    """A weekend channel of 4,000 subscribers has a year of watch hours behind it."""
    sc = Scenario.from_preset("youtube", "tech", start_followers=4_000, posts_per_week=1.0)
    res = simulate(sc, 200, SEED)
    assert (res.monthly["platform_eligible"][:, 1] == 1).all()
    new = simulate(sc.model_copy(update={"start_followers": 0}), 200, SEED)
    assert (new.monthly["platform_eligible"][:, 1] == 0).all()


def test_the_community_is_a_figure_beside_the_money() -> None:
    small = simulate(side_hustle(start_followers=2_000, months=6), 300, SEED).summary
    large = simulate(side_hustle(start_followers=50_000, months=6), 300, SEED).summary
    assert 0 < small.community_per_week_p50 < large.community_per_week_p50


# --- the model's own uncertainty ---------------------------------------------------------------


def test_the_posterior_travels_into_the_monte_carlo() -> None:
    sc = Scenario.from_preset("youtube", "tech", start_followers=10_000, posts_per_week=2.0)
    on = simulate(sc, 2_000, SEED).summary
    off = simulate(sc.model_copy(update={"model_parameter_uncertainty": False}), 2_000, SEED)
    assert on.p_success_model_p10 is not None and on.p_success_model_p90 is not None
    assert on.p_success_model_p10 <= on.p_success <= on.p_success_model_p90
    assert on.p_success_model_p90 - on.p_success_model_p10 > 0.05
    assert off.summary.p_success_model_p10 is None


def test_without_a_posterior_draw_every_future_uses_the_point_values() -> None:
    sc = side_hustle(start_followers=20_000, months=6, model_parameter_uncertainty=False)
    a = simulate(sc, 300, SEED)
    assert works_out(a.monthly, scenario=sc).mean() == a.summary.p_success


# --- the command line's contract ---------------------------------------------------------------


def test_the_command_line_takes_the_measure_and_reports_it(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run.json"
    code = cli_main(
        [
            "run",
            "--paths",
            "200",
            "--set",
            "goal=side_income",
            "--set",
            "goal_usd_per_month=250",
            "--set",
            "months=6",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    summary = json.loads(out.read_text())["summary"]
    for key in (
        "goal",
        "p_success",
        "p_profitable",
        "p_quit",
        "p_strain",
        "community_per_week_p50",
    ):
        assert key in summary, key
    assert summary["goal"] == "side_income"
