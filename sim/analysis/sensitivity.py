"""Which inputs move the outcome, by how much, what would it take to reach a goal, and how much
knowing your own numbers would narrow the answer.

Pure helpers (no Streamlit): the What matters page runs the scenarios they build. Everything is
ranked by the chance the plan works out (in profit at the horizon and still creating), with the
median net profit beside it, so a plan never looks better because more of its futures gave up.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from pydantic import ValidationError

from sim.analysis.goal_seek import Goal, SeekResult, lever_step, with_lever
from sim.io.labels import decimals_for, field_name_words, field_step
from sim.model import equations as eq
from sim.model import format as fmt
from sim.model.results import Summary
from sim.model.scenario import Scenario, field_range, field_unit, is_assumption, numeric_fields

NOT_SWEPT: tuple[str, ...] = ("months", "day_job_wage_usd_per_hour")
"""The horizon changes what "at the horizon" means; the day-job wage only sets a comparison."""
OFF_AT_ZERO: tuple[str, ...] = (
    "my_fee_usd_per_post",
    "my_paid_deals_per_month",
    "stop_if_lost_usd",
    "stop_if_no_paid_deal_by_month",
)
"""Inputs where 0 means "not given" or "no rule": a step from 0 is a different kind of plan,
not a small change of this one, so they are swept only once set."""
NEUTRAL: dict[str, float] = {"start_fatigue": 0.0, "start_trust": 1.0}
"""Where a person starts today (a fitted history sets them): swept only once set."""
NEEDS: dict[str, str] = {
    "my_fee_log_sd": "my_fee_usd_per_post",
    "my_paid_deals_log_sd": "my_paid_deals_per_month",
}
"""How sure a person is of a number they gave: swept only when they gave it."""
PROGRAMME_RULES: tuple[str, ...] = (
    "payout_min_followers",
    "payout_min_watch_hours_12m",
    "payout_alt_min_views_90d",
    "payout_min_views_30d",
)
"""Published platform rules: facts, not uncertain assumptions."""

LEVER_ORDER: tuple[str, ...] = (
    "posts_per_week",
    "hours_per_post",
    "pitching_hours_per_week",
    "job_hours_per_week",
    "asking_rate_pct",
    "min_fee_usd",
    "max_sponsored_share",
    "production_cost_usd_per_post",
    "equipment_cost_usd",
    "software_usd_per_month",
    "ugc_gigs_per_month",
)
"""Levers listed first (the other plan inputs a person controls follow in schema order)."""
NOT_LEVERS: tuple[str, ...] = (
    "months",
    "start_followers",
    "start_month",
    "day_job_wage_usd_per_hour",
    "tax_rate",
    "sustainable_hours_per_week",
    "sustainable_hours_sd",
    "my_fee_usd_per_post",
    "my_paid_deals_per_month",
    "my_fee_log_sd",
    "my_paid_deals_log_sd",
    "start_fatigue",
    "start_trust",
    "stop_if_lost_usd",
    "stop_if_no_paid_deal_by_month",
)
"""Plan inputs that describe the person or their circumstances rather than a choice."""

MIN_SHOWN_POINTS = 0.5
"""A change in the chance it works out smaller than this (in percentage points) reads as
"does not move it": it rounds to 0 on every axis and table."""


# --- inputs -----------------------------------------------------------------------------------


def sweep_fields(scenario: Scenario, include_assumptions: bool) -> list[str]:
    """The plan's numeric inputs (and the model's assumptions when asked), in schema order."""
    out = []
    for name in numeric_fields():
        if name in NOT_SWEPT or name in PROGRAMME_RULES:
            continue
        if is_assumption(name) and not include_assumptions:
            continue
        if name in OFF_AT_ZERO and getattr(scenario, name) == 0:
            continue
        if name in NEUTRAL and getattr(scenario, name) == NEUTRAL[name]:
            continue
        if name in NEEDS and getattr(scenario, NEEDS[name]) == 0:
            continue
        out.append(name)
    return out


def levers() -> list[str]:
    """Plan inputs a person controls, for "what would it take"."""
    names = [
        n
        for n in numeric_fields()
        if not is_assumption(n) and n not in NOT_LEVERS and n not in NOT_SWEPT
    ]
    first = [n for n in LEVER_ORDER if n in names]
    return first + [n for n in names if n not in first]


def value_text(name: str, value: float, unit: bool = True) -> str:
    """An input's value as a person reads it: money in dollars, shares in percent, other
    numbers with as few decimals as they need and (``unit``) their unit."""
    kind = field_unit(name)
    step = field_step(name)
    if kind.startswith("USD") or name.endswith("_usd"):
        text = fmt.money(value, cents=step is not None and step < 1)
        per = kind.removeprefix("USD")
        return text + per if unit and per.startswith("/") else text
    if kind.startswith("share") or name.endswith("_share") or name.endswith("_probability"):
        return fmt.pct(value, decimals=max(0, decimals_for(step) - 2))
    if kind == "1-12":  # a calendar month
        return calendar.month_name[round(value - 1) % 12 + 1]
    number = fmt.number(round(value, decimals_for(step) + 2))
    if kind == "%":
        return f"{number}%"
    if kind == "x":
        return f"{number}x"
    if not unit or kind in ("", "log-sd"):
        return number
    return f"{number} {kind}"


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


# --- the tornado --------------------------------------------------------------------------------


def tornado_table(
    scenario: Scenario,
    items: list[SweepItem],
    base: Summary,
    outcome: Callable[[SweepItem], Summary | None],
) -> pd.DataFrame:
    """One row per input, ranked by how far one step moves the chance it works out (then by
    the median net profit): its two values, the chance it works out and the median net profit
    at each, and the changes from this plan in percentage points and dollars (the plan's own
    outcome where a step was impossible)."""
    rows: dict[str, dict[str, object]] = {}
    for item in items:
        row = rows.setdefault(
            item.name,
            {
                "field": item.name,
                "label": field_name_words(item.name),
                "assumption": is_assumption(item.name),
                "value": float(getattr(scenario, item.name)),
            },
        )
        s = outcome(item)
        moved = s if item.value != row["value"] and s is not None else None
        row[f"{item.side}_input"] = item.value
        row[f"{item.side}_success"] = moved.p_success if moved else base.p_success
        row[f"{item.side}_net"] = moved.net_profit_usd_p50 if moved else base.net_profit_usd_p50
    table = pd.DataFrame(list(rows.values()))
    if table.empty:
        return table
    for side in ("low", "high"):
        table[f"{side}_pts"] = (table[f"{side}_success"] - base.p_success) * 100.0
        table[f"{side}_net_change"] = table[f"{side}_net"] - base.net_profit_usd_p50
    table["swing_pts"] = table[["low_pts", "high_pts"]].abs().max(axis=1)
    table["swing_net"] = table[["low_net_change", "high_net_change"]].abs().max(axis=1)
    table = table.sort_values(["swing_pts", "swing_net"], ascending=False, kind="stable")
    return table.reset_index(drop=True)


def row_text(row: pd.Series) -> str:
    """An input, its value now and the two values it was moved to, for a chart label."""
    name = str(row["field"])
    tag = " (assumption)" if row["assumption"] else ""
    now = value_text(name, float(row["value"]))
    low = value_text(name, float(row["low_input"]), unit=False)
    high = value_text(name, float(row["high_input"]), unit=False)
    if row["low_input"] == row["value"]:
        moves = f"raised to {high}"
    elif row["high_input"] == row["value"]:
        moves = f"lowered to {low}"
    else:
        moves = f"{low} or {high}"
    label = str(row["label"])
    # "Followers now" already says now: "Followers now, 12,000", never "Followers now, now"
    now_words = now if label.lower().endswith(" now") else f"now {now}"
    return f"{label}{tag}, {now_words}: {moves}"


def moves_success(table: pd.DataFrame) -> bool:
    """True when some input moves the chance it works out by at least half a point."""
    return bool(not table.empty and table["swing_pts"].max() >= MIN_SHOWN_POINTS)


def moves_net(table: pd.DataFrame) -> bool:
    return bool(not table.empty and table["swing_net"].max() >= 0.5)


def shown_rows(table: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The inputs worth a bar: those that move either figure, the strongest ``limit``."""
    moving = table[(table["swing_pts"] >= MIN_SHOWN_POINTS) | (table["swing_net"] >= 0.5)]
    return moving.head(limit)


def still_inputs(table: pd.DataFrame) -> list[str]:
    """Labels of the inputs that moved neither figure."""
    still = table[(table["swing_pts"] < MIN_SHOWN_POINTS) & (table["swing_net"] < 0.5)]
    return [str(x) for x in still["label"]]


def numbers_table(table: pd.DataFrame) -> pd.DataFrame:
    """The sweep as text a person reads (the chart's numbers, every input)."""
    out = []
    rows: Iterable[Any] = table.itertuples(index=False)  # pandas types its cells loosely
    for row in rows:
        name = str(row.field)
        out.append(
            {
                "Input": str(row.label) + (" (assumption)" if row.assumption else ""),
                "Now": value_text(name, float(row.value)),
                "Lowered to": value_text(name, float(row.low_input)),
                "Raised to": value_text(name, float(row.high_input)),
                "Chance it works out, lowered": f"{fmt.pct(float(row.low_success))} "
                f"({fmt.points(float(row.low_pts) / 100)})",
                "Chance it works out, raised": f"{fmt.pct(float(row.high_success))} "
                f"({fmt.points(float(row.high_pts) / 100)})",
                "Median net profit, lowered": fmt.money(float(row.low_net)),
                "Median net profit, raised": fmt.money(float(row.high_net)),
            }
        )
    return pd.DataFrame(out)


def flat_message(base: Summary, months: int, include_assumptions: bool) -> str:
    """Said in words when no input moves the chance it works out by half a point."""
    which = "No input, yours or the model's," if include_assumptions else "None of your inputs"
    return (
        f"{which} moves the chance it works out by even half a percentage point with one step: "
        f"it stays at {fmt.pct(base.p_success)} after {fmt.months(months)}. The median net "
        "profit below shows what does move."
    )


# --- knowing your own numbers --------------------------------------------------------------------


@dataclass(frozen=True)
class Knowledge:
    """One row of "how much knowing your numbers would narrow the answer"."""

    key: str
    label: str
    scenario: Scenario


def median_fee_today(scenario: Scenario) -> float:
    """The median creator's fee for one post at today's followers (before trust and the
    per-deal spread): what "your fee known" is set to."""
    fee = eq.median_fee_usd(
        np.asarray([float(scenario.start_followers)]),
        scenario.fee_usd_at_1k_followers,
        scenario.fee_follower_elasticity,
        scenario.niche_fee_multiplier,
        np.ones(1),
    )
    return float(fee[0])


def knowledge_rows(scenario: Scenario) -> list[Knowledge]:
    """The plan as it is (with what nobody knows drawn anew in every future) and the same plan
    with the person's fee, deal flow, both, or everything known and equal to the median
    creator's, by the engine's own switches. A number the person already entered is known
    in every row."""
    fee_known = scenario.my_fee_usd_per_post > 0
    deals_known = scenario.my_paid_deals_per_month > 0
    rows = [Knowledge("now", "As now: what nobody knows is drawn in each future", scenario)]
    if not scenario.model_unknowns:
        return rows
    fee_text = fmt.money(median_fee_today(scenario))
    if not fee_known:
        rows.append(
            Knowledge(
                "fee",
                f"Your fee known (the median creator's, {fee_text} a post today)",
                scenario.model_copy(update={"fee_creator_sigma": 0.0}),
            )
        )
    if not deals_known:
        rows.append(
            Knowledge(
                "deals",
                "Your deals a month known (the median creator's)",
                scenario.model_copy(update={"deal_rate_creator_sigma": 0.0}),
            )
        )
    if not fee_known and not deals_known:
        rows.append(
            Knowledge(
                "both",
                "Fee and deals a month both known",
                scenario.model_copy(
                    update={"fee_creator_sigma": 0.0, "deal_rate_creator_sigma": 0.0}
                ),
            )
        )
    if fee_known and scenario.my_fee_log_sd > 0:
        rows.append(
            Knowledge(
                "fee",
                "Your fee known exactly (no give or take)",
                scenario.model_copy(update={"my_fee_log_sd": 0.0}),
            )
        )
    if deals_known and scenario.my_paid_deals_log_sd > 0:
        rows.append(
            Knowledge(
                "deals",
                "Your deals a month known exactly (no give or take)",
                scenario.model_copy(update={"my_paid_deals_log_sd": 0.0}),
            )
        )
    rows.append(
        Knowledge(
            "all",
            "All of it known: fee, deals a month, growth and how fast followers leave",
            scenario.model_copy(update={"model_unknowns": False}),
        )
    )
    return rows


def knowledge_table(rows: list[Knowledge], found: list[Summary]) -> pd.DataFrame:
    """One row per case: the chance it works out and net profit's P10, median and P90."""
    return pd.DataFrame(
        [
            {
                "key": k.key,
                "label": k.label,
                "success": s.p_success,
                "p10": s.net_profit_usd_p10,
                "p50": s.net_profit_usd_p50,
                "p90": s.net_profit_usd_p90,
                "spread": s.net_profit_usd_p90 - s.net_profit_usd_p10,
            }
            for k, s in zip(rows, found, strict=True)
        ]
    )


def knowledge_text_table(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "What is known": table["label"],
            "Chance it works out": [fmt.pct(x) for x in table["success"]],
            "Net profit, 8 in 10 futures between": [
                f"{fmt.money(a)} and {fmt.money(b)}"
                for a, b in zip(table["p10"], table["p90"], strict=True)
            ],
            "Median net profit": [fmt.money(x) for x in table["p50"]],
            "Width of that range": [fmt.money(x) for x in table["spread"]],
        }
    )


def knowledge_summary(table: pd.DataFrame) -> str:
    """One or two sentences: how much the best-informed row narrows the range."""
    if len(table) < 2:
        return (
            "Every future already uses the same values for what nobody knows (the model's "
            "switch for it is off, or you entered your numbers), so there is nothing to narrow."
        )
    now = table.iloc[0]
    rest = table.iloc[1:]
    best = rest.loc[cast(Any, rest["spread"].idxmin())]
    if now["spread"] <= 0:
        return "Every future ends with the same net profit: there is no range to narrow."
    narrower = 1.0 - float(best["spread"]) / float(now["spread"])
    if narrower < 0.05:
        return (
            "Knowing your numbers would hardly narrow the answer: the range of net profit "
            "comes mostly from luck (which posts take off, which brands write), not from "
            "what nobody knows about you."
        )
    return (
        f"Knowing {_what(str(best['key']))} would narrow the range of net profit by "
        f"{fmt.pct(narrower)} (from {fmt.money(now['p10'])} to {fmt.money(now['p90'])}, to "
        f"{fmt.money(best['p10'])} to {fmt.money(best['p90'])}); "
        + _chance_change(float(now["success"]), float(best["success"]))
        + " The rest of the range is luck."
    )


def _chance_change(now: float, known: float) -> str:
    if fmt.pct(now) == fmt.pct(known):
        return f"the chance it works out would stay at {fmt.pct(now)}."
    return f"the chance it works out would be {fmt.pct(known)} instead of {fmt.pct(now)}."


def _what(key: str) -> str:
    return {
        "fee": "your fee",
        "deals": "how many deals you get a month",
        "both": "your fee and how many deals you get",
        "all": "your fee, your deals a month, growth and how fast followers leave",
    }[key]


# --- what would it take ----------------------------------------------------------------------


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
        return f"a median wage of {fmt.money(value, cents=True)} an hour"
    return f"a {fmt.pct(value)} chance"


def limit_text(goal: Goal, share: float) -> str:
    """', and 12% of futures burn out' for a goal with a limit; '' without one."""
    if goal.limit_kind == "none":
        return ""
    what = "burn out" if goal.limit_kind == "burnout" else "quit"
    return f", and {fmt.pct(share)} of futures {what}"


def describe_seek(
    result: SeekResult, raw: Callable[[float], tuple[float, float]] | None = None
) -> str:
    """The outcome of a goal seek in one or two sentences (markdown). ``raw(value)`` gives the
    statistic and the share over the limit's kind at a lever value (before the limit)."""
    name = field_name_words(result.lever)
    lever = result.lever

    def at(value: float) -> str:
        if raw is None:
            point = next(p for p in result.search.curve if p.value == value)
            return measured_text(result.goal, point.measured)
        stat, share = raw(value)
        return measured_text(result.goal, stat) + limit_text(result.goal, share)

    now = value_text(lever, result.current_value)
    goal = result.goal.describe()
    lo, hi = value_text(lever, result.lo), value_text(lever, result.hi)
    if result.value is None:
        best = result.search.best
        if all(p.measured == best.measured for p in result.search.curve):
            return (
                f"No value of **{name}** from {lo} to {hi} reaches {goal}: every value tried "
                f"gives {at(best.value)}. Try another input, a later month or a lower target."
            )
        return (
            f"No value of **{name}** from {lo} to {hi} reaches {goal}. The closest was "
            f"{value_text(lever, best.value)}, which gives {at(best.value)}."
        )
    if result.search.start_met:
        return f"Your current **{name}** ({now}) already reaches {goal}: {at(result.value)}."
    return (
        f"Setting **{name}** to **{value_text(lever, result.value)}** (your plan has {now}) "
        f"reaches {goal}: it gives {at(result.value)}."
    )


def goal_axis_title(goal: Goal) -> str:
    """The y-axis title of the search curve, with its unit."""
    if goal.kind == "hourly_wage":
        return f"Median hourly wage by month {goal.month} (USD an hour)"
    if goal.kind == "followers_chance":
        return f"Chance of {fmt.count(goal.followers)} followers by month {goal.month}"
    if goal.kind == "profit_chance":
        return f"Chance of being in profit by month {goal.month}"
    return f"Chance it works out by month {goal.month}"


def search_points(result: SeekResult, raw: Callable[[float], tuple[float, float]]) -> pd.DataFrame:
    """Every value the search simulated: the statistic before any limit, the share over the
    limit's kind, and whether it meets the goal, falls short, or is over the limit."""
    out = []
    for p in result.search.curve:
        stat, share = raw(p.value)
        over = result.goal.limit_kind != "none" and share > result.goal.limit + 1e-12
        status = "meets the goal" if p.met else "over the limit" if over else "falls short"
        out.append({"value": p.value, "measured": stat, "share": share, "status": status})
    return pd.DataFrame(out)


def search_note(result: SeekResult) -> str:
    """How the search was made, in plain words."""
    return (
        f"{len(result.search.curve)} values tried, each on the same {fmt.count(result.paths)} "
        "simulated futures with the same luck, so what changes between them is the input, "
        "not chance."
    )
