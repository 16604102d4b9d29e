"""Labels and number formats for the app, derived from the schema (never re-typed).

A field's label comes from its name with the unit words taken out, and its unit from the
schema; ``label`` in a field's ``json_schema_extra`` wins when the engine provides one.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from sim.model.format import number
from sim.model.metrics import COST_LABELS, STREAM_LABELS
from sim.model.scenario import Scenario, field_range, field_unit

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


def _extra(name: str) -> Mapping[str, object]:
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
    # "log-sd" says nothing to a person: the help and the value ("about 1.6 times either way")
    # say what the spread means
    if not unit or unit == "log-sd" or unit.lower() == words.lower().split()[-1]:
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
    """Decimals needed to show every multiple of ``step`` exactly (0.25 -> 2, 0.5 -> 1)."""
    if step is None or float(step).is_integer():
        return 0
    text = f"{step:.6f}".rstrip("0")
    return len(text.split(".")[1])


def line_label(line: str) -> str:
    """Label of an income stream or cost kind from ``Results.income_and_costs``."""
    if line == "tax":
        return "Tax"
    return STREAM_LABELS.get(line) or COST_LABELS.get(line) or line
