"""Charts with one labelled row per item: the What matters tornados, how much knowing your
numbers would narrow the answer, the goal seek's curve, and the model against what creators
report on the Methodology page.

Each row's label is written above its bars, across the chart's whole width, not in a margin
beside them: on a phone a margin wide enough for "Most of your posts you let be sponsored"
left no room for the bars. A label longer than the chart is wide wraps onto more lines (in the
browser, at the chart's width), never cut: the end of a label ("12% chance it works out") is
often what it is there to say. Each row is tall enough for its chart's longest label on the
narrowest screen planned for (``MIN_LABEL_WIDTH_PX``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from ui.charts import ACCENT, COST_COLOR, INCOME_COLOR, flat_domain

ROW_STEP_PX = 54
"""Height of one row whose label is one line: the label and, below it, the row's bars."""
BAR_PX = 27.0
"""Height of a row's bars (both sides of a tornado together)."""
PAD_OUTER_PX = 10.8
"""Space above the first row's bars and below the last's (the first label rises above it)."""
LABEL_GAP_PX = 3
LABEL_FONT_PX = 12
LINE_PX = 15
"""Height of each further line of a label."""
CHAR_PX = 6.2
"""A label character's width, a little over the widest average of the app's 12 px font."""
MIN_LABEL_WIDTH_PX = 280
"""The narrowest chart the rows' height is planned for (a 320 px phone's; 390 px gives 358)."""
AXIS_PX = 46
"""The value axis under the rows: ticks, labels and title."""
LEGEND_PX = 28
LOWERED = "#e08214"
LOWERED_NAME = "input lowered"
RAISED_NAME = "input raised"
GREY = "#9e9e9e"

VERDICT_COLORS: dict[str, str] = {
    "inside": INCOME_COLOR,
    "outside": COST_COLOR,
    "documented gap": "#8e6c8a",
    "rule holds": INCOME_COLOR,
    "rule broken": COST_COLOR,
    "population input": GREY,
}


def wrap(text: str, chars: int) -> list[str]:
    """``text`` in lines of at most ``chars`` characters, broken at spaces (a longer word
    keeps a line of its own): the same greedy rule as the browser's ``WRAP_EXPR``."""
    wrapped = re.sub(rf"(.{{1,{max(chars, 1)}}})(\s+|$)", "\\1\n", text)
    return wrapped.rstrip("\n").split("\n")


WRAP_EXPR = (
    "trim(replace(datum.{field}, regexp('(.{{1,' + max(1, floor(width / {char_px})) + "
    "'}})(\\\\s+|$)', 'g'), '$1\\n'))"
)
"""Vega expression: a label wrapped at the chart's width (``width``, as drawn), lines joined
by newlines (the text mark's ``lineBreak``)."""


def label_lines(labels: Sequence[str]) -> int:
    """Lines of the longest label on the narrowest planned chart (``MIN_LABEL_WIDTH_PX``)."""
    chars = int(MIN_LABEL_WIDTH_PX // CHAR_PX)
    return max((len(wrap(str(t), chars)) for t in labels), default=1)


def row_step_px(lines: int) -> float:
    """Height of one row whose label takes ``lines`` lines."""
    return ROW_STEP_PX + (max(lines, 1) - 1) * LINE_PX


def rows_height(order: Sequence[str]) -> alt.Step:
    """Each row exactly ``row_step_px`` high, whatever the axis and legend take (a height in
    pixels is the whole chart's in Streamlit, which squeezed the rows by the axis's share)."""
    step = row_step_px(label_lines(order))
    return alt.Step(step, **{"for": "position"})  # the row, not a bar within it


def _bar_px() -> float:
    return BAR_PX


def row_axis(order: Sequence[str]) -> alt.Y:
    """The rows: a band per item in ``order``, no axis (labels are drawn above the bars)."""
    step = row_step_px(label_lines(order))
    return alt.Y(
        "row:N",
        sort=list(order),
        axis=None,
        scale=alt.Scale(
            domain=list(order),
            paddingInner=1 - BAR_PX / step,
            paddingOuter=(PAD_OUTER_PX + step - ROW_STEP_PX) / step,
        ),
    )


def row_labels(data: pd.DataFrame, order: Sequence[str], text: str = "row") -> alt.Chart:
    """Each row's label, left-aligned above its band, wrapped at the chart's width (its last
    line just above the bars, the others above that)."""
    return (
        alt.Chart(data)
        .transform_calculate(label_lines=WRAP_EXPR.format(field=text, char_px=CHAR_PX))
        .mark_text(
            align="left",
            baseline="bottom",
            # Vega draws the further lines below the first: the first goes up by as many
            dy=alt.expr(
                f"-{_bar_px() / 2 + LABEL_GAP_PX}"
                f" - (length(split(datum.label_lines, '\\n')) - 1) * {LINE_PX}"
            ),
            fontSize=LABEL_FONT_PX,
            lineHeight=LINE_PX,
            lineBreak="\n",
            color="#31333f",
        )
        .encode(y=row_axis(order), x=alt.value(0), text="label_lines:N")
    )


def _signed_axis(title: str, fmt: str, tick_min_step: float) -> alt.Axis:
    """A value axis whose positive labels carry a '+' (changes from the plan), with ticks no
    closer than the format shows (no "1, 1, 2, 2")."""
    return alt.Axis(
        title=title,
        format=fmt,
        labelExpr="datum.value > 0 ? '+' + datum.label : datum.label",
        labelFlush=True,
        labelOverlap=True,
        tickMinStep=tick_min_step,
    )


def _scale(domain: tuple[float, float] | None, **options: Any) -> alt.Scale:
    if domain is not None:
        options["domain"] = list(domain)
    return alt.Scale(**options)


def change_tornado(
    rows: pd.DataFrame,
    *,
    low_col: str,
    high_col: str,
    x_title: str,
    value_format: str,
    tooltip_format: str,
    tick_min_step: float,
) -> alt.LayerChart:
    """Changes from the plan (0) with each input one step down and one step up, in the
    order of ``rows`` (ranked by the caller). ``rows`` has ``row`` (the label), ``low_text``
    and ``high_text`` (the two input values) and the two change columns."""
    order = rows["row"].tolist()
    long = pd.concat(
        [
            rows.assign(change=rows[low_col], side=LOWERED_NAME, input=rows["low_text"]),
            rows.assign(change=rows[high_col], side=RAISED_NAME, input=rows["high_text"]),
        ],
        ignore_index=True,
    )[["row", "change", "side", "input"]]
    domain = flat_domain(long["change"])
    bars = (
        alt.Chart(long)
        .mark_bar(opacity=0.9)
        .encode(
            y=row_axis(order),
            yOffset=alt.YOffset(
                "side:N",
                scale=alt.Scale(domain=[LOWERED_NAME, RAISED_NAME], paddingInner=0.15),
            ),
            x=alt.X(
                "change:Q",
                axis=_signed_axis(x_title, value_format, tick_min_step),
                scale=_scale(domain, zero=True, nice=True),
            ),
            x2=alt.datum(0),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=[LOWERED_NAME, RAISED_NAME], range=[LOWERED, ACCENT]),
                legend=alt.Legend(title=None, orient="top", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("row:N", title="Input"),
                alt.Tooltip("input:N", title="Set to"),
                alt.Tooltip("change:Q", title=x_title, format=tooltip_format),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333333").encode(x="x:Q")
    return alt.layer(bars, zero, row_labels(rows[["row"]], order)).properties(
        height=rows_height(order)
    )


def ranges(
    rows: pd.DataFrame, *, x_title: str, value_format: str, text: str = "row"
) -> alt.LayerChart:
    """A P10-P90 bar and a median tick per row (``row``, ``p10``, ``p50``, ``p90``), with a
    line at zero."""
    order = rows["row"].tolist()
    domain = flat_domain(rows[["p10", "p50", "p90"]].to_numpy(), 0.0)
    x = alt.X(
        "p10:Q",
        title=x_title,
        axis=alt.Axis(format=value_format, labelFlush=True),
        scale=_scale(domain, zero=True),
    )
    tips = [
        alt.Tooltip(f"{text}:N", title="Case"),
        alt.Tooltip("p10:Q", title="1 future in 10 below", format=value_format),
        alt.Tooltip("p50:Q", title="Median", format=value_format),
        alt.Tooltip("p90:Q", title="1 future in 10 above", format=value_format),
    ]
    band = (
        alt.Chart(rows)
        .mark_bar(color=ACCENT, opacity=0.35, size=_bar_px() * 0.6)
        .encode(y=row_axis(order), x=x, x2="p90:Q", tooltip=tips)
    )
    median = (
        alt.Chart(rows)
        .mark_tick(color=ACCENT, thickness=3, size=_bar_px() * 0.9)
        .encode(y=row_axis(order), x="p50:Q", tooltip=tips)
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333333").encode(x="x:Q")
    return alt.layer(band, median, zero, row_labels(rows, order, text)).properties(
        height=rows_height(order)
    )


def search_curve(
    points: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    target: float,
    current: float,
    found: float | None,
    y_format: str,
) -> alt.LayerChart:
    """The goal's figure at every value the search tried (``value``, ``measured``,
    ``share``, ``status``), the goal as a dashed line, the current value and the one found."""
    statuses = ["meets the goal", "falls short", "over the limit"]
    line = (
        alt.Chart(points)
        .mark_line(color=GREY)
        .encode(
            x=alt.X("value:Q", title=x_title, axis=alt.Axis(labelFlush=True)),
            y=alt.Y("measured:Q", title=y_title, axis=alt.Axis(format=y_format)),
        )
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=80)
        .encode(
            x="value:Q",
            y="measured:Q",
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=statuses, range=[INCOME_COLOR, COST_COLOR, "#8e6c8a"]),
                legend=alt.Legend(title=None, orient="top", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("value:Q", title=x_title, format=",.4~f"),
                alt.Tooltip("measured:Q", title=y_title, format=y_format),
                alt.Tooltip("share:Q", title="Share over the limit's kind", format=".0%"),
                alt.Tooltip("status:N", title="Result"),
            ],
        )
    )
    goal = (
        alt.Chart(pd.DataFrame({"y": [target]}))
        .mark_rule(strokeDash=[6, 3], color="#333333")
        .encode(y="y:Q")
    )
    marks = [{"x": current, "what": "your value now"}]
    if found is not None:
        marks.append({"x": found, "what": "value found"})
    rules = (
        alt.Chart(pd.DataFrame(marks))
        .mark_rule(strokeDash=[2, 2])
        .encode(
            x="x:Q",
            color=alt.Color(
                "what:N",
                scale=alt.Scale(
                    domain=["your value now", "value found"], range=["#7570b3", INCOME_COLOR]
                ),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal"),
            ),
        )
    )
    return (
        alt.layer(line, dots, goal, rules).resolve_scale(color="independent").properties(height=300)
    )


def published_vs_model(
    rows: pd.DataFrame, *, x_title: str, value_format: str, log: bool, domain: Sequence[float]
) -> alt.LayerChart:
    """One row per target (``row``): the published figure's tolerance band (``low`` to
    ``high``), the published figure (a black tick), the model's Monte Carlo interval (a line)
    and its figure (a dot coloured by the verdict)."""
    order = rows["row"].tolist()
    scale = alt.Scale(type="log" if log else "linear", domain=list(domain), clamp=True, nice=False)
    axis = alt.Axis(format=value_format, labelFlush=True, labelOverlap=True, title=x_title)
    tips = [
        alt.Tooltip("row:N", title="Published"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("published_text:N", title="Published figure"),
        alt.Tooltip("model_text:N", title="Model"),
        alt.Tooltip("verdict:N", title="Verdict"),
    ]
    band = (
        alt.Chart(rows)
        .mark_bar(color="#c8e6c9", size=_bar_px() * 0.8)
        .encode(
            y=row_axis(order), x=alt.X("low:Q", scale=scale, axis=axis), x2="high:Q", tooltip=tips
        )
    )
    published = (
        alt.Chart(rows)
        .mark_tick(color="#222222", thickness=2, size=_bar_px() * 0.95)
        .encode(y=row_axis(order), x="value:Q", tooltip=tips)
    )
    checked = rows[rows["model"].notna()]
    present = [v for v in VERDICT_COLORS if v in set(checked["verdict_key"])]
    colors = alt.Scale(domain=present, range=[VERDICT_COLORS[v] for v in present])
    interval = (
        alt.Chart(checked)
        .mark_rule(strokeWidth=2.5)
        .encode(
            y=row_axis(order),
            x="model_low:Q",
            x2="model_high:Q",
            color=alt.Color("verdict_key:N", scale=colors, legend=_verdict_legend()),
            tooltip=tips,
        )
    )
    dot = (
        alt.Chart(checked)
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            y=row_axis(order),
            x="model:Q",
            color=alt.Color("verdict_key:N", scale=colors, legend=_verdict_legend()),
            shape=alt.value("circle"),
            tooltip=tips,
        )
    )
    return alt.layer(band, published, interval, dot, row_labels(rows, order)).properties(
        height=rows_height(order)
    )


def _verdict_legend() -> alt.Legend:
    return alt.Legend(title=None, orient="top", direction="horizontal", columns=3)
