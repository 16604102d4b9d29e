"""Properties of whole runs over scenarios drawn from the schema (Hypothesis).

Each property is something the engine as written guarantees, and the docstring says why; a
counterexample is therefore a bug, not bad luck. Runs are small (128 paths, <= 12 months).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim import Scenario, simulate
from sim.model.metrics import COST_KINDS, INCOME_BOOKED_STREAMS, INCOME_CASH_STREAMS, Status
from sim.model.results import Results
from tests.engine.strategies import scenarios, seeds, value_of
from tests.engine.support import (
    NO_DEALS,
    assert_cash_identity,
    assert_same_monthly,
    weeks_in_month,
)

PATHS = 128
FEW = settings(max_examples=20)
SOME = settings(max_examples=30)


def run(sc: Scenario, seed: int, paths: int = PATHS) -> Results:
    return simulate(sc, paths, seed)


def with_(sc: Scenario, **changes: Any) -> Scenario:
    """A validated copy of ``sc`` with some fields changed."""
    return Scenario.model_validate({**sc.model_dump(), **changes})


# --- well-formed output ---------------------------------------------------------------------


@given(sc=scenarios(), seed=seeds)
@SOME
def test_every_output_is_well_formed(sc: Scenario, seed: int) -> None:
    """Whatever the scenario: shapes match the horizon; every number is finite; followers,
    hours, deals and money lines are never negative; trust is a share and fatigue a
    non-negative stock; a switched-off mechanism leaves its state untouched."""
    res = run(sc, seed)
    m = res.monthly
    for name, arr in m.items():
        assert arr.shape == (PATHS, sc.months + 1), name
        assert np.isfinite(arr).all(), name
    assert (m["followers"] >= 0).all()
    assert (m["followers"][:, 0] == sc.start_followers).all()
    for name in ("posts", "deals_paid", "deals_gifted", "deals_declined"):
        assert (m[name] >= 0).all(), name
    for name in ("deals_paid", "deals_gifted", "deals_declined"):
        assert (m[name] == np.round(m[name])).all(), name
    assert (m["creator_hours"] >= 0).all() and (m["total_hours"] >= 0).all()
    for stream in INCOME_BOOKED_STREAMS:
        assert (m[f"income_booked_{stream}_usd"] >= 0).all(), stream
    for stream in INCOME_CASH_STREAMS:
        assert (m[f"income_cash_{stream}_usd"] >= 0).all(), stream
    for kind in COST_KINDS:
        assert (m[f"cost_{kind}_usd"] >= 0).all(), kind
    assert (m["receivables_usd"] >= 0).all()
    assert ((m["trust"] >= 0) & (m["trust"] <= 1)).all()
    assert (m["fatigue"] >= 0).all()
    assert ((m["engagement_rate"] >= 0) & (m["engagement_rate"] <= 1)).all()
    if not sc.model_trust:
        assert (m["trust"] == 1).all()
    if not sc.model_fatigue:
        assert (m["fatigue"] == 0).all()
        assert not res.ever_burnout.any() and (res.burnouts == 0).all()
    assert (res.burnouts >= res.ever_burnout).all()
    # month 0 is the set-up: the kit is bought, nothing is earned
    assert (m["cost_equipment_usd"][:, 0] == round(sc.equipment_cost_usd, 2)).all()
    for stream in INCOME_CASH_STREAMS:
        assert (m[f"income_cash_{stream}_usd"][:, 0] == 0).all()


@given(sc=scenarios(), seed=seeds)
@SOME
def test_status_codes_are_valid_and_quitting_is_for_good(sc: Scenario, seed: int) -> None:
    """Status is active, resting or quit; everyone starts active; nothing brings a path back
    from quitting; resting exists only through burnout (model_fatigue); a path that has quit
    posts nothing and pays no software afterwards."""
    m = run(sc, seed).monthly
    status = m["status"]
    assert set(np.unique(status)) <= {Status.ACTIVE, Status.RESTING, Status.QUIT}
    assert (status[:, 0] == Status.ACTIVE).all()
    quit_ = status == Status.QUIT
    assert (quit_[:, 1:] >= quit_[:, :-1]).all(), "a path came back after quitting"
    if not sc.model_fatigue:
        assert not (status == Status.RESTING).any()
    gone = quit_[:, :-1]
    assert (m["posts"][:, 1:][gone] == 0).all()
    assert (m["cost_software_usd"][:, 1:][gone] == 0).all()
    assert (m["deals_paid"][:, 1:][gone] == 0).all()


@given(sc=scenarios(), seed=seeds)
@SOME
def test_cash_identity_on_every_path_and_month(sc: Scenario, seed: int) -> None:
    """net cash = sum(income_cash_*) - sum(cost_*) - tax to the cent, and cumulative net is
    the running sum of net cash (MODEL.md: the identity that must hold exactly)."""
    assert_cash_identity(run(sc, seed))


@given(sc=scenarios(), seed=seeds)
@SOME
def test_money_lines_add_up(sc: Scenario, seed: int) -> None:
    """Cash never runs ahead of what was booked, stream by stream; receivables are exactly
    booked minus received minus written off (so, with no defaults, booked minus received);
    the agency takes its share of the sponsorship cash, production costs follow posts, and
    software is billed every month to everyone who is still in."""
    res = run(sc, seed)
    m = res.monthly
    tol = 0.01 * (sc.months + 1)
    for stream in INCOME_CASH_STREAMS:
        booked = np.cumsum(m[f"income_booked_{stream}_usd"], axis=1)
        cash = np.cumsum(m[f"income_cash_{stream}_usd"], axis=1)
        assert (cash <= booked + tol).all(), stream
    booked_all = sum(
        (np.cumsum(m[f"income_booked_{s}_usd"], axis=1) for s in INCOME_CASH_STREAMS), 0.0
    )
    cash_all = sum((np.cumsum(m[f"income_cash_{s}_usd"], axis=1) for s in INCOME_CASH_STREAMS), 0.0)
    outstanding = booked_all - cash_all
    slack = 4 * tol + 1e-9 * np.abs(booked_all)
    assert (m["receivables_usd"] <= outstanding + slack).all()
    # with no defaults, everything booked is received or owed, unless a creator who stopped
    # left deals undelivered (their fees are cancelled: model version 3)
    stopped = (m["status"] == Status.QUIT).any(axis=1)
    if sc.nonpayment_probability == 0 or not sc.model_payment_delays:
        np.testing.assert_allclose(
            m["receivables_usd"][~stopped], outstanding[~stopped], rtol=0, atol=slack.max()
        )
    agency = sc.agency_cut_share * m["income_cash_sponsorship_usd"]
    assert np.abs(m["cost_agency_usd"] - agency).max() <= 0.011
    production = m["posts"].astype(np.float64) * sc.production_cost_usd_per_post
    assert np.allclose(m["cost_production_usd"], production, rtol=1e-6, atol=0.01)
    software = m["cost_software_usd"][:, 1:]
    # billed to whoever is still in at the month's end (a stop rule fires after billing);
    # never to a path that had quit by the month before
    still_in = m["status"][:, 1:] != Status.QUIT
    gone = m["status"][:, :-1] == Status.QUIT
    assert (software[still_in] == round(sc.software_usd_per_month, 2)).all()
    assert (software[gone] == 0).all()


@given(sc=scenarios(timeline=()), seed=seeds)
@FEW
def test_total_hours_are_creator_hours_plus_the_job(sc: Scenario, seed: int) -> None:
    """Without a timeline the day job adds the same hours every week, so total minus creator
    hours is job hours x the weeks whose mid-week falls in the month."""
    m = run(sc, seed).monthly
    weeks = np.array([0] + [weeks_in_month(k) for k in range(1, sc.months + 1)], dtype=float)
    job = (m["total_hours"] - m["creator_hours"]).astype(np.float64)
    np.testing.assert_allclose(
        job, np.broadcast_to(sc.job_hours_per_week * weeks, job.shape), rtol=1e-5, atol=1e-3
    )


@given(sc=scenarios(), seed=seeds)
@FEW
def test_summary_agrees_with_the_monthly_arrays(sc: Scenario, seed: int) -> None:
    """Every headline figure is recomputed here from the per-path arrays."""
    res = run(sc, seed)
    s, m = res.summary, res.monthly
    final = m["cumulative_net_usd"][:, -1]
    assert s.p_profitable == pytest.approx((final > 0).mean())
    assert s.p_quit == pytest.approx((m["status"][:, -1] == Status.QUIT).mean())
    assert s.p_burnout == pytest.approx(res.ever_burnout.mean())
    assert s.p_paid_deal == pytest.approx((m["deals_paid"].sum(axis=1) > 0).mean())
    assert s.net_profit_usd_p50 == pytest.approx(np.quantile(final, 0.5))
    assert s.followers_p50 == pytest.approx(np.quantile(m["followers"][:, -1].astype(float), 0.5))
    deepest = np.maximum(-m["cumulative_net_usd"].min(axis=1), 0)
    assert s.max_out_of_pocket_usd_p90 == pytest.approx(np.quantile(deepest, 0.9))
    assert s.net_profit_usd_p10 <= s.net_profit_usd_p50 <= s.net_profit_usd_p90
    assert (s.paths, s.months, s.seed) == (PATHS, sc.months, seed)
    # break-even: first month from which cumulative net cash never dips below zero again
    expected = []
    for row in m["cumulative_net_usd"]:
        months = [k for k in range(1, sc.months + 1) if (row[k:] >= 0).all()]
        expected.append(months[0] if months else np.inf)
    np.testing.assert_array_equal(res.break_even_months(), expected)
    assert s.verdict


# --- neutral switches -------------------------------------------------------------------------

NEUTRAL: list[tuple[str, dict[str, Any]]] = [
    ("model_virality", {"viral_post_probability": 0.0}),
    ("model_platform_shocks", {"shocks_per_year": 0.0}),
    ("model_platform_shocks", {"shock_reach_cut_share": 0.0}),
    ("model_ugc", {"ugc_gigs_per_month": 0.0}),
    ("model_events", {"events_per_year": 0.0}),
    ("model_tax", {"tax_rate": 0.0}),
    ("model_churn", {"weekly_churn_rate": 0.0}),
    ("model_growth_noise", {"growth_noise_sigma": 0.0}),
    ("model_gifting", {"gifted_share_max": 0.0}),
    ("model_affiliate", {"affiliate_link_post_share": 0.0}),
    ("model_affiliate", {"affiliate_commission_share": 0.0}),
    ("model_platform_payouts", {"payout_usd_per_1000_views": 0.0}),
    ("model_trust", {"trust_max_loss": 0.0, "start_trust": 1.0}),
    ("model_seasonality", {"seasonality_strength": 0.0}),
    ("model_price_response", {"deal_price_elasticity": 0.0, "deal_price_elasticity_above": 0.0}),
    (
        "model_unknowns",
        {
            "fee_creator_sigma": 0.0,
            "deal_rate_creator_sigma": 0.0,
            "growth_creator_sigma": 0.0,
            "churn_creator_sigma": 0.0,
            "my_fee_log_sd": 0.0,
            "my_paid_deals_log_sd": 0.0,
        },
    ),
    (
        "model_stress",
        {
            "creative_pressure_hours_per_post": 0.0,
            "money_stress_hours": 0.0,
            "shock_stress_hours": 0.0,
            "hostility_stress_hours": 0.0,
        },
    ),
    ("model_engagement_decay", {"engagement_rate_micro": "nano"}),
]


@pytest.mark.parametrize(
    ("switch", "neutral"), NEUTRAL, ids=[f"{s}-{next(iter(n))}" for s, n in NEUTRAL]
)
@given(data=st.data(), seed=seeds)
@settings(max_examples=8)
def test_switch_off_equals_neutral_parameter(
    switch: str, neutral: dict[str, Any], data: st.DataObject, seed: int
) -> None:
    """A mechanism switched off gives, bit for bit, the run in which it is on with its
    strength set to nothing: every draw has a fixed shape whatever the switches, so both runs
    see the same luck, and the neutral value makes the mechanism's term an exact identity
    (x + 0, x * 1)."""
    base = data.draw(scenarios(**{switch: True}), label="base")
    changes = {k: (base.engagement_rate_nano if v == "nano" else v) for k, v in neutral.items()}
    off = run(with_(base, **{switch: False}), seed)
    on = run(with_(base, **changes), seed)
    assert_same_monthly(off, on)
    np.testing.assert_array_equal(off.ever_burnout, on.ever_burnout)
    assert off.summary == on.summary


@given(
    sc=scenarios(
        model_fatigue=True, fatigue_quality_loss=0.0, fatigue_capacity_hours=1e4, months=6
    ),
    seed=seeds,
)
@FEW
def test_fatigue_off_equals_fatigue_that_never_bites(sc: Scenario, seed: int) -> None:
    """With no quality loss and burnout out of reach (10,000 overtime hours in six months),
    fatigue is a number that changes nothing: every other line equals the run without it."""
    on = run(sc, seed)
    assume(not on.ever_burnout.any())
    off = run(with_(sc, model_fatigue=False), seed)
    assert_same_monthly(off, on, skip=("fatigue",))


# --- monotone effects on common random numbers ----------------------------------------------


@given(
    sc=scenarios(
        model_fatigue=True,
        fatigue_quality_loss=0.0,
        fatigue_capacity_hours=1e4,
        months=6,
        timeline=(),
        # the day job's pay eases money worry (model version 3): hours alone here
        model_stress=False,
    ),
    jobs=st.tuples(value_of("job_hours_per_week"), value_of("job_hours_per_week")),
    seed=seeds,
)
@FEW
def test_more_job_hours_never_less_fatigue(
    sc: Scenario, jobs: tuple[float, float], seed: int
) -> None:
    """With quality loss 0 and no burnout, job hours cannot change what the creator does, so
    creator hours are bit-identical; total hours rise by the job hours and fatigue, a monotone
    update of the total, is never lower on any path in any month."""
    lo, hi = sorted(jobs)
    a = run(with_(sc, job_hours_per_week=lo), seed)
    b = run(with_(sc, job_hours_per_week=hi), seed)
    assume(not (a.ever_burnout.any() or b.ever_burnout.any()))
    np.testing.assert_array_equal(a.monthly["creator_hours"], b.monthly["creator_hours"])
    np.testing.assert_array_equal(a.monthly["followers"], b.monthly["followers"])
    assert (b.monthly["fatigue"] >= a.monthly["fatigue"]).all()
    assert (b.monthly["total_hours"] >= a.monthly["total_hours"]).all()


@given(
    # a fee the person states (my_fee_usd_per_post) replaces the tier's: leave it unknown
    sc=scenarios(
        min_fee_usd=0.0, stop_if_lost_usd=0.0, model_stress=False, my_fee_usd_per_post=0.0
    ),
    fees=st.tuples(value_of("fee_usd_at_1k_followers"), value_of("fee_usd_at_1k_followers")),
    seed=seeds,
)
@FEW
def test_a_higher_fee_never_books_less(sc: Scenario, fees: tuple[float, float], seed: int) -> None:
    """With no minimum fee every paid offer is acceptable whatever its price, and the price
    feeds back into nothing but money (no money stop rule, no money worry): the same deals
    are booked, each
    at fee_hi / fee_lo times the price, so booked sponsorship is never lower on any path in
    any month, and audience and deals are bit-identical."""
    lo, hi = sorted(fees)
    a = run(with_(sc, fee_usd_at_1k_followers=lo), seed)
    b = run(with_(sc, fee_usd_at_1k_followers=hi), seed)
    for name in ("followers", "deals_paid", "deals_gifted", "deals_declined", "trust"):
        np.testing.assert_array_equal(a.monthly[name], b.monthly[name], err_msg=name)
    booked_a = a.monthly["income_booked_sponsorship_usd"]
    booked_b = b.monthly["income_booked_sponsorship_usd"]
    assert (booked_b >= booked_a - 0.01).all()
    assert booked_b.sum() >= booked_a.sum()
    if lo >= 0.01:  # the same deals at a scaled price (cent rounding aside)
        ratio = hi / lo
        np.testing.assert_allclose(booked_b, ratio * booked_a, rtol=1e-9, atol=0.006 * (1 + ratio))


@given(
    sc=scenarios(
        model_fatigue=False, model_crowding=False, stop_if_lost_usd=0.0, timeline=(), **NO_DEALS
    ),
    posts=st.tuples(value_of("posts_per_week"), value_of("posts_per_week")),
    seed=seeds,
)
@SOME
def test_more_posts_never_fewer_followers(
    sc: Scenario, posts: tuple[float, float], seed: int
) -> None:
    """Without deals (posts are all organic), fatigue, crowding or a money stop rule, next
    week's followers F + posts x gain(F) x noise + viral - churn x F rise with both posts and F
    on the same draws (gain rises with F, churn <= 1, a posting week churns less, the viral
    count is a monotone Poisson inverse), so by induction more posts never leave any path with
    fewer followers in any month, even with noise and virality on."""
    lo, hi = sorted(posts)
    a = run(with_(sc, posts_per_week=lo), seed)
    b = run(with_(sc, posts_per_week=hi), seed)
    fa = a.monthly["followers"].astype(np.float64)
    fb = b.monthly["followers"].astype(np.float64)
    assert (fb >= fa * (1 - 1e-6)).all()


@pytest.mark.parametrize("platform", ["instagram", "tiktok", "youtube"])
def test_more_posts_more_median_followers_with_deals(platform: str) -> None:
    """With deals on (the defaults), but virality, noise and burnout off, the median account
    at the horizon grows with the posting rhythm."""
    sc = Scenario.from_preset(
        platform,
        "fitness",
        months=12,
        model_virality=False,
        model_growth_noise=False,
        model_fatigue=False,
    )
    medians = [
        float(np.median(run(with_(sc, posts_per_week=p), 3, 300).final("followers")))
        for p in (0.5, 1, 2, 3, 5, 8, 13)
    ]
    assert medians == sorted(medians) and len(set(medians)) == len(medians)


@given(
    sc=scenarios(stop_if_lost_usd=0.0, model_stress=False),
    extra=st.tuples(st.floats(1, 500), st.floats(0, 5_000), st.floats(0, 50)),
    seed=seeds,
)
@FEW
def test_higher_costs_never_help(
    sc: Scenario, extra: tuple[float, float, float], seed: int
) -> None:
    """Costs feed back into nothing but money (with no money stop rule and no money worry; the
    test below checks costs with worry on): the audience and
    deals are bit-identical, and since tax takes at most tax_rate <= 0.7 of a saving, final
    cumulative net cash is never higher on any path, and strictly lower on every path still
    in at the end of month 1 (it pays at least a dollar more software)."""
    soft, kit, prod = extra
    dearer_sc = with_(
        sc,
        software_usd_per_month=min(sc.software_usd_per_month + soft, 10_000),
        equipment_cost_usd=min(sc.equipment_cost_usd + kit, 100_000),
        production_cost_usd_per_post=min(sc.production_cost_usd_per_post + prod, 10_000),
    )
    assume(dearer_sc.software_usd_per_month >= sc.software_usd_per_month + 1)
    cheaper = run(sc, seed)
    dearer = run(dearer_sc, seed)
    for name in ("followers", "deals_paid", "posts", "status", "creator_hours"):
        np.testing.assert_array_equal(cheaper.monthly[name], dearer.monthly[name], err_msg=name)
    worse = dearer.final("cumulative_net_usd")
    better = cheaper.final("cumulative_net_usd")
    assert (worse < better + 0.01).all()
    paying = cheaper.monthly["status"][:, 1] != Status.QUIT
    assert (worse[paying] < better[paying]).all()


# --- the schema's corner ----------------------------------------------------------------------


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_followers_stay_finite_at_the_schema_corner() -> None:
    """Hundreds of followers per post, proportional growth and no crowding: followers
    would overflow the float32 record within a year; the engine caps them (found by this
    test: the CLI used to die on a NaN summary)."""
    sc = Scenario(
        **NO_DEALS,
        months=8,
        base_followers_per_post=1000,
        growth_elasticity=1.0,
        posts_per_week=21,
        model_crowding=False,
        model_fatigue=False,
        model_churn=False,
    )
    res = simulate(sc, 20, 1)
    assert np.isfinite(res.monthly["followers"]).all()
    assert np.isfinite(res.summary.followers_p50)
