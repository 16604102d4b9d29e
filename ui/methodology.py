"""Tables for the methodology page, read from the preset data (never copied)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import equations as eq
from sim import format as fmt
from sim.presets import PLATFORMS, preset
from sim.scenario import GROUPS, Scenario, field_group, field_unit
from ui.labels import field_label

FEE_FOLLOWERS = (1_000, 5_000, 10_000, 50_000, 100_000)


def _is_assumption(source: str) -> bool:
    return source.strip().lower().startswith("assumption")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return (
            f"{value:,.4f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:,.0f}"
        )
    if isinstance(value, int):
        return f"{value:,d}"
    return str(value)


def parameter_table(scenario: Scenario) -> pd.DataFrame:
    """Field, label, preset value, the current value, unit, source and whether the default is
    an assumption, for the scenario's own preset; in sidebar group order."""
    data = preset(*scenario.preset_key())
    rows = []
    for name in Scenario.model_fields:
        if name not in data or name in ("platform", "niche"):
            continue
        src = data[name]
        current = getattr(scenario, name)
        rows.append(
            {
                "Group": field_group(name),
                "Input": field_label(name),
                "Field": name,
                "Default": _shown(src.value),
                "Your value": _shown(current),
                "Unit": field_unit(name),
                "Source": src.source,
                "Assumption": _is_assumption(src.source),
            }
        )
    frame = pd.DataFrame(rows)
    order = {g: i for i, g in enumerate(GROUPS)}
    return frame.sort_values("Group", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def price_table(niche: str) -> pd.DataFrame:
    """What a sponsored post is paid, per platform and follower count, for one niche: the
    median of the one calibrated fee distribution, and the fees below which 1 creator in 10
    and above which 1 in 10 are paid (how much brands pay a creator is drawn once per future;
    trust 1, the going rate, no rate rises, before deal-to-deal spread)."""
    rows = []
    followers = np.asarray(FEE_FOLLOWERS, dtype=np.float64)
    ones = np.ones_like(followers)
    z90 = 1.2815515655446004
    for platform, platform_label in PLATFORMS.items():
        p = preset(platform, niche)
        median = eq.median_fee_usd(
            followers,
            float(p["fee_usd_at_1k_followers"].value),
            float(p["fee_follower_elasticity"].value),
            float(p["niche_fee_multiplier"].value),
            ones,
        )
        spread = float(np.exp(z90 * float(p["fee_creator_sigma"].value)))
        for i, f in enumerate(FEE_FOLLOWERS):
            rows.append(
                {
                    "Platform": platform_label,
                    "Followers": fmt.count(f),
                    "Median fee per post": fmt.money(float(median[i])),
                    "1 creator in 10 is paid under": fmt.money(float(median[i]) / spread),
                    "1 creator in 10 is paid over": fmt.money(float(median[i]) * spread),
                }
            )
    return pd.DataFrame(rows)


FEE_FIELDS = ("fee_usd_at_1k_followers", "fee_follower_elasticity", "fee_creator_sigma")


def price_sources(niche: str) -> pd.DataFrame:
    """Where each platform's fee parameters come from (both published price camps are
    evidence for one distribution)."""
    rows = []
    for platform, platform_label in PLATFORMS.items():
        p = preset(platform, niche)
        for name in FEE_FIELDS:
            rows.append(
                {
                    "Platform": platform_label,
                    "Parameter": field_label(name),
                    "Value": _shown(p[name].value),
                    "Source": p[name].source,
                }
            )
    return pd.DataFrame(rows)
