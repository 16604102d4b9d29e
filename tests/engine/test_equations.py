"""Each equation of sim/model/equations.py on its own, against hand computations and its stated
shape (concave, monotone, anchored, bounded)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model import equations as eq

F = np.array([0.0, 100.0, 1_000.0, 5_000.0, 10_000.0, 50_000.0, 100_000.0])
GRID = np.linspace(0.0, 200_000.0, 401)
ONES = np.ones_like(F)
unit = st.floats(0.0, 1.0)
small = settings(max_examples=60)


# --- gain_per_post ---------------------------------------------------------------------------


def test_gain_per_post_matches_hand_computation() -> None:
    got = eq.gain_per_post(np.array([3_000.0]), 4.0, 0.8, 1.25, 100_000.0)
    assert got[0] == pytest.approx(4.0 / 1.25 * 4.0**0.8 / (1 + 3_000 / 100_000), rel=1e-12)


@pytest.mark.parametrize("elasticity", [0.2, 0.5, 0.8, 0.95])
def test_gain_per_post_is_concave_and_increasing(elasticity: float) -> None:
    """Elasticity < 1: each extra follower adds less gain than the last (second differences
    negative), and the gain still rises; crowding then divides it by 1 + F/half."""
    g = eq.gain_per_post(GRID, 4.0, elasticity, 1.0, None)
    assert (np.diff(g, 2) < 0).all()
    assert (np.diff(g) > 0).all()
    crowded = eq.gain_per_post(GRID, 4.0, elasticity, 1.0, 300_000.0)
    np.testing.assert_allclose(crowded, g * eq.crowding_factor(GRID, 300_000.0))


def test_gain_per_post_is_linear_at_elasticity_one_and_flat_at_zero() -> None:
    g1 = eq.gain_per_post(GRID, 4.0, 1.0, 1.0, None)
    np.testing.assert_allclose(np.diff(g1, 2), 0.0, atol=1e-9)
    g0 = eq.gain_per_post(GRID, 4.0, 0.0, 2.0, None)
    np.testing.assert_array_equal(g0, np.full_like(GRID, 4.0 / 2.0))


def test_crowding_halves_the_gain_at_its_half_point_and_never_stops_it() -> None:
    half = 80_000.0
    f = np.array([0.0, half, 3 * half, 1e9])
    np.testing.assert_allclose(eq.crowding_factor(f, half), [1.0, 0.5, 0.25, half / (half + 1e9)])
    g = eq.gain_per_post(f, 10.0, 0.0, 1.0, half)
    np.testing.assert_allclose(g, 10.0 * eq.crowding_factor(f, half))
    assert (g > 0).all()


@pytest.mark.parametrize("factor", [0.1, 2.0, 7.5])
def test_gain_per_post_is_proportional_to_base_and_inverse_to_crowding(factor: float) -> None:
    ref = eq.gain_per_post(F, 4.0, 0.8, 1.2, 2e5)
    np.testing.assert_allclose(eq.gain_per_post(F, 4.0 * factor, 0.8, 1.2, 2e5), factor * ref)
    np.testing.assert_allclose(eq.gain_per_post(F, 4.0, 0.8, 1.2 * factor, 2e5), ref / factor)


# --- engagement_rate ------------------------------------------------------------------------


@pytest.mark.parametrize(("nano", "micro"), [(0.022, 0.017), (0.10, 0.07), (0.017, 0.0042)])
def test_engagement_rate_passes_through_both_anchors(nano: float, micro: float) -> None:
    er = eq.engagement_rate(np.array([5_000.0, 50_000.0]), nano, micro, True)
    assert er[0] == nano  # (F/5k)^b is exactly 1 at the nano anchor
    assert er[1] == pytest.approx(micro, rel=1e-12)


@given(nano=st.floats(0.0001, 0.5), ratio=st.floats(0.01, 1.0))
@small
def test_engagement_rate_passes_through_any_falling_pair_of_anchors(
    nano: float, ratio: float
) -> None:
    micro = max(nano * ratio, 0.0001)
    er = eq.engagement_rate(np.array([5_000.0, 50_000.0]), nano, micro, True)
    assert er[0] == nano
    assert er[1] == pytest.approx(micro, rel=1e-9)


def test_engagement_rate_passes_through_a_rising_pair_of_anchors() -> None:
    er = eq.engagement_rate(np.array([5_000.0, 50_000.0]), 0.01, 0.05, True)
    np.testing.assert_allclose(er, [0.01, 0.05], rtol=1e-12)


def test_engagement_rate_is_a_power_law_between_the_anchors() -> None:
    nano, micro = 0.022, 0.017
    b = math.log(micro / nano) / math.log(10.0)
    er = eq.engagement_rate(np.array([20_000.0]), nano, micro, True)
    assert er[0] == pytest.approx(nano * 4.0**b, rel=1e-12)


def test_engagement_rate_falls_with_followers_and_is_capped_for_tiny_accounts() -> None:
    nano, micro = 0.017, 0.0042
    er = eq.engagement_rate(GRID, nano, micro, True)
    assert (np.diff(er) <= 0).all()
    assert er.max() <= 2 * nano
    assert er[0] == 2 * nano  # 0 followers is treated as 100, far above the cap


def test_engagement_rate_is_flat_when_decay_is_off() -> None:
    er = eq.engagement_rate(GRID, 0.022, 0.017, False)
    np.testing.assert_array_equal(er, 0.022)


def test_effective_engagement_scales_by_trust_and_consistency() -> None:
    base = np.array([0.02, 0.02, 0.02])
    out = eq.effective_engagement(base, np.array([1.0, 0.5, 1.0]), np.array([1.0, 1.0, 0.0]), 0.4)
    np.testing.assert_allclose(out, [0.02, 0.01, 0.02 * 0.6])


# --- churn_rate -----------------------------------------------------------------------------


def test_churn_rate_hand_computation_and_ordering() -> None:
    posting = np.array([True, False, True, False])
    trust = np.array([1.0, 1.0, 0.5, 0.5])
    c = eq.churn_rate(0.004, posting, trust, 3.0, 2.0)
    np.testing.assert_allclose(c, [0.004, 0.012, 0.008, 0.024])
    assert c[1] > c[0] and c[3] > c[2]  # not posting loses more
    assert c[2] > c[0] and c[3] > c[1]  # lower trust loses more


@given(base=st.floats(0, 0.2), trust=unit, rest=st.floats(1, 20), distrust=st.floats(0, 20))
@small
def test_churn_rate_is_a_share(base: float, trust: float, rest: float, distrust: float) -> None:
    c = eq.churn_rate(base, np.array([True, False]), np.array([trust, trust]), rest, distrust)
    assert ((c >= 0) & (c <= 1)).all()
    assert c[1] >= c[0]


# --- trust ---------------------------------------------------------------------------------


def test_trust_target_hand_computation() -> None:
    share = np.array([0.0, 0.25, 0.5, 1.0])
    got = eq.trust_target(share, 0.25, 0.6)
    s2 = share**2
    np.testing.assert_allclose(got, 1 - 0.6 * s2 / (s2 + 0.0625))
    assert got[1] == pytest.approx(1 - 0.6 / 2)  # half the trust at stake lost at h


def test_trust_target_bites_at_the_shares_small_creators_take() -> None:
    """Version 1's threshold at 20% never bit below it; a smooth target costs trust at 10%."""
    small = eq.trust_target(np.array([0.1]), 0.25, 0.6)[0]
    assert 0.85 < small < 0.95


def test_trust_moves_toward_its_target_faster_down_than_up() -> None:
    trust = np.array([0.9, 0.9])
    out = eq.update_trust(trust, np.array([0.5, 1.0]), 0.2, 0.05)
    np.testing.assert_allclose(out, [0.9 + 0.2 * (0.5 - 0.9), 0.9 + 0.05 * 0.1])


@given(trust=unit, share=unit, half=st.floats(0.01, 1), loss=unit, fall=unit, rec=unit)
@small
def test_trust_stays_between_zero_and_one_and_moves_toward_the_target(
    trust: float, share: float, half: float, loss: float, fall: float, rec: float
) -> None:
    target = eq.trust_target(np.array([share]), half, loss)
    out = eq.update_trust(np.array([trust]), target, fall, rec)[0]
    assert 0.0 <= out <= 1.0
    assert min(trust, target[0]) - 1e-12 <= out <= max(trust, target[0]) + 1e-12
    lower = eq.trust_target(np.array([min(1.0, share + 0.1)]), half, loss)[0]
    assert lower <= target[0] + 1e-12  # more sponsored, never more trust


# --- deal flow --------------------------------------------------------------------------------


def _inbound(followers: float = 10_000, er: float = 0.022, demand: float = 1.0) -> float:
    return float(
        eq.inbound_deal_rate_per_week(
            np.array([followers]),
            np.array([er]),
            0.022,
            0.6,
            1.0,
            1.3,
            np.array([demand]),
        )[0]
    )


def test_inbound_rate_at_reference_point() -> None:
    assert _inbound() == pytest.approx(0.6 * 1.3 / (52 / 12), rel=1e-12)


def test_inbound_rate_rises_with_followers_engagement_and_demand() -> None:
    assert _inbound(followers=20_000) > _inbound() > _inbound(followers=5_000)
    assert _inbound(er=0.03) > _inbound() > _inbound(er=0.01)
    assert _inbound(demand=1.5) == pytest.approx(1.5 * _inbound())


def test_pitch_rate_hand_computation_cap_and_monotonicity() -> None:
    f = np.array([2_500.0, 10_000.0, 40_000.0, 1e9])
    r = eq.pitch_deal_rate_per_week(f, np.full(4, 2.0), 3.0, 0.05, np.ones(4))
    np.testing.assert_allclose(r[:3], 2.0 * 3.0 * 0.05 * np.array([0.5, 1.0, 2.0]))
    assert r[3] == pytest.approx(2.0 * 3.0 * 0.5)  # response rate capped at 50%
    assert (np.diff(r) >= 0).all()
    hours = eq.pitch_deal_rate_per_week(f[:1], np.array([4.0]), 3.0, 0.05, np.ones(1))
    assert hours[0] == pytest.approx(2 * r[0])
    half = eq.pitch_deal_rate_per_week(f[:1], np.array([2.0]), 3.0, 0.05, np.array([0.5]))
    assert half[0] == pytest.approx(r[0] / 2)


@given(f1=st.floats(0, 1e6), f2=st.floats(0, 1e6), d1=st.floats(0, 5), d2=st.floats(0, 5))
@small
def test_deal_rates_are_monotone(f1: float, f2: float, d1: float, d2: float) -> None:
    lo_f, hi_f = sorted((f1, f2))
    lo_d, hi_d = sorted((d1, d2))
    f = np.array([lo_f, hi_f, hi_f])
    d = np.array([lo_d, lo_d, hi_d])
    er = np.full(3, 0.02)
    inbound = eq.inbound_deal_rate_per_week(f, er, 0.022, 0.6, 1.0, 1.0, d)
    pitch = eq.pitch_deal_rate_per_week(f, np.full(3, 1.0), 2.0, 0.03, d)
    for rate in (inbound, pitch):
        assert rate[0] <= rate[1] <= rate[2]


def test_season_profile_has_mean_one_and_bunches_in_november_december() -> None:
    profile = np.array(eq.SEASON_PROFILE)
    assert profile.mean() == pytest.approx(1.0)
    assert profile[10:].sum() / profile.sum() > 2 / 12
    assert profile[9:].sum() > profile[:3].sum()  # Q4 above the following Q1
    assert eq.season_multiplier(11, 0.0) == 1.0
    assert eq.season_multiplier(11, 1.0) == pytest.approx(profile[10])
    assert eq.season_multiplier(23, 0.5) == pytest.approx(1 + 0.5 * (profile[10] - 1))


@given(a=st.floats(0.25, 4), b=st.floats(0.25, 4), e=st.floats(0, 5))
@small
def test_asking_more_never_wins_more_offers(a: float, b: float, e: float) -> None:
    lo, hi = sorted((a, b))
    assert eq.price_response(hi, e) <= eq.price_response(lo, e) + 1e-12
    assert eq.price_response(1.0, e) == pytest.approx(1.0)


def test_gifted_share_halves_at_the_half_point() -> None:
    g = eq.gifted_share(np.array([0.0, 25_000.0, 75_000.0]), 0.85, 25_000.0)
    np.testing.assert_allclose(g, [0.85, 0.425, 0.85 / 4])
    assert (np.diff(eq.gifted_share(GRID, 0.85, 25_000.0)) < 0).all()


# --- fees -----------------------------------------------------------------------------------


def test_median_fee_is_a_power_law_through_fee_at_1k() -> None:
    f = np.array([1_000.0, 10_000.0, 100_000.0])
    fee = eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.ones(3))
    assert fee[0] == 12.0
    np.testing.assert_allclose(fee, 12.0 * (f / 1000.0) ** 0.8, rtol=1e-12)


def test_median_fee_scales_with_every_multiplier() -> None:
    f = np.array([3_000.0])
    ref = eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.ones(1))[0]
    assert eq.median_fee_usd(f, 12.0, 0.8, 1.3, np.ones(1))[0] == pytest.approx(1.3 * ref)
    assert eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.full(1, 0.5))[0] == pytest.approx(ref / 2)
    assert eq.median_fee_usd(f, 24.0, 0.8, 1.0, np.ones(1))[0] == pytest.approx(2 * ref)


def test_median_fee_floors_followers_at_100() -> None:
    fee = eq.median_fee_usd(np.array([0.0, 50.0, 100.0]), 12.0, 0.8, 1.0, np.ones(3))
    np.testing.assert_array_equal(fee, fee[2])


# --- strain ---------------------------------------------------------------------------------


def test_strain_hours_adds_every_cause() -> None:
    got = eq.strain_hours(
        np.array([50.0, 50.0]),
        np.array([3.0, 0.0]),
        np.array([0.5, 1.0]),
        np.array([1.0, 0.0]),
        np.array([0.2, 0.0]),
        1.5,
        8.0,
        5.0,
        10.0,
    )
    np.testing.assert_allclose(got, [50 + 4.5 + 4 + 5 + 2, 50 + 8])


# --- fatigue and quality ----------------------------------------------------------------------


def test_update_fatigue_hand_computation() -> None:
    f = eq.update_fatigue(
        np.array([0.2, 0.2, 0.01]), np.array([70.0, 45.0, 45.0]), 55.0, 150.0, 2.0
    )
    np.testing.assert_allclose(f, [0.2 + 15 / 150, 0.2 - 2 * 10 / 150, 0.0])


@given(
    f0=st.floats(0, 3),
    h1=st.floats(0, 200),
    h2=st.floats(0, 200),
    sustain=st.floats(1, 100),
    cap=st.floats(1, 10_000),
    rec=st.floats(0, 10),
)
@small
def test_update_fatigue_is_monotone_in_hours_and_never_negative(
    f0: float, h1: float, h2: float, sustain: float, cap: float, rec: float
) -> None:
    lo, hi = sorted((h1, h2))
    out = eq.update_fatigue(np.array([f0, f0]), np.array([lo, hi]), sustain, cap, rec)
    assert (out >= 0).all()
    assert out[0] <= out[1]


def test_output_quality() -> None:
    q = eq.output_quality(np.array([-1.0, 0.0, 0.5, 1.0, 3.0]), 0.4)
    np.testing.assert_allclose(q, [1.0, 1.0, 0.8, 0.6, 0.6])


# --- poisson_from_uniform ---------------------------------------------------------------------


def _poisson_pmf(rate: float, k: int) -> float:
    return math.exp(-rate) * rate**k / math.factorial(k)


@pytest.mark.parametrize("rate", [0.05, 0.5, 1.0, 2.5, 6.0])
def test_poisson_from_uniform_reproduces_the_pmf(rate: float) -> None:
    """Evenly spaced uniforms are the quantile grid: the share mapped to k is the pmf up to
    the grid's spacing."""
    n = 100_000
    u = (np.arange(n) + 0.5) / n
    counts = eq.poisson_from_uniform(np.full(n, rate), u, 60)
    shares = np.bincount(counts, minlength=40) / n
    for k in range(20):
        assert shares[k] == pytest.approx(_poisson_pmf(rate, k), abs=2.0 / n)


@pytest.mark.parametrize("rate", [0.1, 1.0, 4.0, 10.0])
def test_poisson_from_uniform_mean_and_variance(rate: float) -> None:
    n = 200_000
    u = np.random.default_rng(7).random(n)
    x = eq.poisson_from_uniform(np.full(n, rate), u, 60).astype(float)
    se_mean = math.sqrt(rate / n)
    assert abs(x.mean() - rate) < 5 * se_mean
    # variance of the sample variance of a Poisson: (mu4 - sigma^4) / n = (rate + 2 rate^2) / n
    se_var = math.sqrt((rate + 2 * rate**2) / n)
    assert abs(x.var() - rate) < 5 * se_var


def test_poisson_from_uniform_caps_and_zero_rate() -> None:
    u = np.array([0.0, 0.5, 0.999999999])
    np.testing.assert_array_equal(eq.poisson_from_uniform(np.zeros(3), u, 6), 0)
    capped = eq.poisson_from_uniform(np.full(2, 50.0), u[1:], 6)
    np.testing.assert_array_equal(capped, 6)


@given(u=st.floats(0, 1, exclude_max=True), r1=st.floats(0, 30), r2=st.floats(0, 30))
@settings(max_examples=150)
def test_poisson_from_uniform_is_monotone_in_rate(u: float, r1: float, r2: float) -> None:
    lo, hi = sorted((r1, r2))
    k = eq.poisson_from_uniform(np.array([lo, hi]), np.array([u, u]), 60)
    assert k[0] <= k[1]


# --- other income -----------------------------------------------------------------------------


def test_affiliate_income_follows_clicks() -> None:
    got = eq.affiliate_income_usd(
        np.array([10_000.0, -5.0, 10_000.0]),
        np.array([1.0, 1.0, 0.5]),
        0.5,
        0.004,
        0.02,
        60.0,
        0.08,
    )
    # 10,000 views x half with a link x 0.4% = 20 clicks; 0.4 orders x $60 x 8%; half if
    # the audience half-trusts the creator
    np.testing.assert_allclose(got, [20 * 0.02 * 60 * 0.08, 0.0, 10 * 0.02 * 60 * 0.08])


def test_views_and_back_catalogue() -> None:
    new = eq.first_week_views(np.array([2_000.0]), np.array([3.0]), 0.25)
    assert new[0] == pytest.approx(1_500.0)
    # a single post: its later views add up to `multiple` x its first week
    catalogue = eq.update_catalogue(np.zeros(1), new, 4.0, 0.9)
    total = 0.0
    for _ in range(2000):
        total += catalogue[0]
        catalogue = eq.update_catalogue(catalogue, np.zeros(1), 4.0, 0.9)
    assert total == pytest.approx(4.0 * 1_500.0, rel=1e-9)


def test_platform_payout_only_inside_the_programme() -> None:
    got = eq.platform_payout_usd(np.array([10_000.0, 10_000.0]), np.array([False, True]), 0.4, 0.6)
    np.testing.assert_allclose(got, [0.0, 10_000 * 0.4 * 0.6 / 1000])


# --- virality ---------------------------------------------------------------------------------


def test_pareto_mean_formula() -> None:
    assert eq.pareto_mean(3.0, 5.0) == pytest.approx(7.5)
    assert eq.pareto_mean(3.0, 5.0, 5.0) == 5.0
    assert eq.pareto_mean(3.0, 5.0, 1e12) == pytest.approx(7.5)
    assert eq.expected_viral_factor(0.0, 2.0, 5.0) == 1.0
    assert eq.expected_viral_factor(0.1, 3.0, 5.0) == pytest.approx(1 + 0.1 * 6.5)


@pytest.mark.parametrize(
    ("p", "alpha", "minimum", "maximum"),
    [(0.02, 3.0, 5.0, math.inf), (0.1, 4.0, 2.0, math.inf), (0.05, 1.6, 5.0, 300.0)],
)
def test_expected_viral_factor_matches_monte_carlo(
    p: float, alpha: float, minimum: float, maximum: float
) -> None:
    """Each post is viral with probability p; a viral post gains a Pareto jump drawn as the
    engine draws it (``viral_jump``: capped at the maximum) times an ordinary post."""
    n = 400_000
    rng = np.random.default_rng(11)
    viral = rng.random(n) < p
    jump = eq.viral_jump(rng.random(n), minimum, maximum, alpha)
    assert jump.max() <= maximum
    factor = np.where(viral, jump, 1.0)
    se = factor.std() / math.sqrt(n)
    expected = eq.expected_viral_factor(p, alpha, minimum, maximum)
    assert abs(factor.mean() - expected) < 5 * se


def test_money_worry_grows_with_the_hole_and_weighs_more_without_a_salary() -> None:
    net = np.array([500.0, -1_500.0, -3_000.0, -9_000.0])
    full = eq.money_worry(net, 3_000.0, 0.0)
    np.testing.assert_allclose(full, [0.0, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(eq.money_worry(net, 3_000.0, 40.0), full / 2)
    np.testing.assert_allclose(eq.money_worry(net, 3_000.0, 20.0), full * 0.75)
    np.testing.assert_allclose(eq.money_worry(net, 3_000.0, 60.0), full / 2)
