"""Where the model reduces to a closed form, the engine must reproduce it: exactly when every
random mechanism is off, within a few standard errors when one is left on."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from sim import Scenario, Summary, simulate
from sim.model import equations as eq
from sim.model.diary import Diary
from sim.model.engine import horizon_weeks
from sim.model.equations import expected_viral_factor
from sim.model.metrics import INCOME_CASH_STREAMS
from tests.engine.support import (
    NO_DEALS,
    NO_MONEY,
    QUIET_GROWTH,
    WEEKS_PER_MONTH,
    assert_cash_identity,
    weeks_in_month,
    weeks_through,
)

SEED = 4242


def quiet(*layers: dict[str, Any], **overrides: Any) -> Scenario:
    """Deterministic growth, no deals, no fatigue: a scenario with no luck left in it; then
    each layer of changes in turn, then the keywords."""
    merged: dict[str, Any] = {"months": 12, **QUIET_GROWTH, **NO_DEALS}
    for layer in layers:
        merged.update(layer)
    return Scenario(**{**merged, **overrides})


# --- followers ------------------------------------------------------------------------------


def test_calendar_has_52_weeks_a_year() -> None:
    assert [weeks_through(12 * y) for y in range(1, 6)] == [52, 104, 156, 208, 260]
    assert sorted({weeks_in_month(m) for m in range(1, 61)}) == [4, 5]


@pytest.mark.parametrize(
    ("posts", "base", "start"), [(3.0, 4.0, 1_000), (7.5, 12.0, 0), (1.0, 0.5, 40_000)]
)
def test_followers_grow_linearly_when_nothing_is_random(
    posts: float, base: float, start: int
) -> None:
    """Elasticity 0 and every random or state-dependent mechanism off: each week adds exactly
    posts x base, so after W weeks F = start + W x posts x base."""
    sc = quiet(posts_per_week=posts, base_followers_per_post=base, start_followers=start, months=24)
    res = simulate(sc, 50, SEED)
    f = res.monthly["followers"]
    assert (f == f[0]).all(), "a deterministic scenario must give every path the same numbers"
    expected = [start + weeks_through(m) * posts * base for m in range(25)]
    np.testing.assert_allclose(f[0], expected, rtol=1e-6)
    np.testing.assert_allclose(
        res.monthly["posts"][0, 1:], [posts * weeks_in_month(m) for m in range(1, 25)]
    )


def test_crowding_switched_off_ignores_its_values() -> None:
    a = simulate(quiet(niche_crowding=1.0, crowding_half_followers=1e8), 10, SEED)
    b = simulate(quiet(niche_crowding=3.0, crowding_half_followers=2_000), 10, SEED)
    np.testing.assert_array_equal(a.monthly["followers"], b.monthly["followers"])


def test_crowding_follows_its_recurrence() -> None:
    """Elasticity 0, crowding c and half point H: each week F += posts x base / c / (1 + F/H),
    the recurrence computed here from the definition."""
    posts, base, c, half = 3.0, 40.0, 1.25, 20_000.0
    sc = quiet(
        model_crowding=True,
        niche_crowding=c,
        crowding_half_followers=half,
        posts_per_week=posts,
        base_followers_per_post=base,
        start_followers=5_000,
    )
    f = simulate(sc, 5, SEED).monthly["followers"][0]
    weekly = [5_000.0]
    for _ in range(weeks_through(12)):
        weekly.append(weekly[-1] + posts * base / c / (1 + weekly[-1] / half))
    np.testing.assert_allclose(f, [weekly[weeks_through(m)] for m in range(13)], rtol=1e-6)


def test_followers_compound_at_elasticity_one() -> None:
    """Elasticity 1: F + 1000 grows by (1 + posts x base / 1000) a week."""
    sc = quiet(
        growth_elasticity=1.0,
        posts_per_week=2.0,
        base_followers_per_post=3.0,
        start_followers=2_000,
    )
    f = simulate(sc, 5, SEED).monthly["followers"][0]
    expected = [3_000 * (1 + 6.0 / 1_000) ** weeks_through(m) - 1_000 for m in range(13)]
    np.testing.assert_allclose(f, expected, rtol=1e-6)


def test_churn_relaxes_to_its_fixed_point() -> None:
    """With churn c and a constant gain g a week: F_W = g/c + (F_0 - g/c)(1 - c)^W."""
    sc = quiet(
        model_churn=True,
        weekly_churn_rate=0.01,
        posts_per_week=3.0,
        base_followers_per_post=4.0,
        start_followers=5_000,
    )
    f = simulate(sc, 5, SEED).monthly["followers"][0]
    star = 12.0 / 0.01
    expected = [star + (5_000 - star) * 0.99 ** weeks_through(m) for m in range(13)]
    np.testing.assert_allclose(f, expected, rtol=1e-6)


def test_mean_followers_with_log_normal_noise() -> None:
    """Mean-one log-normal noise: E[F_W] = start + W x posts x base, with
    Var = (posts x base)^2 x W x (exp(sigma^2) - 1)."""
    sigma, posts, base = 0.6, 3.0, 3.2
    sc = quiet(
        model_growth_noise=True,
        growth_noise_sigma=sigma,
        posts_per_week=posts,
        base_followers_per_post=base,
    )
    n = 4_000
    f = simulate(sc, n, SEED).final("followers").astype(np.float64)
    w = weeks_through(12)
    g = posts * base
    mean = sc.start_followers + w * g
    sd = g * math.sqrt(w * (math.exp(sigma**2) - 1))
    assert abs(f.mean() - mean) < 4 * sd / math.sqrt(n)
    assert f.std() == pytest.approx(sd, rel=0.1)


def test_per_future_growth_multiplies_each_path_by_its_own_draw() -> None:
    """Growth that nobody knows in advance: each future's gain is the median creator's times
    exp(sigma x z) with z standard normal, drawn once; log gains have that spread."""
    sigma = 0.7
    sc = quiet(
        model_unknowns=True,
        growth_creator_sigma=sigma,
        posts_per_week=3.0,
        base_followers_per_post=4.0,
    )
    n = 3_000
    gain = simulate(sc, n, SEED).final("followers").astype(np.float64) - sc.start_followers
    assert np.log(gain).std() == pytest.approx(sigma, rel=0.06)
    assert np.median(gain) == pytest.approx(weeks_through(12) * 12.0, rel=0.05)


@pytest.mark.slow
def test_mean_gain_with_virality_matches_expected_viral_factor() -> None:
    """With viral posts (Pareto jumps with a finite variance, tail index 3), the expected gain
    per post is base x expected_viral_factor(p, alpha, minimum, maximum)."""
    p, alpha, minimum = 0.05, 3.0, 5.0
    sc = quiet(
        model_virality=True,
        model_growth_noise=True,
        viral_post_probability=p,
        viral_tail_index=alpha,
        viral_multiplier_min=minimum,
        viral_multiplier_max=100_000.0,
        posts_per_week=3.0,
        base_followers_per_post=4.0,
    )
    n = 6_000
    gain = simulate(sc, n, SEED).final("followers").astype(np.float64) - sc.start_followers
    factor = expected_viral_factor(p, alpha, minimum, sc.viral_multiplier_max)
    expected = weeks_through(12) * 3.0 * 4.0 * factor
    se = gain.std() / math.sqrt(n)
    assert abs(gain.mean() - expected) < 4.5 * se
    # and virality visibly matters: the factor here is 1.325
    plain = weeks_through(12) * 3.0 * 4.0
    assert gain.mean() > plain + 4.5 * se


# --- costs ------------------------------------------------------------------------------------


def event_months(events_per_year: float, months: int) -> list[int]:
    """Months in which the evenly spread events fall: half an interval in, then every
    interval, each moved to a quarter into its week (never on a month end, which falls on
    whole or third weeks), counted with exact fractions."""
    out: list[int] = []
    if events_per_year == 0:
        return out
    interval = Fraction(52) / Fraction(events_per_year)
    quarter = Fraction(1, 4)
    t = math.floor(interval / 2) + quarter
    while t < horizon_weeks(months):
        assert t % WEEKS_PER_MONTH != 0, "event on a month boundary"
        out.append(int(t / WEEKS_PER_MONTH) + 1)
        t = math.floor(t + interval) + quarter
    return out


@pytest.mark.parametrize(
    ("months", "every", "events"), [(24, 7, 4.0), (36, 12, 8.0), (13, 1, 12.0), (5, 36, 0.0)]
)
def test_costs_with_everything_deterministic(months: int, every: int, events: float) -> None:
    """Software every month, production per post, shoots per month, the kit at month 0 and
    again after every `every` months, and each event's cost in the month it falls: exact."""
    sc = quiet(
        months=months,
        posts_per_week=2.5,
        software_usd_per_month=49.99,
        production_cost_usd_per_post=7.25,
        photo_shoots_per_month=1.5,
        photo_shoot_cost_usd=80,
        equipment_cost_usd=650.0,
        equipment_replacement_months=every,
        events_per_year=events,
        event_cost_usd=333.33,
        model_tax=False,
        model_affiliate=False,
        model_platform_payouts=False,
    )
    res = simulate(sc, 20, SEED)
    m = res.monthly
    span = range(1, months + 1)
    np.testing.assert_array_equal(m["cost_software_usd"], [[0.0] + [49.99] * months] * 20)
    production = [0.0] + [round(2.5 * weeks_in_month(k) * 7.25, 2) for k in span]
    np.testing.assert_allclose(m["cost_production_usd"], [production] * 20, rtol=0, atol=1e-9)
    np.testing.assert_allclose(m["cost_shoots_usd"], [[0.0] + [120.0] * months] * 20)
    kit = [650.0] + [650.0 if (k - 1) % every == 0 and k > 1 else 0.0 for k in span]
    np.testing.assert_array_equal(m["cost_equipment_usd"], [kit] * 20)
    assert m["cost_equipment_usd"][0].sum() == 650.0 * (1 + (months - 1) // every)
    event_cost = np.zeros(months + 1)
    for month in event_months(events, months):
        event_cost[month] += 333.33
    np.testing.assert_allclose(m["cost_events_usd"], [event_cost] * 20, rtol=0, atol=1e-9)
    total = sum(production) + 49.99 * months + 120.0 * months + sum(kit) + event_cost.sum()
    np.testing.assert_allclose(m["cumulative_net_usd"][:, -1], -total, rtol=0, atol=0.005)
    assert (m["tax_usd"] == 0).all()
    assert_cash_identity(res)


def test_planned_purchase_is_exact() -> None:
    sc = quiet(
        NO_MONEY, months=6, timeline=({"month": 4, "what": "purchase_usd", "value": 1_234.56},)
    )
    m = simulate(sc, 5, SEED).monthly
    np.testing.assert_array_equal(m["cost_purchases_usd"][0], [0, 0, 0, 0, 1_234.56, 0, 0])
    np.testing.assert_array_equal(
        m["cumulative_net_usd"][0], [0, 0, 0, 0, -1_234.56] + [-1_234.56] * 2
    )


# --- tax ----------------------------------------------------------------------------------


def test_tax_is_the_rate_on_positive_profit_within_each_year() -> None:
    """Only UGC income, paid at once (payment delays off), against software and the kit: the
    tax paid by the end of each month of a year is rate x max(profit so far that year, 0),
    rounded to the cent; the count restarts every 12 months (month 0 belongs to year 1)."""
    rate = 0.3
    sc = quiet(
        NO_MONEY,
        months=30,
        model_ugc=True,
        ugc_gigs_per_month=0.6,
        ugc_fee_usd=275.0,
        software_usd_per_month=49.0,
        equipment_cost_usd=100.0,
        tax_rate=rate,
        model_payment_delays=False,
    )
    res = simulate(sc, 300, SEED)
    m = res.monthly
    profit = (
        sum(m[f"income_cash_{s}_usd"] for s in INCOME_CASH_STREAMS)
        - m["cost_software_usd"]
        - m["cost_equipment_usd"]
    )
    assert (m["income_cash_ugc_usd"] == m["income_booked_ugc_usd"]).all()
    for first, last in ((0, 12), (13, 24), (25, 30)):
        ytd = np.cumsum(profit[:, first : last + 1], axis=1)
        paid = np.cumsum(m["tax_usd"][:, first : last + 1], axis=1)
        owed = np.round(rate * np.maximum(ytd, 0.0), 2)
        np.testing.assert_allclose(paid, owed, rtol=0, atol=0.0051)
    # both branches exercised: some paths owe tax, some end a year with a loss
    year1 = profit[:, :13].sum(axis=1)
    assert (year1 > 0).any() and (year1 < 0).any()
    assert (m["tax_usd"] < 0).any(), "a loss after a profitable month refunds within the year"


def test_taxable_gifts_count_toward_profit() -> None:
    """Gifted products are taxable income when gifted_taxable is set (no cash changes hands)."""
    common = {
        **NO_MONEY,
        "inbound_deals_per_month_at_10k": 8.0,
        "start_followers": 10_000,
        "gifted_share_max": 1.0,
        "gifted_share_half_followers": 1e7,
        "max_sponsored_share": 1.0,
        "tax_rate": 0.25,
        "fee_usd_at_1k_followers": 0.0,  # the odd paid offer brings no cash
    }
    taxed = simulate(quiet(common, gifted_taxable=True), 200, SEED).monthly
    untaxed = simulate(quiet(common, gifted_taxable=False), 200, SEED).monthly
    assert taxed["income_booked_gifted_usd"].sum() > 0
    assert (untaxed["tax_usd"] == 0).all()
    gifts = np.cumsum(taxed["income_booked_gifted_usd"][:, :13], axis=1)
    paid = np.cumsum(taxed["tax_usd"][:, :13], axis=1)
    np.testing.assert_allclose(paid, np.round(0.25 * gifts, 2), rtol=0, atol=0.011)


# --- payment timing -----------------------------------------------------------------------


DEALS = {
    **NO_MONEY,
    "start_followers": 8_000,
    "inbound_deals_per_month_at_10k": 6.0,
    "max_sponsored_share": 1.0,
    "min_fee_usd": 0.0,
    "model_gifting": False,
}


def test_without_payment_delays_cash_is_booked_the_same_week() -> None:
    sc = quiet(DEALS, model_payment_delays=False, model_ugc=True, ugc_gigs_per_month=2.0)
    m = simulate(sc, 200, SEED).monthly
    assert m["income_booked_sponsorship_usd"].sum() > 0 and m["income_booked_ugc_usd"].sum() > 0
    np.testing.assert_array_equal(
        m["income_cash_sponsorship_usd"], m["income_booked_sponsorship_usd"]
    )
    np.testing.assert_array_equal(m["income_cash_ugc_usd"], m["income_booked_ugc_usd"])
    assert (m["receivables_usd"] == 0).all()


def _weekly(diary: Diary, kind: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for e in diary.events:
        if e.kind == kind:
            out[e.week] = out.get(e.week, 0.0) + e.amount_usd
    return out


@pytest.mark.parametrize(
    ("net60", "net90", "delay_weeks"), [(0.0, 0.0, 5), (1.0, 0.0, 9), (0.0, 1.0, 13)]
)
def test_payment_terms_delay_cash_by_whole_weeks(
    net60: float, net90: float, delay_weeks: int
) -> None:
    """No lateness, no defaults and one payment term: every fee is paid ceil(days / 7) weeks
    after the deal, so cash + receivables at the horizon = everything booked, and each traced
    deal's payment shows up in the diary exactly that many weeks later."""
    sc = quiet(
        DEALS,
        share_net60=net60,
        share_net90=net90,
        late_payment_probability=0.0,
        nonpayment_probability=0.0,
        months=9,
    )
    traced = tuple(range(40))
    res = simulate(sc, 200, SEED, trace=traced)
    m = res.monthly
    booked = m["income_booked_sponsorship_usd"].sum(axis=1)
    cash = m["income_cash_sponsorship_usd"].sum(axis=1)
    assert booked.sum() > 0
    np.testing.assert_allclose(cash + m["receivables_usd"][:, -1], booked, rtol=0, atol=0.05)
    assert (cash < booked).any(), "the last weeks' fees are still owed at the horizon"
    n_payments = 0
    for path in traced:
        diary = res.diaries[path]
        deals = _weekly(diary, "deal_paid")
        payments = _weekly(diary, "payment")
        last_week = diary.weeks[-1].week
        due = {w + delay_weeks: v for w, v in deals.items() if w + delay_weeks <= last_week}
        assert payments.keys() == due.keys()
        for week, amount in payments.items():
            assert amount == pytest.approx(due[week])
        n_payments += len(payments)
        # the monthly cash line is the diary's payments, month by month
        monthly = np.zeros(sc.months + 1)
        for week, amount in payments.items():
            monthly[diary.weeks[week].month] += amount
        np.testing.assert_allclose(m["income_cash_sponsorship_usd"][path], monthly, atol=0.006)
    assert n_payments > 20


def test_payments_that_never_come_are_never_cash() -> None:
    sc = quiet(DEALS, nonpayment_probability=1.0, agency_cut_share=0.2, months=6)
    m = simulate(sc, 200, SEED).monthly
    assert m["income_booked_sponsorship_usd"].sum() > 0
    assert (m["income_cash_sponsorship_usd"] == 0).all()
    assert (m["cost_agency_usd"] == 0).all()


@pytest.mark.slow
def test_late_payments_add_their_mean_delay() -> None:
    """Every payment late (probability 1) by an exponential number of days with mean 21, on
    net-30 terms: the delay in weeks is ceil((30 + X) / 7), whose mean is computed here."""
    mean_days = 21.0
    sc = quiet(
        DEALS,
        share_net60=0.0,
        share_net90=0.0,
        late_payment_probability=1.0,
        late_extra_days_mean=mean_days,
        nonpayment_probability=0.0,
        months=12,
    )
    traced = tuple(range(300))
    res = simulate(sc, 300, SEED, trace=traced)
    delays = []
    for path in traced:
        diary = res.diaries[path]
        # deals of the first 12 weeks: their payments (up to 40 weeks) all land by week 52
        deals = {e.amount_usd: e.week for e in diary.events if e.kind == "deal_paid"}
        for e in diary.events:
            if e.kind == "payment" and deals.get(e.amount_usd, 99) < 12:
                delays.append(e.week - deals[e.amount_usd])
    delays_arr = np.array(delays, dtype=float)
    assert len(delays_arr) > 1_000 and delays_arr.min() >= 5
    # E[ceil((30 + X)/7)] = sum over k >= 1 of P(30 + X > 7(k - 1))
    expected = sum(
        1.0 if 7 * (k - 1) < 30 else math.exp(-(7 * (k - 1) - 30) / mean_days)
        for k in range(1, 200)
    )
    se = delays_arr.std() / math.sqrt(len(delays_arr))
    assert abs(delays_arr.mean() - expected) < 4 * se


def test_affiliate_and_payouts_are_booked_and_paid() -> None:
    """Affiliate income and platform payouts are booked weekly and paid at a month end, never
    lost: by the horizon cash + receivables = booked."""
    sc = quiet(
        NO_MONEY,
        model_affiliate=True,
        model_platform_payouts=True,
        payout_min_followers=0,
        payout_min_watch_hours_12m=0,
        payout_min_views_30d=0,
        payout_qualifying_view_share=1.0,
        payout_usd_per_1000_views=2.0,
        start_followers=20_000,
        months=6,
    )
    m = simulate(sc, 50, SEED).monthly
    booked = sum(m[f"income_booked_{s}_usd"].sum(axis=1) for s in ("affiliate", "platform"))
    cash = sum(m[f"income_cash_{s}_usd"].sum(axis=1) for s in ("affiliate", "platform"))
    assert booked.min() > 0
    np.testing.assert_allclose(cash + m["receivables_usd"][:, -1], booked, rtol=0, atol=0.05)


def test_affiliate_earnings_are_paid_the_month_after() -> None:
    sc = quiet(NO_MONEY, model_affiliate=True, start_followers=20_000, months=6)
    m = simulate(sc, 20, SEED).monthly
    booked = m["income_booked_affiliate_usd"]
    cash = m["income_cash_affiliate_usd"]
    assert booked[:, 1:].min() > 0
    np.testing.assert_allclose(cash[:, 2:], booked[:, 1:-1], atol=0.01)
    np.testing.assert_allclose(m["receivables_usd"][:, 1:], booked[:, 1:], atol=0.01)


# --- summary figures per week -------------------------------------------------------------


def _steady_hours(months: int) -> Summary:
    """Every week the same hours: 3 posts x 2.5 h + 2 + 1 h, no noise, day job 40 h."""
    sc = quiet(months=months, hours_noise_sigma=0.0)
    return simulate(sc, 20, SEED).summary


@pytest.mark.parametrize("months", [3, 12, 24])
def test_summary_hours_per_week_when_months_hold_whole_weeks(months: int) -> None:
    s = _steady_hours(months)
    assert s.creator_hours_per_week_p50 == pytest.approx(10.5, rel=1e-6)
    assert s.total_hours_per_week_p50 == pytest.approx(50.5, rel=1e-6)


@pytest.mark.parametrize("months", [1, 2, 5, 13])
def test_summary_hours_per_week_is_the_weekly_average(months: int) -> None:
    s = _steady_hours(months)
    assert s.creator_hours_per_week_p50 == pytest.approx(10.5, rel=1e-6)
    assert s.total_hours_per_week_p50 == pytest.approx(50.5, rel=1e-6)


# --- UGC gigs -------------------------------------------------------------------------------


def _mean_gigs_per_month(gigs: float, paths: int = 2_000) -> tuple[float, float]:
    """Mean UGC gigs a month over paths and a year, and its standard error (Poisson)."""
    sc = quiet(
        NO_MONEY,
        model_ugc=True,
        ugc_gigs_per_month=gigs,
        ugc_fee_usd=100.0,
        model_payment_delays=False,
    )
    booked = simulate(sc, paths, SEED).monthly["income_booked_ugc_usd"][:, 1:]
    per_path = booked.sum(axis=1) / 100.0 / 12
    return float(per_path.mean()), math.sqrt(gigs * 12) / 12 / math.sqrt(paths)


@pytest.mark.parametrize("gigs", [0.5, 1.0, 4.0])
def test_ugc_gigs_arrive_at_the_rate_set(gigs: float) -> None:
    mean, se = _mean_gigs_per_month(gigs)
    assert abs(mean - gigs) < 4 * se


@pytest.mark.parametrize("gigs", [20.0, 30.0])
def test_many_ugc_gigs_arrive_at_the_rate_set(gigs: float) -> None:
    mean, se = _mean_gigs_per_month(gigs)
    assert abs(mean - gigs) < 4 * se


# --- deal flow --------------------------------------------------------------------------------


def _offers_vs_rate(
    inbound: float, start: int, paths: int = 2_000, start_month: int = 1
) -> tuple[Any, Any, Any]:
    """Observed mean offers a month against the Poisson rate from the equations.

    Every offer is declined (no paid fee reaches the minimum, gifts refused), so the audience
    grows deterministically (quiet growth, elasticity 0) and the weekly offer rate is known:
    inbound + pitching at the week's followers and engagement, trust 1, no events, the
    median creator (nothing unknown drawn), times the calendar month's season."""
    sc = quiet(
        NO_MONEY,
        months=6,
        start_followers=start,
        start_month=start_month,
        inbound_deals_per_month_at_10k=inbound,
        pitching_hours_per_week=2.0,
        min_fee_usd=100_000.0,
        accept_gifted=False,
    )
    declined = simulate(sc, paths, SEED).monthly["deals_declined"].astype(np.float64)
    g = sc.posts_per_week * sc.base_followers_per_post
    expected = np.zeros(sc.months + 1)
    for w in range(weeks_through(sc.months)):
        month = next(m for m in range(1, sc.months + 1) if w < weeks_through(m))
        calendar = (start_month - 1 + month - 1) % 12 + 1
        demand = np.array([eq.season_multiplier(calendar, sc.seasonality_strength)])
        f = np.array([start + w * g])
        er = eq.engagement_rate(f, sc.engagement_rate_nano, sc.engagement_rate_micro, True)
        rate = eq.inbound_deal_rate_per_week(
            f,
            er,
            sc.engagement_rate_nano,
            inbound,
            sc.deal_follower_elasticity,
            sc.niche_deal_demand,
            demand,
        ) + eq.pitch_deal_rate_per_week(
            f, np.array([2.0]), sc.pitches_per_hour, sc.pitch_response_rate_at_10k, demand
        )
        expected[month] += float(rate[0])
    observed = declined.mean(axis=0)
    se = np.sqrt(np.maximum(expected, 1e-12) / paths)
    return observed[1:], expected[1:], se[1:]


@pytest.mark.parametrize(
    ("inbound", "start", "start_month"), [(0.6, 1_000, 1), (0.6, 20_000, 9), (3.0, 8_000, 11)]
)
def test_offers_arrive_at_the_rate_of_the_equations(
    inbound: float, start: int, start_month: int
) -> None:
    observed, expected, se = _offers_vs_rate(inbound, start, start_month=start_month)
    assert (np.abs(observed - expected) < 4.5 * se).all(), (observed, expected)


def test_a_flood_of_offers_arrives_at_the_rate_of_the_equations() -> None:
    observed, expected, se = _offers_vs_rate(50.0, 10_000)
    assert (np.abs(observed - expected) < 4.5 * se).all(), (observed, expected)
