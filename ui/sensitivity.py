"""Which inputs a sensitivity sweep moves, by how much, and which levers a goal seek may pull.

Pure helpers (no Streamlit): the What matters page runs the scenarios they build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

from sim.goal_seek import Goal, SeekResult, lever_step, with_lever
from sim.results import Summary
from sim.scenario import Scenario, field_range, numeric_fields
from ui.labels import decimals_for, field_label, field_step, number, pct, usd

MARKET_FIELDS: tuple[str, ...] = (
    "fee_usd_at_1k_followers",
    "inbound_deals_per_month_at_10k",
    "base_followers_per_post",
    "engagement_rate_nano",
    "weekly_churn_rate",
    "viral_post_probability",
    "gifted_share_max",
    "niche_deal_demand",
    "nonpayment_probability",
    "sustainable_hours_per_week",
)
"""Market and personal-limit inputs that move outcomes most, swept with the key inputs."""

NOT_SWEPT: tuple[str, ...] = ("months", "day_job_wage_usd_per_hour")
"""The horizon changes what "at the horizon" means; the day-job wage only sets a comparison."""

LEVER_ORDER: tuple[str, ...] = (
    "posts_per_week",
    "hours_per_post",
    "pitching_hours_per_week",
    "job_hours_per_week",
    "min_fee_usd",
    "max_sponsored_share",
    "fee_usd_at_1k_followers",
    "ugc_gigs_per_month",
)
"""Levers listed first (the other key inputs follow in schema order)."""
EXTRA_LEVERS: tuple[str, ...] = (
    "fee_usd_at_1k_followers",
    "ugc_gigs_per_month",
    "agency_cut_share",
)
NOT_LEVERS: tuple[str, ...] = ("months", "day_job_wage_usd_per_hour", "tax_rate")


def _key_inputs() -> list[str]:
    out = []
    for name in numeric_fields():
        extra = Scenario.model_fields[name].json_schema_extra
        if isinstance(extra, dict) and extra.get("key_input"):
            out.append(name)
    return out


def sweep_fields(include_all: bool) -> list[str]:
    """Key inputs plus a handful of market fields, or every numeric input."""
    if include_all:
        names = numeric_fields()
    else:
        names = _key_inputs() + [m for m in MARKET_FIELDS if m not in _key_inputs()]
    return [n for n in names if n not in NOT_SWEPT]


def levers() -> list[str]:
    """Inputs a person controls, for "what would it take"."""
    names = [n for n in _key_inputs() if n not in NOT_LEVERS]
    names += [n for n in EXTRA_LEVERS if n not in names]
    first = [n for n in LEVER_ORDER if n in names]
    return first + [n for n in names if n not in first]


def step_values(scenario: Scenario, name: str, relative: float) -> tuple[float, float]:
    """One step down and one up: +-``relative`` of the value (the schema step when the value
    is zero), clamped to the field's range; whole numbers for integer fields."""
    value = float(getattr(scenario, name))
    lo, hi = field_range(name)
    delta = abs(value) * relative
    if delta == 0:
        delta = lever_step(name)
    down, up = max(lo, value - delta), min(hi, value + delta)
    if Scenario.model_fields[name].annotation is int:
        down = float(min(round(down), value - 1) if value - 1 >= lo else value)
        up = float(max(round(up), value + 1) if value + 1 <= hi else value)
    return down, up


@dataclass(frozen=True)
class SweepItem:
    """One scenario of a sweep: ``name`` moved to ``value`` (side 'low' or 'high')."""

    name: str
    side: str
    value: float
    scenario: Scenario | None
    """None when the moved value makes an invalid scenario (e.g. payment shares over 1)."""


def sweep_items(scenario: Scenario, names: list[str], relative: float) -> list[SweepItem]:
    items = []
    for name in names:
        down, up = step_values(scenario, name, relative)
        for side, value in (("low", down), ("high", up)):
            try:
                moved: Scenario | None = with_lever(scenario, name, value)
            except ValidationError:
                moved = None
            items.append(SweepItem(name, side, value, moved))
    return items


def tornado_table(
    scenario: Scenario,
    items: list[SweepItem],
    base: Summary,
    outcome: Callable[[SweepItem], Summary | None],
) -> pd.DataFrame:
    """One row per input: its two values and the chance of profit and median net profit at
    each (the base outcome where a step was impossible)."""
    rows: dict[str, dict[str, object]] = {}
    for item in items:
        row = rows.setdefault(
            item.name,
            {
                "field": item.name,
                "label": field_label(item.name),
                "value": float(getattr(scenario, item.name)),
            },
        )
        s = outcome(item)
        moved = item.value != row["value"] and s is not None
        row[f"{item.side}_input"] = item.value
        row[f"{item.side}_p_profit"] = s.p_profitable if moved and s else base.p_profitable
        row[f"{item.side}_net"] = s.net_profit_usd_p50 if moved and s else base.net_profit_usd_p50
    return pd.DataFrame(list(rows.values()))


def default_search_range(scenario: Scenario, lever: str) -> tuple[float, float]:
    """A sensible range to search: the field's range, capped at a few times the value."""
    lo, hi = field_range(lever)
    value = float(getattr(scenario, lever))
    step = lever_step(lever)
    cap = max(value * 5.0, lo + 40.0 * step, value + 10.0 * step)
    return lo, min(hi, cap)


def measured_text(goal: Goal, value: float) -> str:
    """The goal's statistic in words: 'a 62% chance' or 'a median wage of $4.10/hour'."""
    if goal.kind == "hourly_wage":
        return f"a median wage of {usd(value, cents=True)}/hour"
    return f"a {pct(value)} chance"


def describe_seek(result: SeekResult) -> str:
    """The outcome of a goal seek in one or two sentences (markdown)."""
    name = field_label(result.lever)
    digits = decimals_for(field_step(result.lever))
    now = number(result.current_value, digits)
    goal = result.goal.describe()
    if result.value is None:
        best = result.search.best
        closest = measured_text(result.goal, best.measured)
        if all(p.measured == best.measured for p in result.search.curve):
            return (
                f"No value of **{name}** between {number(result.lo, digits)} and "
                f"{number(result.hi, digits)} reaches {goal}: every value tried gives "
                f"{closest}. Try another lever, a later month or a lower target."
            )
        return (
            f"No value of **{name}** between {number(result.lo, digits)} and "
            f"{number(result.hi, digits)} reaches {goal}. The closest was "
            f"{number(best.value, digits)}, which gives {closest}."
        )
    if result.search.start_met:
        return f"Your current **{name}** ({now}) already reaches {goal}."
    reached = next(p.measured for p in result.search.curve if p.value == result.value)
    return (
        f"Setting **{name}** to **{number(result.value, digits)}** (now {now}) reaches {goal}: "
        f"it gives {measured_text(result.goal, reached)}."
    )


def goal_axis_title(goal: Goal) -> str:
    """The y-axis title of the search curve, with its unit."""
    if goal.kind == "hourly_wage":
        return f"Median hourly wage by month {goal.month} (USD/hour)"
    if goal.kind == "followers_chance":
        return f"Chance of {goal.followers:,.0f} followers by month {goal.month}"
    return f"Chance of profit by month {goal.month}"


def is_flat(table: pd.DataFrame, low_col: str, high_col: str, base: float) -> bool:
    """True when no input moves the outcome at all (a tornado would be empty)."""
    return bool(
        ((table[low_col] - base).abs().max() == 0) and ((table[high_col] - base).abs().max() == 0)
    )
