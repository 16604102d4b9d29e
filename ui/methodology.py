"""Tables for the methodology page, read from the preset data (never copied)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import equations as eq
from sim.presets import PLATFORMS, PRICE_SOURCES, preset
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
        if name not in data or name in ("platform", "niche", "price_source"):
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
    """Median fee per sponsored post under each price source, per platform and follower
    count, for one niche (trust 1, no rate rises), and the ratio between the two."""
    rows = []
    followers = np.asarray(FEE_FOLLOWERS, dtype=np.float64)
    ones = np.ones_like(followers)
    for platform, platform_label in PLATFORMS.items():
        medians = {}
        for source in PRICE_SOURCES:
            p = preset(platform, niche, source)
            medians[source] = eq.median_fee_usd(
                followers,
                float(p["fee_usd_at_1k_followers"].value),
                float(p["fee_follower_elasticity"].value),
                float(p["niche_fee_multiplier"].value),
                ones,
                1.0,
            )
        for i, f in enumerate(FEE_FOLLOWERS):
            card = float(medians["rate_card"][i])
            market = float(medians["marketplace"][i])
            low, high = min(card, market), max(card, market)
            rows.append(
                {
                    "Platform": platform_label,
                    "Followers": f"{f:,d}",
                    "Rate card (USD per post)": f"${card:,.0f}",
                    "Marketplace (USD per post)": f"${market:,.0f}",
                    "Marketplace ÷ rate card": f"{market / card:,.1f}x" if card > 0 else "-",
                    "Range (USD per post)": f"${low:,.0f} - ${high:,.0f}",
                }
            )
    return pd.DataFrame(rows)


def price_sources(niche: str) -> pd.DataFrame:
    """Where each platform's fee parameters come from, per price source."""
    rows = []
    for platform, platform_label in PLATFORMS.items():
        for source, source_label in PRICE_SOURCES.items():
            fee = preset(platform, niche, source)["fee_usd_at_1k_followers"]
            rows.append(
                {
                    "Platform": platform_label,
                    "Price source": source_label,
                    "Fee at 1k followers (USD)": f"${float(fee.value):,.0f}",
                    "Source": fee.source,
                }
            )
    return pd.DataFrame(rows)
