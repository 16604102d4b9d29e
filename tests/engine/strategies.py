"""Hypothesis strategies for scenarios, built from the schema's own ranges.

Every numeric field is drawn inside its ``field_range`` (or left at its default, which is
what shrinking falls back to), and every mechanism switch is drawn on or off. A few fields
are drawn from a narrower band (``TAME``):

- so that they matter within the short runs the suite can afford: horizons of at most a
  year, and stop rules and a minimum fee that can bite in one;
- so that one run stays cheap: the engine's work grows with the offers a week (a loop over
  offer slots) and the schema's corners reach a thousand offers a week (a million
  followers, 50 offers a month at 10k, elasticity 2, five times the niche demand, 40 hours
  of pitching) or followers in the billions (1,000 per post, no crowding). The corners
  have their own tests (test_properties.test_followers_stay_finite_at_the_schema_corner,
  test_closed_form.test_a_flood_of_offers_arrives_at_the_rate_of_the_equations).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sim import Scenario
from sim.model.presets import PLATFORMS, niches
from sim.model.scenario import field_range, numeric_fields

TAME: dict[str, tuple[float, float]] = {
    "months": (1, 12),
    "stop_if_no_paid_deal_by_month": (0, 12),
    "start_followers": (0, 100_000),
    "base_followers_per_post": (0, 50),
    "viral_multiplier_min": (1, 20),
    "viral_multiplier_max": (1, 2_000),
    "inbound_deals_per_month_at_10k": (0, 5),
    "deal_follower_elasticity": (0, 1.2),
    "deal_rate_creator_sigma": (0, 1.5),
    "my_paid_deals_per_month": (0, 5),
    "asking_rate_pct": (50, 400),
    "niche_deal_demand": (0, 2),
    "pitching_hours_per_week": (0, 10),
    "pitches_per_hour": (0, 5),
    "stop_if_lost_usd": (0, 5_000),
    "min_fee_usd": (0, 2_000),
}
SWITCHES: tuple[str, ...] = tuple(n for n in Scenario.model_fields if n.startswith("model_"))
# drawn after the others, within a band that depends on them
DEPENDENT = ("share_net90", "engagement_rate_micro")
NUMERIC: tuple[str, ...] = tuple(n for n in numeric_fields() if n not in DEPENDENT)


def value_of(name: str, lo: float | None = None, hi: float | None = None) -> st.SearchStrategy[Any]:
    """A value inside the field's range (or a tighter one), defaulting first when shrinking."""
    f_lo, f_hi = TAME.get(name, field_range(name))
    lo = f_lo if lo is None else max(lo, f_lo)
    hi = f_hi if hi is None else min(hi, f_hi)
    if Scenario.model_fields[name].annotation is int:
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def scenarios(draw: st.DrawFn, **fixed: Any) -> Scenario:
    """A valid scenario: preset, switches and numbers drawn; ``fixed`` fields as given."""
    platform = fixed.pop("platform", None) or draw(st.sampled_from(sorted(PLATFORMS)))
    niche = fixed.pop("niche", None) or draw(st.sampled_from(sorted(niches())))
    data: dict[str, Any] = {}
    for name in SWITCHES:
        if name not in fixed:
            data[name] = draw(st.booleans())
    base = Scenario.from_preset(platform, niche)
    for name in NUMERIC:
        if name in fixed:
            continue
        default = getattr(base, name)
        lo, hi = TAME.get(name, field_range(name))
        start = min(max(default, lo), hi)
        data[name] = draw(st.one_of(st.just(start), value_of(name)))
    if "engagement_rate_micro" not in fixed:
        # up to twice the nano rate: a steeply rising curve multiplies deal flow (and the
        # run's cost) by the engagement ratio; test_equations covers any pair of anchors
        nano = fixed.get("engagement_rate_nano", data.get("engagement_rate_nano"))
        hi = min(2 * nano, 0.5)
        micro = min(base.engagement_rate_micro, hi)
        data["engagement_rate_micro"] = draw(st.one_of(st.just(micro), st.floats(0.0001, hi)))
    if "share_net90" not in fixed:
        net60 = fixed.get("share_net60", data.get("share_net60", base.share_net60))
        data["share_net90"] = draw(st.floats(0.0, max(0.0, 1.0 - net60)))
    data.update(fixed)
    return Scenario.from_preset(platform, niche, **data)


seeds = st.integers(0, 2**32 - 1)
