"""How every figure is written for a person: money, chances, hours, months and counts.

One formatter for the app, the HTML report and every export, so a figure reads the same
wherever it appears: ``-$4.95`` (never ``$-4.95``), ``<1%`` for a rare outcome that is not
impossible (never ``0%``), whole dollars for totals (cents only where a rate asks for them, never
a total with cents beside one without). A difference of two shown figures is worked out from
the figures as shown (``points_between``, ``money_between``, ``hours_between``), so
``-$625`` against ``-$477`` never reads "difference $0". Negative numbers take the ASCII
hyphen-minus in text and on charts alike: ``VEGA_LOCALE`` tells Vega to write ``-$800``, not its
default ``−$800`` (U+2212). Also the words for each summary figure, used as
column labels in exports (the code names stay in a second header row or in JSON).

Nothing here imports the engine or Streamlit: plain functions from numbers to text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

MISSING = "–"
"""What a missing figure reads as (a value the run did not produce)."""

# Vega-Lite / d3 formats of the same conventions, for chart axes and tooltips.
VEGA_MONEY = "$,.0f"
VEGA_MONEY_CENTS = "$,.2f"
VEGA_PCT = ".0%"
VEGA_COUNT = ",.0f"
VEGA_HOURS = ",.1f"
MINUS = "-"
"""The minus sign of every negative figure, in text and (through ``VEGA_LOCALE``) on charts."""
VEGA_LOCALE: dict[str, dict[str, object]] = {
    "number": {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["$", ""],
        "minus": MINUS,
    }
}
"""The d3 number locale of every chart (Vega-Lite ``config.locale``): US separators and the
same minus sign as the text (d3's default is U+2212, so a chart read ``−$800`` beside ``-$0.80``
in a sentence)."""


def _finite(x: float | None) -> float | None:
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def money(x: float | None, *, cents: bool = False) -> str:
    """``-$1,234``; ``cents=True`` for rates such as an hourly wage: ``-$4.95``.

    Totals are whole dollars, whatever their size, so ``$44`` never sits next to ``-$6,228``
    with cents. A value that rounds to zero reads ``$0`` (no ``-$0``)."""
    value = _finite(x)
    if value is None:
        return MISSING
    decimals = 2 if cents else 0
    rounded = round(value, decimals)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.{decimals}f}"


def signed_money(x: float | None, *, cents: bool = False) -> str:
    """A difference of money: ``+$120``, ``-$4,500``, ``$0``."""
    value = _finite(x)
    if value is None:
        return MISSING
    text = money(value, cents=cents)
    return text if text.startswith("-") or text in ("$0", "$0.00") else f"+{text}"


def pct(p: float | None, *, decimals: int = 0) -> str:
    """A chance or share in percent. A rare outcome that happens reads ``<1%`` and a near
    certainty that can still fail ``>99%``: only what never (always) happens reads 0% (100%)."""
    value = _finite(p)
    if value is None:
        return MISSING
    text = f"{value * 100:.{decimals}f}"
    step = f"{10.0 ** (-decimals):g}"
    if value > 0 and float(text) == 0:
        return f"<{step}%"
    if value < 1 and float(text) == 100:
        return f">{100 - float(step):g}%"
    return f"{text}%"


def points(d: float | None, *, decimals: int = 0) -> str:
    """A difference of two chances in percentage points: ``+12 points``, ``-3 points``;
    a difference too small to show gets one more decimal (``+0.3 points``), and one too small
    even for that is ``about the same``; an exact tie is ``0 points``.
    """
    value = _finite(d)
    if value is None:
        return MISSING
    pts = value * 100
    if pts == 0:
        return "0 points"
    text = f"{pts:+.{decimals}f}"
    if float(text) == 0:
        text = f"{pts:+.{decimals + 1}f}"
        if float(text) == 0:
            return "about the same"
    unit = "point" if abs(float(text)) == 1 else "points"
    return f"{text} {unit}"


def count(x: float | None) -> str:
    """A whole number with thousands separators: ``12,345``."""
    value = _finite(x)
    if value is None:
        return MISSING
    rounded = round(value)
    return f"{0 if rounded == 0 else rounded:,d}"


def counted(n: float, one: str, many: str | None = None) -> str:
    """A count with its noun in the right number: ``1 deal``, ``3 deals``, ``0 deals``,
    ``1 weekly count``; ``many`` for an irregular plural. Never ``deal(s)``."""
    text = count(n)
    return f"{text} {one if text == '1' else (many or one + 's')}"


def was_were(n: float) -> str:
    """The verb that agrees with ``counted(n, ...)``: ``was`` for one, else ``were``."""
    return "was" if count(n) == "1" else "were"


def signed_count(x: float | None) -> str:
    """A difference of counts: ``+1,200``, ``-40``, ``0``."""
    value = _finite(x)
    if value is None:
        return MISSING
    rounded = round(value)
    return "0" if rounded == 0 else f"{rounded:+,d}"


def points_between(before: float | None, after: float | None) -> str:
    """The difference of two chances as shown: ``pct(after)`` minus ``pct(before)`` in whole
    points, so '7% → 11%' reads '+4 points', never the '+5' of the unrounded values. Two
    chances that show the same but differ say ``+0.3 points`` (or ``about the same``)."""
    b, a = _finite(before), _finite(after)
    if b is None or a is None:
        return MISSING
    shown = round(a * 100) - round(b * 100)
    if shown == 0:
        return points(a - b)
    return points(shown / 100)


def number(x: float | None, decimals: int | None = None) -> str:
    """Thousands separators and as few decimals as the value needs (up to 4), or exactly
    ``decimals``: for inputs such as 0.25 photo shoots a month."""
    value = _finite(x)
    if value is None:
        return MISSING
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _hour_decimals(value: float) -> int:
    """One decimal, or two for a quarter hour (the inputs' and the quick start's step: 0.75 h
    must not read 0.8 h, nor 2.25 h 2.2 h); a worked-out figure such as 12.46 h keeps one."""
    quarters = value * 4
    quarter = abs(quarters - round(quarters)) < 1e-9
    return 2 if quarter and round(value, 1) != value else 1


def shown_hours(x: float) -> float:
    """An hour figure as ``hours`` shows it (the number, rounded as written)."""
    value = float(x)
    return round(value, _hour_decimals(value))


def hours(x: float | None) -> str:
    """Hours with the decimals they need: ``12.5 h``, ``0.75 h`` (never ``0.8 h``), ``7.0 h``;
    a worked-out figure to one decimal (``12.46`` reads ``12.5 h``)."""
    value = _finite(x)
    if value is None:
        return MISSING
    text = f"{value:,.{_hour_decimals(value)}f}"
    return f"{'0.0' if float(text.replace(',', '')) == 0 else text} h"


def hours_between(before: float, after: float) -> str:
    """How many hours ``after`` adds to ``before`` as both are shown (always positive: say
    'adds' or 'saves' beside it): 10 h → 13.75 h adds ``3.75 h``."""
    return hours(abs(shown_hours(after) - shown_hours(before)))


def money_between(before: float | None, after: float | None, *, cents: bool = False) -> str:
    """The difference ``after - before`` of two sums of money as they are shown: ``-$625``
    against ``-$477`` is ``+$148``, never ``$0``; equal as shown reads ``$0``."""
    b, a = _finite(before), _finite(after)
    if b is None or a is None:
        return MISSING
    decimals = 2 if cents else 0
    return signed_money(round(a, decimals) - round(b, decimals), cents=cents)


def about_the_same(shown_a: str, shown_b: str) -> bool:
    """Two figures that read the same: the only case in which a difference may be called
    "about the same"."""
    return shown_a == shown_b


def hours_a_week(x: float | None) -> str:
    """``12.5 h a week``."""
    text = hours(x)
    return text if text == MISSING else f"{text} a week"


def month(m: float | None) -> str:
    """A month of the plan: ``month 14``; ``never`` when the run did not get there."""
    value = _finite(m)
    return "never" if value is None else f"month {value:.0f}"


def months(n: float) -> str:
    """A length of time: ``1 month``, ``24 months``."""
    whole = round(float(n))
    return f"{whole} month" if whole == 1 else f"{whole} months"


def in_ten(p: float) -> str:
    """A share of futures for a sentence, without contradicting itself at the extremes:
    ``all``, ``nearly all``, ``7 in 10``, ``almost none``, ``none``."""
    if p >= 1:
        return "all"
    if p <= 0:
        return "none"
    tenths = round(p * 10)
    if tenths >= 10:
        return "nearly all"
    if tenths <= 0:
        return "almost none"
    return f"{tenths} in 10"


# --- summary figures: words and formats ---------------------------------------------------

FIGURE_LABELS: dict[str, str] = {
    "paths": "Simulated futures",
    "months": "Months simulated",
    "seed": "Random seed",
    "model_version": "Model version",
    "preset_version": "Preset version",
    "p_success": "Chance it works out (pays off by your measure, still creating)",
    "p_profitable": "Chance of being in profit at the end",
    "p_break_even": "Chance of breaking even within the horizon",
    "break_even_month_p25": "Break-even month, early futures (1 in 4 sooner)",
    "break_even_month_p50": "Break-even month, median",
    "break_even_month_p75": "Break-even month, late futures (1 in 4 later)",
    "net_profit_usd_p10": "Net profit, low (1 future in 10 does worse)",
    "net_profit_usd_p50": "Net profit, median",
    "net_profit_usd_p90": "Net profit, high (1 future in 10 does better)",
    "hourly_wage_usd_p10": "Hourly wage from creating, low",
    "hourly_wage_usd_p50": "Hourly wage from creating, median",
    "hourly_wage_usd_p90": "Hourly wage from creating, high",
    "day_job_wage_usd_per_hour": "Day-job pay per hour",
    "followers_p10": "Followers at the end, low",
    "followers_p50": "Followers at the end, median",
    "followers_p90": "Followers at the end, high",
    "p_burnout": "Chance of a burnout that stops posting",
    "p_strain": "Chance of feeling burnt out",
    "p_quit": "Chance of quitting",
    "p_paid_deal": "Chance of at least one paid deal",
    "p_platform_paid": "Chance the platform pays you",
    "gifted_value_usd_p50": "Gifted products received, median value (in kind, not cash)",
    "max_out_of_pocket_usd_p50": "Deepest out of pocket, median",
    "max_out_of_pocket_usd_p90": "Must be able to lose (9 futures in 10 stay above)",
    "creator_hours_p50": "Hours spent creating, median total",
    "creator_hours_per_week_p50": "Hours a week creating, median",
    "total_hours_per_week_p50": "Hours a week with the day job, median",
    "cash_income_usd_p50": "Cash income, median total",
    "costs_usd_p50": "Costs, median total",
    "goal": "What would make it worth it",
    "goal_target_usd_per_month": "Side income or living costs to reach, a month",
    "p_quit_in_profit": "Chance of stopping for good while in profit",
    "p_savings_ran_out": "Chance your savings run out",
    "owed_at_horizon_usd_p50": "Fees and payouts still owed at the end, median",
    "community_per_week_p50": "People who engage each week at the end, median",
    "p_success_model_p10": "Chance it pays off, low end of the model's own uncertainty",
    "p_success_model_p90": "Chance it pays off, high end of the model's own uncertainty",
    "verdict": "Verdict",
    # Compare tables (sim.analysis.compare.kpi_table / difference_table)
    "scenario": "Plan",
    "plan": "Plan",
    "baseline": "Compared with",
    "p_success_baseline": "Chance it works out, baseline",
    "p_success_plan": "Chance it works out, this plan",
    "p_success_diff_pts": "Chance it works out, difference (points)",
    "p_success_diff_pts_ci_low": "Chance it works out, difference, low end (points)",
    "p_success_diff_pts_ci_high": "Chance it works out, difference, high end (points)",
    "p_profitable_baseline": "Chance of profit, baseline",
    "p_profitable_plan": "Chance of profit, this plan",
    "p_profitable_diff_pts": "Chance of profit, difference (points)",
    "p_profitable_diff_pts_ci_low": "Chance of profit, difference, low end (points)",
    "p_profitable_diff_pts_ci_high": "Chance of profit, difference, high end (points)",
    "ci_level": "How sure the low and high ends are",
    "net_profit_diff_usd_p10": "Net profit difference, low",
    "net_profit_diff_usd_p50": "Net profit difference, median",
    "net_profit_diff_usd_p90": "Net profit difference, high",
    "share_futures_earning_more": "Futures where this plan earns more",
    "followers_diff_p10": "Followers difference, low",
    "followers_diff_p50": "Followers difference, median",
    "followers_diff_p90": "Followers difference, high",
}


def figure_label(name: str) -> str:
    """The words for a summary or comparison figure (its code name if it has none)."""
    return FIGURE_LABELS.get(name, name)


def figure(name: str, value: object) -> str:
    """A summary figure written by its kind, read from its name: ``p_`` and ``share_`` are
    chances, ``_usd`` money (hourly wages with cents), ``_pts`` percentage points, months,
    followers and hours as such."""
    if value is None:
        return "never" if "month" in name else MISSING
    if isinstance(value, str):
        if name == "goal":
            from sim.model.scenario import GOAL_LABELS

            return GOAL_LABELS.get(value, value)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    x = float(value)
    if name.startswith(("p_", "share_")) and "_pts" not in name:
        return pct(x)
    if "_pts" in name:
        return points(x / 100)
    if "wage" in name or name.endswith("_per_hour"):
        return money(x, cents=True)
    if "_usd" in name:
        return signed_money(x) if "_diff_" in name else money(x)
    if "month_p" in name:
        return month(x)
    if name.endswith("hours_per_week_p50"):
        return hours_a_week(x)
    if "followers" in name:
        return signed_count(x) if "_diff_" in name else count(x)
    if name == "ci_level":
        return pct(x)
    return number(x)


def figures(values: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """(code name, label, text) of each figure, in the mapping's order."""
    return [(name, figure_label(name), figure(name, value)) for name, value in values.items()]
