"""Labels and number formats for the app, derived from the schema (never re-typed).

A field's label comes from its name with the unit words taken out, and its unit from the
schema; ``label`` in a field's ``json_schema_extra`` wins when the engine provides one.
"""

from __future__ import annotations

import math
from functools import cache

from sim.metrics import COST_LABELS, STREAM_LABELS
from sim.scenario import Scenario, field_range, field_unit

# Name endings that only restate the unit, which the label shows in brackets anyway.
_UNIT_SUFFIXES = (
    "_usd_per_month",
    "_usd_per_hour",
    "_usd_per_post",
    "_per_week",
    "_per_month",
    "_per_year",
    "_usd",
    "_months",
    "_weeks",
    "_hours",
    "_days",
)
_WORDS = {"usd": "", "pct": "%", "net60": "net-60", "net90": "net-90", "ugc": "UGC"}


def _extra(name: str) -> dict[str, object]:
    extra = Scenario.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


@cache
def field_name_words(name: str) -> str:
    """``fee_usd_at_1k_followers`` -> ``Fee at 1k followers``."""
    given = _extra(name).get("label")
    if isinstance(given, str) and given:
        return given
    base = name.removeprefix("model_")
    unit = field_unit(name)
    for suffix in _UNIT_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix) and unit:
            base = base[: -len(suffix)]
            break
    words = [_WORDS.get(w, w) for w in base.split("_")]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


@cache
def field_label(name: str) -> str:
    """The widget label: words and, where the field has one, its unit in brackets."""
    words = field_name_words(name)
    unit = field_unit(name)
    if not unit or unit.lower() == words.lower().split()[-1]:
        return words
    return f"{words} ({unit})"


def field_help(name: str) -> str:
    """Help text from the schema, with the allowed range."""
    info = Scenario.model_fields[name]
    text = info.description or ""
    if info.annotation in (int, float):
        lo, hi = field_range(name)
        unit = field_unit(name)
        text += f"\n\nAllowed: {number(lo)} to {number(hi)}" + (f" {unit}" if unit else "") + "."
    return text


def field_step(name: str) -> float | None:
    step = _extra(name).get("step")
    return float(step) if isinstance(step, int | float) else None


def decimals_for(step: float | None) -> int:
    """Decimals needed to show multiples of ``step``."""
    if step is None or step >= 1:
        return 0
    return max(0, -math.floor(math.log10(step) + 1e-9))


def line_label(line: str) -> str:
    """Label of an income stream or cost kind from ``Results.income_and_costs``."""
    if line == "tax":
        return "Tax"
    return STREAM_LABELS.get(line) or COST_LABELS.get(line) or line


# --- numbers ----------------------------------------------------------------------------


def number(x: float, decimals: int | None = None) -> str:
    """Thousands separators; as few decimals as the value needs (up to 4)."""
    if decimals is None:
        if float(x).is_integer():
            return f"{x:,.0f}"
        return f"{x:,.4f}".rstrip("0").rstrip(".")
    return f"{x:,.{decimals}f}"


def usd(x: float, cents: bool | None = None) -> str:
    """``-$1,234`` or ``$2.10``: cents only for small amounts unless asked."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    if cents is None:
        cents = x < 100
    return f"{sign}${x:,.2f}" if cents else f"{sign}${x:,.0f}"


def pct(p: float) -> str:
    """A probability as a percentage that never rounds a rare outcome to 0% or 100%."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{p:.0%}"


def month_text(month: float | None) -> str:
    return "never" if month is None else f"month {month:.0f}"
