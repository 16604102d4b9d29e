"""The model's equations: pure functions on arrays of paths, no state, no randomness.

Each function takes numpy arrays (one value per simulated path) and plain parameters, and
returns a new array. The engine composes them week by week; the tests check each on its own.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

WEEKS_PER_MONTH = 52.0 / 12.0
NANO_REFERENCE_FOLLOWERS = 5_000.0
MICRO_REFERENCE_FOLLOWERS = 50_000.0


def crowding_factor(followers: Array, half_followers: float) -> Array:
    """Competition for attention: gain per post halves at ``half_followers``.

    Replaces version 1's audience ceiling (1.5-3 million followers), which no micro-creator
    came near: crowding bites smoothly across the 1k-100k band instead.
    """
    return 1.0 / (1.0 + np.maximum(followers, 0.0) / half_followers)


def gain_per_post(
    followers: Array,
    base_followers_per_post: float,
    growth_elasticity: float,
    crowding: float,
    half_followers: float | None,
) -> Array:
    """Expected new followers from one ordinary post (for the median creator).

    Concave in followers: base x (1 + F/1000)^elasticity, divided by the niche's crowding, and
    scaled by ``crowding_factor`` so growth per post falls as the account competes with ever
    more creators for the same attention.
    """
    scale = np.power(1.0 + np.maximum(followers, 0.0) / 1000.0, growth_elasticity)
    gain = base_followers_per_post / crowding * scale
    if half_followers is not None:
        gain = gain * crowding_factor(followers, half_followers)
    return gain


def pareto_mean(tail_index: float, minimum: float, maximum: float = math.inf) -> float:
    """Mean of a Pareto(tail_index) jump with the given minimum, capped at ``maximum``:
    E[min(X, M)] = x_m + x_m^a (M^(1-a) - x_m^(1-a)) / (1 - a) (tail_index > 1)."""
    a, lo = tail_index, minimum
    if maximum <= lo:
        return maximum
    if math.isinf(maximum):
        return a * lo / (a - 1.0)
    return float(lo + lo**a * (maximum ** (1.0 - a) - lo ** (1.0 - a)) / (1.0 - a))


def expected_viral_factor(
    viral_probability: float, tail_index: float, minimum: float, maximum: float = math.inf
) -> float:
    """Expected growth multiplier of one post once virality is counted."""
    return 1.0 + viral_probability * (pareto_mean(tail_index, minimum, maximum) - 1.0)


def viral_jump(uniform: Array, minimum: float, maximum: float, tail_index: float) -> Array:
    """Inverse-CDF draw of a viral post's gain, in multiples of an ordinary post: Pareto with
    the given minimum and tail, capped at ``maximum``."""
    return np.minimum(minimum * np.power(1.0 - uniform, -1.0 / tail_index), maximum)


def _tier_exponent(rate_nano: float, rate_micro: float) -> np.float64:
    """The power law's exponent through the two anchors."""
    out: np.float64 = np.log(rate_micro / rate_nano) / np.log(
        MICRO_REFERENCE_FOLLOWERS / NANO_REFERENCE_FOLLOWERS
    )
    return out


_tier_exponent_cached = functools.lru_cache(maxsize=64)(_tier_exponent)
"""The same, remembered: a run asks for it every week with the same two floats."""


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
    if isinstance(rate_nano, float) and isinstance(rate_micro, float):
        exponent = _tier_exponent_cached(rate_nano, rate_micro)
    else:
        exponent = _tier_exponent(rate_nano, rate_micro)
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
    base_weekly_rate: float | Array,
    posting: NDArray[np.bool_],
    trust: Array,
    rest_multiplier: float,
    distrust_multiplier: float,
) -> Array:
    """Share of followers lost this week: more when not posting, more when trust is low."""
    rate = base_weekly_rate * np.where(posting, 1.0, rest_multiplier)
    rate = rate * (1.0 + distrust_multiplier * (1.0 - trust))
    return np.clip(rate, 0.0, 1.0)


def trust_target(sponsored_share: Array, half_share: float, max_loss: float) -> Array:
    """The trust a feed with this recent sponsored share settles at.

    Smooth, so it bites at the small shares micro-creators actually take (version 1's
    threshold at 20% was rarely crossed below 60k followers): 1 - max_loss x s^2 / (s^2 + h^2),
    where half of the trust at stake is lost at share h.
    """
    s2 = np.square(np.clip(sponsored_share, 0.0, 1.0))
    return 1.0 - max_loss * s2 / (s2 + half_share * half_share)


def update_trust(
    trust: Array, target: Array, fall_per_week: float, recovery_per_week: float
) -> Array:
    """Trust moves toward its target: quickly when falling, slowly when recovering."""
    rate = np.where(target < trust, fall_per_week, recovery_per_week)
    return np.clip(trust + rate * (target - trust), 0.0, 1.0)


def inbound_deal_rate_per_week(
    followers: Array,
    engagement: Array,
    reference_engagement: float,
    deals_per_month_at_10k: float,
    follower_elasticity: float,
    niche_demand: float,
    demand_multiplier: Array,
) -> Array:
    """Poisson rate of brand offers a week: rises with followers, engagement (which already
    carries trust: trust counts once) and niche demand; ``demand_multiplier`` carries the
    creator's own appeal, the season, crowding, the asking price and an event's lift."""
    size = np.power(np.maximum(followers, 0.0) / 10_000.0, follower_elasticity)
    quality = engagement / reference_engagement
    monthly = deals_per_month_at_10k * size * quality * niche_demand * demand_multiplier
    return np.maximum(monthly, 0.0) / WEEKS_PER_MONTH


def pitch_deal_rate_per_week(
    followers: Array,
    pitching_hours: Array | float,
    pitches_per_hour: float,
    response_rate_at_10k: float,
    demand_multiplier: Array,
) -> Array:
    """Offers a week won by pitching: pitches x a response rate that rises with tier
    (square root of followers/10k, capped at 50%)."""
    response = np.minimum(
        response_rate_at_10k * np.sqrt(np.maximum(followers, 0.0) / 10_000.0) * demand_multiplier,
        0.5,
    )
    return np.maximum(pitching_hours, 0.0) * pitches_per_hour * response


SEASON_PROFILE: tuple[float, ...] = (
    0.70, 0.75, 0.85, 0.85, 0.90, 0.85, 0.80, 0.85, 0.95, 1.10, 1.80, 1.60,
)  # fmt: skip
"""Brand deal flow by calendar month (Jan..Dec), mean 1. Later: 77% of brands put most of
their creator budget into November-December; the shape (Nov-Dec 28% of the year, Q4 38%) is
our reading of that figure."""
FEE_SEASON_SHARE = 0.5
"""Rates move half as much as deal flow over the year (assumption)."""


def season_multiplier(calendar_month: int, strength: float) -> float:
    """Deal-flow multiplier of one calendar month (1-12): 1 + strength x (profile - 1)."""
    return 1.0 + strength * (SEASON_PROFILE[(calendar_month - 1) % 12] - 1.0)


def price_response(
    asking_multiplier: float | Array, elasticity: float, elasticity_above: float | None = None
) -> Array:
    """Share of offers that still come when asking ``asking_multiplier`` x the going rate:
    ``elasticity`` below the going rate, ``elasticity_above`` above it (more than 1: a higher
    price loses more deals than it earns)."""
    m = np.maximum(asking_multiplier, 1e-9)
    above = elasticity if elasticity_above is None else elasticity_above
    return np.where(m > 1.0, np.power(m, -above), np.power(m, -elasticity))


ACTIVITY_REFERENCE_POSTS_PER_WEEK = 3.0
"""The posting pace at which deal flow is what the calibration fitted (its populations' side
hustle posts three times a week)."""


def activity_factor(posts_per_week: Array, half_posts: float) -> Array:
    """Brand offers by the recent posting pace, relative to ``ACTIVITY_REFERENCE_POSTS_PER_WEEK``:
    none for an account that stopped posting, more for a busier one, saturating."""
    pace = np.maximum(posts_per_week, 0.0)
    reference = -np.expm1(-ACTIVITY_REFERENCE_POSTS_PER_WEEK / half_posts)
    out: Array = -np.expm1(-pace / half_posts) / reference
    return out


def gifted_share(followers: Array, share_max: float, half_followers: float) -> Array:
    """Share of offers that are product-only: high for small accounts, halving at
    ``half_followers``."""
    return share_max * half_followers / (half_followers + np.maximum(followers, 0.0))


def median_fee_usd(
    followers: Array,
    fee_at_1k: float,
    elasticity: float,
    niche_multiplier: float,
    fee_multiplier: Array,
) -> Array:
    """Median cash fee of one sponsored post: a power law in followers, scaled by niche and by
    ``fee_multiplier``: what brands pay this creator relative to the tier (drawn per future),
    trust (distrusted creators get cheaper deals), the season and the asking price."""
    size = np.power(np.maximum(followers, 100.0) / 1000.0, elasticity)
    return fee_at_1k * size * niche_multiplier * fee_multiplier


SALARY_HOURS = 40.0
"""A full-time day job: with one, money worry weighs half as much (assumption)."""


def money_worry(
    cumulative_net_usd: Array,
    worry_usd: float,
    job_hours: float,
    months_of_savings: Array | None = None,
    comfort_months: float = 6.0,
) -> Array:
    """Money worry, 0 to 1, from the person's own situation (model version 3).

    - The loss: how far out of pocket creating is, against ``worry_usd`` (a month's pay, or
      a floor for small pay), weighted by how much the person lives on creating: half with a
      full-time salary, whole without one.
    - The runway, for someone whose day job does not cover their living costs: savings that
      last ``comfort_months`` or more are no worry; none left, full worry.
    """
    depth = np.clip(-cumulative_net_usd / worry_usd, 0.0, 1.0)
    without_salary = max(0.0, 1.0 - job_hours / SALARY_HOURS)
    loss = depth * (0.5 + 0.5 * without_salary)
    if months_of_savings is None:
        return loss
    runway = np.clip(1.0 - months_of_savings / comfort_months, 0.0, 1.0)
    worry: Array = np.maximum(loss, runway)
    return worry


def strain_hours(
    total_hours: Array,
    posts: Array,
    money_worry: Array,
    shock_on: Array,
    hostility: Array,
    creative_pressure_per_post: float | Array,
    money_stress: float | Array,
    shock_stress: float,
    hostility_stress: float,
) -> Array:
    """A week's strain in hour-equivalents: hours worked, plus creative pressure per post,
    money worry (0-1), an algorithm change and a hostile audience (0-1 or more)."""
    return (
        total_hours
        + creative_pressure_per_post * posts
        + money_stress * money_worry
        + shock_stress * shock_on
        + hostility_stress * hostility
    )


def update_fatigue(
    fatigue: Array,
    total_hours: Array,
    sustainable_hours: Array | float,
    capacity_hours: float | Array,
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
    count = np.zeros(rate.shape, dtype=np.int64)
    # The CDF never falls, so once a path's uniform is below it, it stays below: carry on
    # with the paths still above it only (the same terms, added in the same order).
    idx = np.flatnonzero(uniform >= term)
    if idx.size == 0:
        return count
    u, r, cdf = uniform.ravel()[idx], rate.ravel()[idx], term.ravel()[idx]
    term = cdf
    flat = count.ravel()
    for k in range(1, max_count + 1):
        flat[idx] += 1
        if k == max_count:
            break
        term = term * r / k
        cdf = cdf + term
        above = u >= cdf
        if not above.all():
            idx, u, r, term, cdf = idx[above], u[above], r[above], term[above], cdf[above]
            if idx.size == 0:
                break
    return count


def affiliate_income_usd(
    views: Array,
    trust: Array,
    link_share: float,
    click_rate: float,
    conversion: float,
    order_value_usd: float,
    commission: float,
) -> Array:
    """Commissions from clicks: views of posts with a link x clicks per view (fewer when the
    audience distrusts the creator) x orders per click x order value x commission."""
    clicks = np.maximum(views, 0.0) * link_share * click_rate * trust
    return clicks * conversion * order_value_usd * commission


def first_week_views(followers: Array, posts: Array, views_per_follower: float) -> Array:
    """Views of this week's posts in their first week."""
    return np.maximum(followers, 0.0) * views_per_follower * posts


def update_catalogue(
    catalogue_views: Array, new_views: Array, multiple: float, retention: float
) -> Array:
    """Next week's back-catalogue views: old views fade by ``retention`` a week and each new
    post adds its share, so a post earns ``multiple`` x its first-week views after that week."""
    return retention * catalogue_views + multiple * (1.0 - retention) * new_views


def platform_payout_usd(
    views: Array, eligible: NDArray[np.bool_], qualifying_share: float, usd_per_1000: float
) -> Array:
    """What a creator programme pays for a week's views, once the creator is in it."""
    return np.where(eligible, views * qualifying_share * usd_per_1000 / 1000.0, 0.0)
