"""How each scenario field is shown as an input: label, unit, range and step in the units a
person reads (shares as percentages), sliders for the plan's main inputs, and clamping of a
typed value to the allowed range (said in words, never a silent red outline).

Everything comes from the schema (``sim.model.scenario``): nothing here re-types a range or a
default.
The scenario keeps its own units (a share 0.3); the widget shows 30 (%). ``to_widget`` and
``from_widget`` convert between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sim.io.labels import decimals_for, field_name_words, field_step
from sim.model import format as fmt
from sim.model.scenario import Scenario, field_range, field_unit

SliderKind = Literal["linear", "grid"]

# The plan's main inputs get a slider: a straight scale, or a grid of sensible values
# (followers on a log scale, money in round amounts). The value a link or a typed entry
# gives is always added to the grid, so exact values survive.
_FOLLOWER_GRID = (
    0, 100, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000,
    20_000, 30_000, 50_000, 70_000, 100_000, 150_000, 200_000, 300_000, 500_000, 700_000,
    1_000_000,
)  # fmt: skip
_HOURS_GRID = (
    0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40,
)  # fmt: skip
_KIT_GRID = (
    0, 25, 50, 100, 150, 250, 400, 600, 800, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500,
    10_000, 20_000, 50_000, 100_000,
)  # fmt: skip
_MONTHLY_GRID = (
    0, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1_000, 2_000, 5_000, 10_000,
)  # fmt: skip
_PER_POST_GRID = (
    0, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1_000, 2_000,
    5_000, 10_000,
)  # fmt: skip
SLIDERS: dict[str, tuple[float, ...] | None] = {
    "start_followers": _FOLLOWER_GRID,
    "months": None,
    "posts_per_week": None,
    "hours_per_post": _HOURS_GRID,
    "job_hours_per_week": None,
    "equipment_cost_usd": _KIT_GRID,
    "software_usd_per_month": _MONTHLY_GRID,
    "production_cost_usd_per_post": _PER_POST_GRID,
}
"""Fields shown as sliders: None for a straight scale on the schema's step, else a grid."""

_PERCENT_UNITS = {
    "share": "%",
    "share of posts": "% of posts",
    "share of fees": "% of fees",
    "share of profit": "% of profit",
    "share of deals": "% of deals",
    "share of gap": "% of the gap",
    "share of episode level": "% of a burnout",
    "share of burnout": "% of a burnout",
    "share/week": "% a week",
    "per post": "% of posts",
    "clicks/view": "% of views",
    "orders/click": "% of clicks",
}


@dataclass(frozen=True)
class InputSpec:
    """One field as a widget shows it (``percent``: the widget holds the value x 100)."""

    name: str
    kind: Literal["bool", "int", "float", "choice"]
    label: str
    unit: str
    lo: float
    hi: float
    step: float | None
    decimals: int
    percent: bool
    slider: SliderKind | None
    grid: tuple[float, ...] = ()


def is_percent(name: str) -> bool:
    """A share shown as a percentage: a float between 0 and at most 1 with a share unit."""
    info = Scenario.model_fields[name]
    if info.annotation is not float:
        return False
    lo, hi = field_range(name)
    return lo >= 0 and hi <= 1 and field_unit(name) in _PERCENT_UNITS


@cache
def spec(name: str) -> InputSpec:
    info = Scenario.model_fields[name]
    kind: Any = {bool: "bool", int: "int", float: "float"}.get(info.annotation, "choice")  # type: ignore[arg-type]
    unit = field_unit(name)
    if kind in ("bool", "choice"):
        return InputSpec(name, kind, field_name_words(name), unit, 0, 0, None, 0, False, None)
    lo, hi = field_range(name)
    step = field_step(name)
    percent = is_percent(name)
    if percent:
        lo, hi = lo * 100, hi * 100
        step = None if step is None else round(step * 100, 6)
        unit = _PERCENT_UNITS[unit]
    if kind == "int" and step is None:
        step = 1.0
    grid = SLIDERS.get(name, ())
    slider: SliderKind | None = None
    if name in SLIDERS:
        slider = "linear" if grid is None else "grid"
    # enough decimals for every value the slider offers, not only the step's: the hours grid's
    # 0.75 h (and the quick start's quarter hours) must not read "0.8"
    decimals = max([decimals_for(step), *(decimals_for(g) for g in grid or ())])
    return InputSpec(
        name,
        kind,
        field_name_words(name),
        unit,
        lo,
        hi,
        step,
        decimals,
        percent,
        slider,
        tuple(g for g in (grid or ()) if lo <= g <= hi),
    )


UNIT_WORDS: dict[str, str] = {
    "USD": "$",
    "USD/hour": "$ an hour",
    "USD/month": "$ a month",
    "USD/post": "$ a post",
    "posts/week": "a week",
    "hours/week": "hours a week",
    "hour-equivalents/week": "hours a week",
    "hour-equivalents": "hours",
    "deals/month": "a month",
    "shoots/month": "a month",
    "gigs/month": "a month",
    "offers/month": "a month",
    "events/year": "a year",
    "per year": "a year",
    "pitches/hour": "an hour",
    "followers/post": "per post",
    "views/follower": "per follower",
    "x": "times",
    "x first week": "times the first week",
    "log-sd": "",
    "1-12": "",
}
"""Units in words for labels ("log-sd" and the like say nothing to a person: the help does)."""


def label(name: str) -> str:
    """The widget label: words and, where it adds something, the unit in words:
    "Posts a week", "Day-job pay ($ an hour)", "Admin (hours a week)"."""
    s = spec(name)
    words = UNIT_WORDS.get(s.unit, s.unit)
    text = s.label
    low = text.lower()
    if not words or words.lower() in low:
        return text
    if words == "hours a week" and "hours" in low:
        return f"{text} a week"
    if words.startswith(("a ", "an ", "per ")):
        # "Pitches sent per hour" already says it
        return text if low.endswith(words.split()[-1]) else f"{text} {words}"
    return f"{text} ({words})"


def to_widget(name: str, value: Any) -> Any:
    """The scenario's value as the widget holds it."""
    s = spec(name)
    if s.kind == "bool":
        return bool(value)
    if s.kind == "int":
        return int(value)
    if s.kind == "float":
        x = float(value) * (100 if s.percent else 1)
        return round(x, max(s.decimals, 6)) if s.percent else x
    return value


def from_widget(name: str, value: Any) -> Any:
    """The widget's value in the scenario's units."""
    s = spec(name)
    if s.kind == "float":
        x = float(value)
        return round(x / 100, 10) if s.percent else x
    if s.kind == "int":
        return int(value)
    return value


def show(name: str, value: Any) -> str:
    """A widget value as text in the field's units (``30%``, ``$1,500``, ``2.5``)."""
    s = spec(name)
    if s.kind in ("bool", "choice"):
        return str(value)
    x = float(value)
    if s.percent:
        return f"{fmt.number(x, s.decimals)}%"
    if s.unit.startswith("USD"):
        return fmt.money(x, cents=not float(x).is_integer())
    if s.unit == "followers":
        return fmt.count(x)
    # as many decimals as the value needs, up to the field's (0.75, 2.5, 3: never 0.8)
    return fmt.number(round(x, max(s.decimals, 2)))


def clamp(name: str, value: float) -> tuple[float, str | None]:
    """A typed value brought into the allowed range (and onto whole numbers for a count),
    and what was changed, in words; (value, None) when it was fine."""
    s = spec(name)
    x = float(value)
    if s.kind == "int" and not x.is_integer():
        x = float(round(x))
    if x < s.lo:
        return s.lo, f"{show(name, value)} is below the least allowed; set to {show(name, s.lo)}."
    if x > s.hi:
        return s.hi, f"{show(name, value)} is above the most allowed; set to {show(name, s.hi)}."
    return x, None


def slider_options(name: str, current: float) -> list[float]:
    """A grid slider's options: the grid with the current value in its place."""
    s = spec(name)
    values = {float(g) for g in s.grid} | {float(current)}
    return sorted(v for v in values if s.lo <= v <= s.hi)


def help_text(name: str) -> str:
    """The schema's help, with the allowed range in the widget's units."""
    info = Scenario.model_fields[name]
    text = info.description or ""
    s = spec(name)
    if s.kind in ("int", "float"):
        text += f"\n\nAllowed: {show(name, s.lo)} to {show(name, s.hi)}."
    return text
