"""The model's equations: pure functions on arrays of paths, no state, no randomness.

Each function takes numpy arrays (one value per simulated path) and plain parameters, and
returns a new array. The engine composes them week by week; the tests check each on its own.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

WEEKS_PER_MONTH = 52.0 / 12.0
NANO_REFERENCE_FOLLOWERS = 5_000.0
MICRO_REFERENCE_FOLLOWERS = 50_000.0


def gain_per_post(
    followers: Array,
    base_followers_per_post: float,
    growth_elasticity: float,
    competition: float,
    capacity_followers: float | None,
) -> Array:
    """Expected new followers from one ordinary post.

    Concave in followers: base x (1 + F/1000)^elasticity, scaled by niche competition, and
    by saturation (1 - F/capacity) so growth per post falls to zero at the niche's capacity.
    """
    scale = np.power(1.0 + np.maximum(followers, 0.0) / 1000.0, growth_elasticity)
    gain = base_followers_per_post * competition * scale
    if capacity_followers is not None:
        gain = gain * np.clip(1.0 - followers / capacity_followers, 0.0, 1.0)
    return gain


def pareto_mean(tail_index: float, minimum: float) -> float:
    """Mean of a Pareto(tail_index) jump with the given minimum (tail_index > 1)."""
    return tail_index * minimum / (tail_index - 1.0)


def expected_viral_factor(viral_probability: float, tail_index: float, minimum: float) -> float:
    """Expected growth multiplier of one post once virality is counted."""
    return 1.0 + viral_probability * (pareto_mean(tail_index, minimum) - 1.0)


def engagement_rate(
    followers: Array,
    rate_nano: float,
    rate_micro: float,
    decay: bool,
) -> Array:
    """Engagement rate by tier: a power law through the nano (5k) and micro (50k) anchors.

    Published benchmarks give nano accounts higher engagement than micro ones; the exponent
    is fitted to the two anchors; below the nano anchor the extrapolation is capped at twice
    the nano figure for tiny accounts.
    """
    if not decay:
        return np.full_like(followers, rate_nano, dtype=np.float64)
    exponent = np.log(rate_micro / rate_nano) / np.log(
        MICRO_REFERENCE_FOLLOWERS / NANO_REFERENCE_FOLLOWERS
    )
    ratio = np.maximum(followers, 100.0) / NANO_REFERENCE_FOLLOWERS
    rate: Array = rate_nano * np.power(ratio, exponent)
    # the cap only tames the extrapolation below the nano anchor; a rate is a share
    capped = np.where(ratio < 1.0, np.minimum(rate, 2.0 * rate_nano), rate)
    return np.clip(capped, 0.0, 1.0)


def effective_engagement(
    base_rate: Array, trust: Array, consistency: Array, consistency_weight: float
) -> Array:
    """Engagement scaled by trust and by how consistently the creator has been posting."""
    on_schedule = (1.0 - consistency_weight) + consistency_weight * np.clip(consistency, 0, 1)
    return base_rate * trust * on_schedule


def churn_rate(
    base_weekly_rate: float,
    posting: NDArray[np.bool_],
    trust: Array,
    rest_multiplier: float,
    distrust_multiplier: float,
) -> Array:
    """Share of followers lost this week: more when not posting, more when trust is low."""
    rate = base_weekly_rate * np.where(posting, 1.0, rest_multiplier)
    rate = rate * (1.0 + distrust_multiplier * (1.0 - trust))
    return np.clip(rate, 0.0, 1.0)


def update_trust(
    trust: Array,
    sponsored_share: Array,
    tolerance: float,
    loss_per_excess: float,
    recovery_per_week: float,
) -> Array:
    """Trust falls while the recent sponsored share exceeds what the audience tolerates,
    and otherwise recovers a fixed share of the gap each week. Stays within [0, 1]."""
    excess = np.maximum(sponsored_share - tolerance, 0.0)
    falling = trust - loss_per_excess * excess
    recovering = trust + recovery_per_week * (1.0 - trust)
    return np.clip(np.where(excess > 0.0, falling, recovering), 0.0, 1.0)


def inbound_deal_rate_per_week(
    followers: Array,
    engagement: Array,
    reference_engagement: float,
    trust: Array,
    deals_per_month_at_10k: float,
    follower_elasticity: float,
    niche_demand: float,
    boost: Array,
) -> Array:
    """Poisson rate of brand offers a week: rises with followers, engagement, trust and
    niche demand; multiplied by the lift after an event."""
    size = np.power(np.maximum(followers, 0.0) / 10_000.0, follower_elasticity)
    quality = engagement / reference_engagement
    monthly = deals_per_month_at_10k * size * quality * niche_demand * trust * boost
    return np.maximum(monthly, 0.0) / WEEKS_PER_MONTH


def pitch_deal_rate_per_week(
    followers: Array,
    pitching_hours: Array,
    pitches_per_hour: float,
    response_rate_at_10k: float,
    trust: Array,
) -> Array:
    """Offers a week won by pitching: pitches x a response rate that rises with tier
    (square root of followers/10k, capped at 50%)."""
    response = np.minimum(
        response_rate_at_10k * np.sqrt(np.maximum(followers, 0.0) / 10_000.0), 0.5
    )
    return np.maximum(pitching_hours, 0.0) * pitches_per_hour * response * trust


def gifted_share(followers: Array, share_max: float, half_followers: float) -> Array:
    """Share of offers that are product-only: high for small accounts, halving at
    ``half_followers``."""
    return share_max * half_followers / (half_followers + np.maximum(followers, 0.0))


def median_fee_usd(
    followers: Array,
    fee_at_1k: float,
    elasticity: float,
    niche_multiplier: float,
    trust: Array,
    rate_multiplier: float,
) -> Array:
    """Median cash fee of one sponsored post: a power law in followers from the price
    source, scaled by niche, by trust (distrusted creators get cheaper deals) and by the
    creator's own planned rate rises."""
    size = np.power(np.maximum(followers, 100.0) / 1000.0, elasticity)
    return fee_at_1k * size * niche_multiplier * trust * rate_multiplier


def update_fatigue(
    fatigue: Array,
    total_hours: Array,
    sustainable_hours: Array | float,
    capacity_hours: float,
    recovery_multiplier: float,
) -> Array:
    """Fatigue is a stock in units of "burnout thresholds": overtime adds to it, lighter
    weeks drain it (faster or slower by ``recovery_multiplier``). Never below zero."""
    delta = (total_hours - sustainable_hours) / capacity_hours
    delta = np.where(delta < 0.0, delta * recovery_multiplier, delta)
    return np.maximum(fatigue + delta, 0.0)


def output_quality(fatigue: Array, quality_loss: float) -> Array:
    """Growth per post falls linearly with fatigue, down to (1 - quality_loss) at burnout."""
    return 1.0 - quality_loss * np.clip(fatigue, 0.0, 1.0)


def poisson_from_uniform(rate: Array, uniform: Array, max_count: int) -> NDArray[np.int64]:
    """Inverse-CDF Poisson draws, one uniform per path.

    Using exactly one uniform per path and week (instead of numpy's variable-length
    sampler) keeps the random streams aligned across scenarios: common random numbers.
    Counts are capped at ``max_count``.
    """
    term = np.exp(-rate)
    cdf = term.copy()
    count = np.zeros(rate.shape, dtype=np.int64)
    for k in range(1, max_count + 1):
        below = uniform >= cdf
        if not below.any():
            break
        count += below
        term = term * rate / k
        cdf = cdf + term
    return count


def affiliate_income_usd(
    followers: Array,
    engagement: Array,
    posts: Array,
    link_share: float,
    conversion: float,
    order_value_usd: float,
    commission: float,
) -> Array:
    """Commissions from engaged followers: engagements on posts with a link x conversion x
    order value x commission."""
    engaged = np.maximum(followers, 0.0) * engagement * posts * link_share
    return engaged * conversion * order_value_usd * commission


def platform_payout_usd(
    followers: Array,
    posts: Array,
    threshold_followers: float,
    usd_per_1000_views: float,
    views_per_follower: float,
) -> Array:
    """Revenue share from views, paid only above the platform's eligibility threshold."""
    eligible = followers >= threshold_followers
    views = np.maximum(followers, 0.0) * views_per_follower * posts
    return np.where(eligible, views * usd_per_1000_views / 1000.0, 0.0)
