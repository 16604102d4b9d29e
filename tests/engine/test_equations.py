"""Each equation of sim/equations.py on its own, against hand computations and its stated
shape (concave, monotone, anchored, bounded)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import equations as eq

F = np.array([0.0, 100.0, 1_000.0, 5_000.0, 10_000.0, 50_000.0, 100_000.0])
GRID = np.linspace(0.0, 200_000.0, 401)
ONES = np.ones_like(F)
unit = st.floats(0.0, 1.0)
small = settings(max_examples=60)


# --- gain_per_post --------------------------------------------------------------------------


def test_gain_per_post_matches_hand_computation() -> None:
    got = eq.gain_per_post(np.array([3_000.0]), 4.0, 0.8, 0.9, 1_000_000.0)
    assert got[0] == pytest.approx(4.0 * 0.9 * 4.0**0.8 * (1 - 3_000 / 1_000_000), rel=1e-12)


@pytest.mark.parametrize("elasticity", [0.2, 0.5, 0.8, 0.95])
@pytest.mark.parametrize("capacity", [None, 300_000.0])
def test_gain_per_post_is_concave_and_increasing_below_capacity(
    elasticity: float, capacity: float | None
) -> None:
    """Elasticity < 1: each extra follower adds less gain than the last (second differences
    negative); without saturation the gain still rises with followers."""
    g = eq.gain_per_post(GRID, 4.0, elasticity, 1.0, capacity)
    assert (np.diff(g, 2) < 0).all()
    if capacity is None:
        assert (np.diff(g) > 0).all()


def test_gain_per_post_is_linear_at_elasticity_one_and_flat_at_zero() -> None:
    g1 = eq.gain_per_post(GRID, 4.0, 1.0, 1.0, None)
    np.testing.assert_allclose(np.diff(g1, 2), 0.0, atol=1e-9)
    g0 = eq.gain_per_post(GRID, 4.0, 0.0, 0.7, None)
    np.testing.assert_array_equal(g0, np.full_like(GRID, 4.0 * 0.7))


def test_gain_per_post_is_zero_at_and_beyond_capacity() -> None:
    cap = 80_000.0
    g = eq.gain_per_post(np.array([cap, 1.5 * cap, 10 * cap]), 10.0, 0.8, 1.2, cap)
    np.testing.assert_array_equal(g, 0.0)
    assert eq.gain_per_post(np.array([0.99 * cap]), 10.0, 0.8, 1.2, cap)[0] > 0


@pytest.mark.parametrize("factor", [0.1, 2.0, 7.5])
def test_gain_per_post_is_proportional_to_base_and_competition(factor: float) -> None:
    ref = eq.gain_per_post(F, 4.0, 0.8, 0.9, 2e6)
    np.testing.assert_allclose(eq.gain_per_post(F, 4.0 * factor, 0.8, 0.9, 2e6), factor * ref)
    np.testing.assert_allclose(eq.gain_per_post(F, 4.0, 0.8, 0.9 * factor, 2e6), factor * ref)


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


# --- update_trust ---------------------------------------------------------------------------


def test_trust_falls_above_tolerance_and_recovers_below() -> None:
    trust = np.array([0.9, 0.9, 0.9])
    share = np.array([0.5, 0.2, 0.1])
    out = eq.update_trust(trust, share, tolerance=0.2, loss_per_excess=0.5, recovery_per_week=0.1)
    np.testing.assert_allclose(out, [0.9 - 0.5 * 0.3, 0.9 + 0.1 * 0.1, 0.9 + 0.1 * 0.1])


@given(trust=unit, share=unit, tol=unit, loss=st.floats(0, 5), rec=unit)
@small
def test_trust_stays_between_zero_and_one(
    trust: float, share: float, tol: float, loss: float, rec: float
) -> None:
    out = eq.update_trust(np.array([trust]), np.array([share]), tol, loss, rec)[0]
    assert 0.0 <= out <= 1.0
    if share > tol and loss > 0:
        assert out <= trust
    if share <= tol:
        assert out >= trust


# --- deal flow --------------------------------------------------------------------------------


def _inbound(followers: float = 10_000, er: float = 0.022, trust: float = 1.0) -> float:
    return float(
        eq.inbound_deal_rate_per_week(
            np.array([followers]),
            np.array([er]),
            0.022,
            np.array([trust]),
            0.6,
            1.0,
            1.3,
            np.array([1.0]),
        )[0]
    )


def test_inbound_rate_at_reference_point() -> None:
    assert _inbound() == pytest.approx(0.6 * 1.3 / (52 / 12), rel=1e-12)


def test_inbound_rate_rises_with_followers_engagement_trust_and_boost() -> None:
    assert _inbound(followers=20_000) > _inbound() > _inbound(followers=5_000)
    assert _inbound(er=0.03) > _inbound() > _inbound(er=0.01)
    assert _inbound(trust=1.0) > _inbound(trust=0.5) > _inbound(trust=0.1)
    boosted = eq.inbound_deal_rate_per_week(
        np.array([1e4]), np.array([0.022]), 0.022, np.ones(1), 0.6, 1.0, 1.3, np.array([1.5])
    )[0]
    assert boosted == pytest.approx(1.5 * _inbound())


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


@given(f1=st.floats(0, 1e6), f2=st.floats(0, 1e6), t1=unit, t2=unit)
@small
def test_deal_rates_are_monotone(f1: float, f2: float, t1: float, t2: float) -> None:
    lo_f, hi_f = sorted((f1, f2))
    lo_t, hi_t = sorted((t1, t2))
    f = np.array([lo_f, hi_f, hi_f])
    t = np.array([lo_t, lo_t, hi_t])
    er = np.full(3, 0.02)
    inbound = eq.inbound_deal_rate_per_week(f, er, 0.022, t, 0.6, 1.0, 1.0, np.ones(3))
    pitch = eq.pitch_deal_rate_per_week(f, np.full(3, 1.0), 2.0, 0.03, t)
    for rate in (inbound, pitch):
        assert rate[0] <= rate[1] <= rate[2]


def test_gifted_share_halves_at_the_half_point() -> None:
    g = eq.gifted_share(np.array([0.0, 25_000.0, 75_000.0]), 0.85, 25_000.0)
    np.testing.assert_allclose(g, [0.85, 0.425, 0.85 / 4])
    assert (np.diff(eq.gifted_share(GRID, 0.85, 25_000.0)) < 0).all()


# --- fees -----------------------------------------------------------------------------------


def test_median_fee_is_a_power_law_through_fee_at_1k() -> None:
    f = np.array([1_000.0, 10_000.0, 100_000.0])
    fee = eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.ones(3), 1.0)
    assert fee[0] == 12.0
    np.testing.assert_allclose(fee, 12.0 * (f / 1000.0) ** 0.8, rtol=1e-12)


def test_median_fee_scales_with_every_multiplier() -> None:
    f = np.array([3_000.0])
    ref = eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.ones(1), 1.0)[0]
    assert eq.median_fee_usd(f, 12.0, 0.8, 1.3, np.ones(1), 1.0)[0] == pytest.approx(1.3 * ref)
    assert eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.full(1, 0.5), 1.0)[0] == pytest.approx(ref / 2)
    assert eq.median_fee_usd(f, 12.0, 0.8, 1.0, np.ones(1), 1.2)[0] == pytest.approx(1.2 * ref)
    assert eq.median_fee_usd(f, 24.0, 0.8, 1.0, np.ones(1), 1.0)[0] == pytest.approx(2 * ref)


def test_median_fee_floors_followers_at_100() -> None:
    fee = eq.median_fee_usd(np.array([0.0, 50.0, 100.0]), 12.0, 0.8, 1.0, np.ones(3), 1.0)
    np.testing.assert_array_equal(fee, fee[2])


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


def test_affiliate_income_hand_computation() -> None:
    got = eq.affiliate_income_usd(
        np.array([4_000.0, -5.0]),
        np.array([0.02, 0.02]),
        np.array([3.0, 3.0]),
        0.5,
        0.01,
        60.0,
        0.08,
    )
    # 4,000 followers x 2% x 3 posts x half with a link = 120 engagements; 1.2 orders x $60 x 8%
    np.testing.assert_allclose(got, [120 * 0.01 * 60 * 0.08, 0.0])


def test_platform_payout_hand_computation_and_threshold() -> None:
    f = np.array([9_999.0, 10_000.0, 20_000.0])
    got = eq.platform_payout_usd(f, np.full(3, 2.0), 10_000.0, 0.5, 0.5)
    # 10,000 followers x 0.5 views x 2 posts = 10,000 views x $0.5 / 1,000
    np.testing.assert_allclose(got, [0.0, 5.0, 10.0])


# --- virality ---------------------------------------------------------------------------------


def test_pareto_mean_formula() -> None:
    assert eq.pareto_mean(3.0, 5.0) == pytest.approx(7.5)
    assert eq.expected_viral_factor(0.0, 2.0, 5.0) == 1.0
    assert eq.expected_viral_factor(0.1, 3.0, 5.0) == pytest.approx(1 + 0.1 * 6.5)


@pytest.mark.parametrize(("p", "alpha", "minimum"), [(0.02, 3.0, 5.0), (0.1, 4.0, 2.0)])
def test_expected_viral_factor_matches_monte_carlo(p: float, alpha: float, minimum: float) -> None:
    """Each post is viral with probability p; a viral post gains a Pareto jump drawn as the
    engine draws it (minimum x (1 - u)^(-1/alpha)) times an ordinary post."""
    n = 400_000
    rng = np.random.default_rng(11)
    viral = rng.random(n) < p
    jump = minimum * np.power(1.0 - rng.random(n), -1.0 / alpha)
    factor = np.where(viral, jump, 1.0)
    se = factor.std() / math.sqrt(n)
    assert abs(factor.mean() - eq.expected_viral_factor(p, alpha, minimum)) < 5 * se
