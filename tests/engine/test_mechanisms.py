"""Mechanisms one at a time: the timeline, stop rules, burnout, the creator's policy, trust,
events, shocks and fatigue, each checked where its effect is exact or one-sided."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sim import PlannedChange, Scenario, simulate
from sim.model import equations as eq
from sim.model.metrics import Status
from sim.model.results import Results
from tests.engine.support import (
    NO_DEALS,
    NO_MONEY,
    QUIET_GROWTH,
    first_quit_month,
    weeks_in_month,
    weeks_through,
)

SEED = 777
PATHS = 300


def build(*layers: dict[str, Any], **overrides: Any) -> Scenario:
    merged: dict[str, Any] = {"months": 12}
    for layer in layers:
        merged.update(layer)
    return Scenario(**{**merged, **overrides})


def run(sc: Scenario, paths: int = PATHS, **kw: Any) -> Results:
    return simulate(sc, paths, SEED, **kw)


def change(month: int, what: str, value: float) -> PlannedChange:
    return PlannedChange(month=month, what=what, value=value)  # type: ignore[arg-type]


# --- the timeline -----------------------------------------------------------------------------


def test_job_hours_change_applies_from_its_month_and_not_before() -> None:
    sc = build(timeline=(change(6, "job_hours_per_week", 30),))
    m = run(sc).monthly
    weeks = np.array([weeks_in_month(k) for k in range(1, sc.months + 1)], dtype=np.float64)
    job = (m["total_hours"] - m["creator_hours"]).astype(np.float64)[:, 1:] / weeks
    np.testing.assert_allclose(job[:, :5], 40.0, atol=1e-3)
    np.testing.assert_allclose(job[:, 5:], 30.0, atol=1e-3)


def test_posts_and_hours_per_post_change_from_their_month() -> None:
    """Quiet growth, no deals, constant hours: posts and creator hours per month follow the
    plan exactly."""
    sc = build(
        QUIET_GROWTH,
        NO_DEALS,
        pitches_per_hour=0.0,
        hours_noise_sigma=0.0,
        community_hours_per_week=0.0,
        admin_hours_per_week=0.0,
        timeline=(
            change(4, "posts_per_week", 5),
            change(8, "hours_per_post", 1.5),
            change(10, "pitching_hours_per_week", 3),
        ),
    )
    m = run(sc, 10).monthly
    for k in range(1, 13):
        posts = (3.0 if k < 4 else 5.0) * weeks_in_month(k)
        hours = posts * (2.5 if k < 8 else 1.5) + (3.0 * weeks_in_month(k) if k >= 10 else 0.0)
        np.testing.assert_allclose(m["posts"][:, k], posts, rtol=1e-6, err_msg=str(k))
        np.testing.assert_allclose(m["creator_hours"][:, k], hours, rtol=1e-6, err_msg=str(k))


def test_planned_purchase_lands_in_exactly_its_month() -> None:
    sc = build(timeline=(change(9, "purchase_usd", 1_500), change(3, "purchase_usd", 20.5)))
    m = run(sc).monthly
    expected = np.zeros(13)
    expected[3], expected[9] = 20.5, 1_500.0
    still_in = m["status"][:, 8] != Status.QUIT  # bought at the start of month 9
    np.testing.assert_array_equal(
        m["cost_purchases_usd"][still_in], expected[None, :].repeat(still_in.sum(), axis=0)
    )
    assert (m["cost_purchases_usd"][~still_in, 9] == 0).all()


def test_planned_change_after_the_horizon_changes_nothing() -> None:
    base = run(build())
    later = run(build(timeline=(change(13, "purchase_usd", 900),)))
    for name, arr in base.monthly.items():
        np.testing.assert_array_equal(arr, later.monthly[name], err_msg=name)


def test_rate_rise_raises_every_fee_after_its_month() -> None:
    """On common random numbers with no minimum fee, a 20% rate rise from month 6 books the
    same deals, each 20% dearer from month 6 on, and changes nothing before."""
    common = dict(
        start_followers=8_000,
        inbound_deals_per_month_at_10k=4.0,
        min_fee_usd=0.0,
        model_price_response=False,
        model_stress=False,  # money worry would tie the fees to fatigue and burnout
    )
    base = run(build(common))
    rise = run(build(common, timeline=(change(6, "raise_rate_pct", 20),)))
    b, r = base.monthly, rise.monthly
    np.testing.assert_array_equal(b["deals_paid"], r["deals_paid"])
    np.testing.assert_array_equal(
        b["income_booked_sponsorship_usd"][:, :6], r["income_booked_sponsorship_usd"][:, :6]
    )
    np.testing.assert_allclose(
        r["income_booked_sponsorship_usd"][:, 6:],
        1.2 * b["income_booked_sponsorship_usd"][:, 6:],
        atol=0.012,
    )
    deals = b["deals_paid"][:, 6:]
    has = deals > 0
    assert has.sum() > 100
    fee_base = np.median(b["income_booked_sponsorship_usd"][:, 6:][has] / deals[has])
    fee_rise = np.median(r["income_booked_sponsorship_usd"][:, 6:][has] / deals[has])
    assert fee_rise / fee_base == pytest.approx(1.2, rel=1e-3)


def test_rate_rises_compound() -> None:
    common = dict(
        start_followers=8_000,
        inbound_deals_per_month_at_10k=4.0,
        model_price_response=False,
        model_stress=False,
    )
    base = run(build(common)).monthly["income_booked_sponsorship_usd"]
    twice = run(
        build(common, timeline=(change(2, "raise_rate_pct", 50), change(4, "raise_rate_pct", -20)))
    ).monthly
    got = twice["income_booked_sponsorship_usd"]
    np.testing.assert_allclose(got[:, 2:4], 1.5 * base[:, 2:4], atol=0.01)
    np.testing.assert_allclose(got[:, 4:], 1.2 * base[:, 4:], atol=0.01)


def test_a_rate_rise_wins_fewer_deals_when_brands_respond_to_price() -> None:
    """With price response on, the same rise books each deal 20% dearer but wins fewer of
    them from its month on: offers x 1.2^-elasticity (above the going rate, the elasticity
    above it); never more deals in any month."""
    # an audience that stays put (fewer sponsored posts would otherwise mean other growth,
    # trust and fatigue, and so other offers later) and no sponsored-post limit to save up
    common = dict(
        QUIET_GROWTH,
        base_followers_per_post=0.0,
        start_followers=8_000,
        inbound_deals_per_month_at_10k=4.0,
        max_sponsored_share=1.0,
    )
    base = run(build(common)).monthly
    rise = run(build(common, timeline=(change(6, "raise_rate_pct", 20),))).monthly
    np.testing.assert_array_equal(base["deals_paid"][:, :6], rise["deals_paid"][:, :6])
    assert (rise["deals_paid"] <= base["deals_paid"]).all()
    ratio = rise["deals_paid"][:, 6:].sum() / base["deals_paid"][:, 6:].sum()
    assert ratio == pytest.approx(1.2 ** -build(common).deal_price_elasticity_above, abs=0.04)


# --- stop rules -------------------------------------------------------------------------------


EARNING = dict(
    start_followers=5_000,
    inbound_deals_per_month_at_10k=2.0,
    fee_usd_at_1k_followers=60.0,
    production_cost_usd_per_post=30.0,
)


@pytest.mark.parametrize("limit", [1_000.0, 1_700.0, 2_500.0])
def test_stop_if_lost_quits_exactly_when_the_loss_passes_the_limit(limit: float) -> None:
    """Burnout off, so the money rule is the only way to quit: a path quits at the first
    month-end (from month 1) with cumulative net cash below -limit, and never before."""
    sc = build(EARNING, stop_if_lost_usd=limit, model_fatigue=False)
    m = run(sc).monthly
    cum = m["cumulative_net_usd"]
    below = cum[:, 1:] < -limit
    expected = np.where(below.any(axis=1), below.argmax(axis=1) + 1, -1)
    got = first_quit_month(m["status"])
    np.testing.assert_array_equal(got, expected)
    assert (got > 0).any() and (got == -1).any(), "choose a limit some paths reach, some not"


@pytest.mark.parametrize("by_month", [1, 4, 9])
def test_stop_if_no_paid_deal_quits_exactly_those_without_one(by_month: int) -> None:
    # 50k followers: deals come to some futures in the first month and not to all by month 9
    sc = build(stop_if_no_paid_deal_by_month=by_month, model_fatigue=False, start_followers=50_000)
    m = run(sc).monthly
    had = m["deals_paid"][:, 1 : by_month + 1].sum(axis=1) > 0
    got = first_quit_month(m["status"])
    np.testing.assert_array_equal(got, np.where(had, -1, by_month))
    assert had.any() and not had.all()


def test_no_stop_rule_no_quitting_without_burnout() -> None:
    m = run(build(model_fatigue=False, months=24)).monthly
    assert (m["status"] == Status.ACTIVE).all()


# --- burnout ----------------------------------------------------------------------------------

EXHAUSTING = dict(job_hours_per_week=80.0, posts_per_week=7.0, hours_per_post=3.0)


def test_huge_hours_burn_out_and_rest_weeks_have_no_posts() -> None:
    """Every burnout that is not a quit is followed by burnout_rest_weeks weeks with no posts
    (and no deals), then posting resumes."""
    rest = 3
    sc = build(EXHAUSTING, burnout_rest_weeks=rest, quit_probability_on_burnout=0.3)
    res = run(sc, trace=tuple(range(60)))
    assert res.summary.p_burnout > 0.9
    assert (res.monthly["status"] == Status.RESTING).any()
    checked = 0
    for diary in res.diaries.values():
        weeks = diary.weeks
        burnt = [e.week for e in diary.events if e.kind == "burnout"]
        for w in burnt:
            after = weeks[w + 1 : w + 1 + rest]
            assert all(s.posts == 0 for s in after)
            assert all(s.status == "resting" for s in after[:-1])
            if w + rest + 1 < len(weeks):
                assert after[-1].status == "active"
                assert weeks[w + rest + 1].posts > 0
                checked += 1
        for e in diary.events:
            if e.kind == "quit":
                assert all(s.posts == 0 for s in weeks[e.week + 1 :])
    assert checked > 20


def test_every_burnout_is_a_quit_when_quitting_is_certain() -> None:
    res = run(build(EXHAUSTING, quit_probability_on_burnout=1.0))
    quit_ = res.final("status") == Status.QUIT
    np.testing.assert_array_equal(quit_, res.ever_burnout)
    assert res.burnouts.max() == 1 and quit_.mean() > 0.9


def test_no_quitting_when_burnout_never_ends_in_quitting() -> None:
    res = run(build(EXHAUSTING, quit_probability_on_burnout=0.0))
    assert res.summary.p_burnout > 0.9 and res.burnouts.max() > 1
    assert not (res.monthly["status"] == Status.QUIT).any()


def test_burnout_without_rest_never_rests() -> None:
    res = run(build(EXHAUSTING, burnout_rest_weeks=0, quit_probability_on_burnout=0.0))
    assert res.burnouts.max() > 1
    assert not (res.monthly["status"] == Status.RESTING).any()


def test_fatigue_lowers_growth_per_post_linearly() -> None:
    """Deterministic hours (no noise, no deals, a known limit): fatigue after w weeks is
    w x overtime / capacity, and each week's gain is base x posts x (1 - loss x fatigue)."""
    overtime, capacity, loss = 10.0, 600.0, 0.8
    sc = build(
        QUIET_GROWTH,
        NO_DEALS,
        model_fatigue=True,
        fatigue_quality_loss=loss,
        fatigue_capacity_hours=capacity,
        sustainable_hours_sd=0.0,
        load_spread_hours=0.0,
        hours_noise_sigma=0.0,
        community_hours_per_week=0.0,
        admin_hours_per_week=0.0,
        posts_per_week=3.0,
        hours_per_post=2.0,
        job_hours_per_week=55.0 - 6.0 + overtime,
        sustainable_hours_per_week=55.0,
        base_followers_per_post=4.0,
        model_stress=False,
        months=12,
    )
    res = run(sc, 10)
    assert not res.ever_burnout.any()
    fatigue = [w * overtime / capacity for w in range(60)]
    gains = np.cumsum([3.0 * 4.0 * (1 - loss * min(f, 1.0)) for f in fatigue])
    expected = [1_000.0] + [1_000.0 + gains[weeks_through(k) - 1] for k in range(1, 13)]
    np.testing.assert_allclose(res.monthly["followers"][0], expected, rtol=1e-6)
    np.testing.assert_allclose(
        res.monthly["fatigue"][0, 1:], [fatigue[weeks_through(k)] for k in range(1, 13)], rtol=1e-5
    )


# --- policy -----------------------------------------------------------------------------------

OFFERS = dict(start_followers=10_000, inbound_deals_per_month_at_10k=10.0)


def test_a_minimum_fee_above_every_fee_declines_every_offer() -> None:
    """No paid deal gets through a $100,000 minimum; with gifts declined too, no offer is
    taken, the audience never sees a sponsored post, so both runs get the same offers and
    every one is counted as declined."""
    paid_only = run(build(OFFERS, min_fee_usd=100_000, model_gifting=False))
    none = run(build(OFFERS, min_fee_usd=100_000, accept_gifted=False))
    for res in (paid_only, none):
        m = res.monthly
        assert (m["deals_paid"] == 0).all() and (m["deals_gifted"] == 0).all()
        assert (m["income_booked_sponsorship_usd"] == 0).all()
    np.testing.assert_array_equal(
        paid_only.monthly["deals_declined"], none.monthly["deals_declined"]
    )
    assert paid_only.monthly["deals_declined"].sum() > 1_000


def test_declined_count_matches_the_diary() -> None:
    res = run(build(OFFERS, min_fee_usd=40.0), trace=tuple(range(30)))
    m = res.monthly
    for path, diary in res.diaries.items():
        for kind, metric in (
            ("deal_declined", "deals_declined"),
            ("deal_paid", "deals_paid"),
            ("deal_gifted", "deals_gifted"),
        ):
            counts = np.zeros(13)
            for e in diary.events:
                if e.kind == kind:
                    counts[e.month] += 1
            np.testing.assert_array_equal(m[metric][path], counts, err_msg=f"{path} {kind}")
        posts = np.zeros(13)
        hours = np.zeros(13)
        for s in diary.weeks:
            posts[s.month] += s.posts
            hours[s.month] += s.creator_hours
        np.testing.assert_allclose(m["posts"][path], posts, rtol=1e-6)
        np.testing.assert_allclose(m["creator_hours"][path], hours, rtol=1e-5)
    assert m["deals_declined"].sum() > 0 and m["deals_paid"].sum() > 0


def test_declining_gifts_means_no_gifted_deals() -> None:
    m = run(build(OFFERS, accept_gifted=False)).monthly
    assert (m["deals_gifted"] == 0).all() and (m["income_booked_gifted_usd"] == 0).all()
    assert m["deals_paid"].sum() > 0 and m["deals_declined"].sum() > 0


def test_zero_sponsored_share_takes_no_deal_at_all() -> None:
    m = run(build(OFFERS, max_sponsored_share=0.0)).monthly
    assert m["deals_paid"].sum() + m["deals_gifted"].sum() == 0


@pytest.mark.parametrize("share", [0.1, 0.3, 0.5])
def test_sponsored_posts_stay_within_the_policy_share(share: float) -> None:
    """Each organic post earns share / (1 - share) of a sponsored slot, so over the run the
    sponsored posts are at most that many per organic post, plus the one slot held at the
    start; with a flood of offers (and trust off, so the flood never dries up) the limit
    binds and the realised sponsored share is the policy's."""
    flood = dict(OFFERS, inbound_deals_per_month_at_10k=50.0, model_trust=False)
    sc = build(flood, max_sponsored_share=share, model_fatigue=False)
    m = run(sc).monthly
    sponsored = (m["deals_paid"] + m["deals_gifted"]).sum(axis=1)
    organic = sc.posts_per_week * weeks_through(sc.months)
    assert (sponsored <= organic * share / (1 - share) + 1 + 1e-6).all()
    realised = sponsored / (organic + sponsored)
    assert np.median(realised) == pytest.approx(share, abs=0.01)


def test_trust_falls_when_sponsored_posts_flood_the_feed() -> None:
    flood = dict(
        OFFERS,
        max_sponsored_share=1.0,
        inbound_deals_per_month_at_10k=50.0,
        model_fatigue=False,
        trust_max_loss=0.9,
    )
    on = run(build(flood)).monthly
    off = run(build(flood, model_trust=False)).monthly
    assert (on["trust"][:, -1] < 1).all() and np.median(on["trust"][:, -1]) < 0.5
    assert (off["trust"] == 1).all()
    # a distrusted creator gets fewer offers and lower prices
    assert on["deals_paid"][:, -1].sum() < off["deals_paid"][:, -1].sum()
    assert on["income_booked_sponsorship_usd"].sum() < off["income_booked_sponsorship_usd"].sum()


def test_trust_recovers_once_sponsored_posts_stop() -> None:
    sc = build(
        OFFERS,
        max_sponsored_share=1.0,
        inbound_deals_per_month_at_10k=50.0,
        # from month 4: many more organic posts, and a price that turns most brands away
        timeline=(change(4, "posts_per_week", 21), change(4, "raise_rate_pct", 400)),
        months=12,
        trust_recovery_per_week=0.1,
        trust_max_loss=0.9,
        model_fatigue=False,
    )
    trust = run(sc).monthly["trust"]
    assert np.median(trust[:, 3]) < 0.6
    assert np.median(trust[:, -1]) > np.median(trust[:, 3])


# --- events and shocks ------------------------------------------------------------------------

REFUSE_ALL = dict(OFFERS, min_fee_usd=100_000, accept_gifted=False)


def test_events_lift_deal_flow_on_common_random_numbers() -> None:
    """With every offer declined the audience is the same with or without events, and the
    same uniform gives at least as many offers at a higher rate: never fewer offers in any
    month, more in total."""
    flat = run(build(REFUSE_ALL, events_per_year=4, event_deal_boost=1.0)).monthly
    lift = run(build(REFUSE_ALL, events_per_year=4, event_deal_boost=3.0)).monthly
    assert (lift["deals_declined"] >= flat["deals_declined"]).all()
    assert lift["deals_declined"].sum() > 1.3 * flat["deals_declined"].sum()
    np.testing.assert_array_equal(lift["cost_events_usd"], flat["cost_events_usd"])


def test_shocks_only_ever_cut_growth() -> None:
    calm = build(QUIET_GROWTH, NO_DEALS, growth_elasticity=0.5)
    shocked = build(
        calm.model_dump(),
        model_platform_shocks=True,
        shocks_per_year=6.0,
        shock_reach_cut_share=1.0,
    )
    a = run(calm).monthly["followers"]
    b = run(shocked).monthly["followers"]
    assert (b <= a).all() and (b[:, -1] < a[:, -1]).mean() > 0.9


# --- what gets recorded -----------------------------------------------------------------------


def test_recorded_engagement_is_the_tier_curve_at_the_recorded_followers() -> None:
    """Always posting (consistency 1) with trust off, the month-end engagement rate is
    engagement_rate(followers) exactly."""
    sc = build(QUIET_GROWTH, NO_DEALS, base_followers_per_post=400.0, start_followers=3_000)
    m = run(sc, 10).monthly
    f = m["followers"].astype(np.float64)
    expected = eq.engagement_rate(f, sc.engagement_rate_nano, sc.engagement_rate_micro, True)
    np.testing.assert_allclose(m["engagement_rate"], expected, rtol=1e-5)
    assert f[0, -1] > 50_000  # crosses both anchors


def test_no_offers_no_deals_no_sponsorship() -> None:
    m = run(build(NO_DEALS, NO_MONEY)).monthly
    for name in ("deals_paid", "deals_gifted", "deals_declined", "income_booked_sponsorship_usd"):
        assert (m[name] == 0).all(), name
