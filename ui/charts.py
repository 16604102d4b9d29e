"""Altair charts of pre-aggregated results: fans, bars and overlaid medians (the What matters
row charts live in ``ui.row_charts``).

Every chart takes small tables (monthly quantiles, totals, sweep rows), never per-path data,
so what reaches the browser stays a few kilobytes whatever the number of paths. The Plan page's
charts (fans, income and costs, break-even) are also ``Recipe``s: drawn once per shape as a
Vega-Lite template, then filled with each run's tables, because authoring them anew on every
rerun cost more server time than the simulation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

BAND_OUTER = "8 in 10 futures"
BAND_INNER = "Middle half"
MEDIAN = "Middle future"
MONEY_AXIS = "$.3~s"
"""Money on an axis: -$200, $1.5k, $2M (d3 puts the minus before the dollar)."""
INCOME_COLOR = "#2e7d32"
COST_COLOR = "#c62828"
ACCENT = "#1d4e89"
SCENARIO_COLORS = ("#1d4e89", "#d95f02", "#1b9e77", "#7570b3")
HEIGHT = 300
"""Whole chart, axes and legend included (Streamlit fits charts into their height)."""
ROW_PX = 30
AXES_PX = 110


def flat_domain(*values: Any) -> tuple[float, float] | None:
    """A value scale's domain when the data hold a single value (or none), else None.

    Vega-Lite collapses such a scale to one point, and the axis then labels it "NaN" (e.g.
    Followers with no start and no posts). All zeros get 0 to 1; a single other value gets
    the span from zero to it, as a bar or band would.
    """
    arrays = [np.asarray(v, dtype=np.float64).ravel() for v in values if v is not None]
    data = np.concatenate(arrays) if arrays else np.zeros(0)
    finite = data[np.isfinite(data)]
    if finite.size and finite.min() != finite.max():
        return None
    value = float(finite[0]) if finite.size else 0.0
    if value == 0.0:
        return (0.0, 1.0)
    return (min(value, 0.0), max(value, 0.0))


def _value_scale(domain: tuple[float, float] | None) -> alt.Scale | Any:
    return alt.Undefined if domain is None else alt.Scale(domain=list(domain))


def _value_axis(domain: tuple[float, float] | None, **options: Any) -> alt.Axis:
    # a one-unit domain gets whole-number ticks, not 0.2 steps ("200m" in SI format)
    return alt.Axis(**options) if domain is None else alt.Axis(tickMinStep=1, **options)


def _tick(months: int) -> int:
    """Months between labelled ticks: every month up to a year, then every 3 or 6."""
    return 1 if months <= 12 else 3 if months <= 36 else 6


def _month_axis(months: int) -> alt.Axis:
    return alt.Axis(title="Month", values=list(range(0, months + 1, _tick(months))), grid=False)


# --- recipes: charts drawn once per shape, filled with each run's tables ---------------


@dataclass(frozen=True)
class Recipe:
    """A chart as a shape (everything but the data: titles, scales, sizes) and its tables.

    ``draw(shape, **sources)`` authors the chart in Altair; each source is either a table or,
    for a template, a named dataset. Authoring and validating an Altair chart costs ~10-50 ms,
    the data a fraction of a millisecond, so ``spec()`` draws each shape once (kept as JSON),
    then fills in the tables: a chart for a new run costs almost nothing on the server.
    ``chart()`` is the same chart as an Altair object with the tables inline (for export).
    """

    draw: Callable[..., alt.TopLevelMixin]
    shape: Hashable
    tables: Mapping[str, pd.DataFrame]

    def chart(self) -> alt.TopLevelMixin:
        return self.draw(self.shape, **self.tables)

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec with the tables as named datasets (DataFrames, which
        ``st.vega_lite_chart`` sends as Arrow)."""
        spec: dict[str, Any] = json.loads(_template(self.draw, self.shape, tuple(self.tables)))
        spec["datasets"] = {**spec.get("datasets", {}), **self.tables}
        return spec


@lru_cache(maxsize=256)
def _template(
    draw: Callable[..., alt.TopLevelMixin], shape: Hashable, names: tuple[str, ...]
) -> str:
    sources = {name: alt.NamedData(name=name) for name in names}
    return json.dumps(draw(shape, **sources).to_dict(validate=False))


@dataclass(frozen=True)
class FanShape:
    y_title: str
    months: int
    value_format: str = ",.0f"
    zero_line: bool = False
    rule_at: float | None = None
    rule_label: str = ""
    path_label: str | None = None
    """The label of the single-path line, or None for no such line."""
    y_domain: tuple[float, float] | None = None
    """Set only when the values are all one number (see ``flat_domain``)."""
    axis_format: str = "~s"


def fan_recipe(
    q: pd.DataFrame,
    *,
    y_title: str,
    months: int,
    value_format: str = ",.0f",
    zero_line: bool = False,
    rule_at: float | None = None,
    rule_label: str = "",
    path_line: pd.DataFrame | None = None,
    path_label: str = "This future",
    axis_format: str = "~s",
) -> Recipe:
    """A fan chart from ``Results.quantiles(metric)``: P10-P90 and P25-P75 bands and the
    median; optionally a zero line, a horizontal rule (e.g. sustainable hours) and one path
    (``path_line``: a ``value`` column indexed by month)."""
    bands = q[[c for c in ("p10", "p25", "p50", "p75", "p90") if c in q.columns]]
    shape = FanShape(
        y_title,
        months,
        value_format,
        zero_line,
        rule_at,
        rule_label,
        None if path_line is None else path_label,
        flat_domain(bands, rule_at, None if path_line is None else path_line["value"]),
        axis_format,
    )
    tables = {"quantiles": q.reset_index()}
    if path_line is not None:
        tables["path"] = path_line.reset_index().assign(band=path_label)
    return Recipe(_draw_fan, shape, tables)


def fan(q: pd.DataFrame, **options: Any) -> alt.LayerChart:
    """The fan chart of ``fan_recipe`` as an Altair chart."""
    chart = fan_recipe(q, **options).chart()
    assert isinstance(chart, alt.LayerChart)
    return chart


def _draw_fan(shape: FanShape, quantiles: Any, path: Any = None) -> alt.LayerChart:
    value_format = shape.value_format
    x = alt.X("month:Q", axis=_month_axis(shape.months), scale=alt.Scale(domain=[0, shape.months]))
    tooltip = [
        alt.Tooltip("month:Q", title="Month"),
        alt.Tooltip("p10:Q", title="1 in 10 futures below", format=value_format),
        alt.Tooltip("p25:Q", title="1 in 4 below", format=value_format),
        alt.Tooltip("p50:Q", title="Middle future", format=value_format),
        alt.Tooltip("p75:Q", title="1 in 4 above", format=value_format),
        alt.Tooltip("p90:Q", title="1 in 10 futures above", format=value_format),
    ]
    # the quantile table is the layer's data, shared by the band and line layers
    base = alt.Chart().encode(x=x)
    # two columns: three entries in one row would run past a phone's edge
    legend = alt.Legend(title=None, orient="top", direction="horizontal", columns=2)
    color = alt.Color(
        "band:N",
        scale=alt.Scale(
            domain=[BAND_OUTER, BAND_INNER, MEDIAN], range=["#c6d4e6", "#8aa8cc", ACCENT]
        ),
        legend=legend,
    )
    outer = (
        base.transform_calculate(band=f"'{BAND_OUTER}'")
        .mark_area(opacity=0.9)
        .encode(
            y=alt.Y(
                "p10:Q",
                title=shape.y_title,
                axis=_value_axis(shape.y_domain, format=shape.axis_format),
                scale=_value_scale(shape.y_domain),
            ),
            y2="p90:Q",
            color=color,
        )
    )
    inner = (
        base.transform_calculate(band=f"'{BAND_INNER}'")
        .mark_area(opacity=0.9)
        .encode(y="p25:Q", y2="p75:Q", color=color)
    )
    median = (
        base.transform_calculate(band=f"'{MEDIAN}'")
        .mark_line(strokeWidth=2.5)
        .encode(y="p50:Q", color=color, tooltip=tooltip)
    )
    hover = base.mark_point(opacity=0, size=200).encode(y="p50:Q", tooltip=tooltip)
    layers: list[alt.Chart] = [outer, inner, median, hover]
    if shape.zero_line:
        layers.append(
            alt.Chart(pd.DataFrame({"y": [0.0]}))
            .mark_rule(color="#333333", strokeDash=[4, 3])
            .encode(y="y:Q")
        )
    if shape.rule_at is not None:
        rule_df = pd.DataFrame({"y": [shape.rule_at], "label": [shape.rule_label]})
        layers.append(
            alt.Chart(rule_df).mark_rule(color=COST_COLOR, strokeDash=[6, 3]).encode(y="y:Q")
        )
        layers.append(
            alt.Chart(rule_df)
            .mark_text(align="left", dx=4, dy=-7, color=COST_COLOR, fontSize=12)
            .encode(y="y:Q", x=alt.value(0), text="label:N")
        )
    if path is not None and shape.path_label is not None:
        layers.append(
            alt.Chart(path)
            .mark_line(color="#111111", strokeWidth=2, strokeDash=[1, 0])
            .encode(
                x="month:Q",
                y="value:Q",
                tooltip=[
                    alt.Tooltip("month:Q", title="Month"),
                    alt.Tooltip("value:Q", title=shape.path_label, format=value_format),
                ],
            )
        )
    return alt.layer(*layers, data=quantiles).properties(height=HEIGHT)


@dataclass(frozen=True)
class BarsShape:
    months: int
    rows: int
    x_domain: tuple[float, float] | None = None


def income_costs_recipe(table: pd.DataFrame, months: int) -> Recipe:
    """Median totals of each income stream and cost kind (``income_and_costs`` rows with a
    ``label`` column), incomes above costs, each kind largest first."""
    data = table[table["p50"].abs() > 0.005].copy()
    data["kind_label"] = np.where(data["kind"] == "income", "Income", "Cost")
    data = data.sort_values(["kind", "p50"], ascending=[False, False])
    data["order"] = np.arange(len(data))
    columns = ["label", "kind_label", "p50", "mean", "order"]
    return Recipe(
        _draw_income_costs,
        BarsShape(months, len(data), flat_domain(data["p50"], 0.0)),
        {"lines": data[columns].reset_index(drop=True)},
    )


def income_costs_bars(table: pd.DataFrame, months: int) -> alt.Chart:
    """The bars of ``income_costs_recipe`` as an Altair chart."""
    chart = income_costs_recipe(table, months).chart()
    assert isinstance(chart, alt.Chart)
    return chart


def _draw_income_costs(shape: BarsShape, lines: Any) -> alt.Chart:
    return (
        alt.Chart(lines)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                sort=alt.EncodingSortField(field="order", op="min", order="ascending"),
                title=None,
                axis=alt.Axis(labelLimit=160, labelOverlap=False),
            ),
            x=alt.X(
                "p50:Q",
                title=f"Typical total over {shape.months} months",
                axis=_value_axis(shape.x_domain, format=MONEY_AXIS),
                scale=_value_scale(shape.x_domain),
            ),
            color=alt.Color(
                "kind_label:N",
                scale=alt.Scale(domain=["Income", "Cost"], range=[INCOME_COLOR, COST_COLOR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Line"),
                alt.Tooltip("p50:Q", title="Typical total", format="$,.0f"),
                alt.Tooltip("mean:Q", title="Average total", format="$,.0f"),
            ],
        )
        .properties(height=AXES_PX + ROW_PX * max(shape.rows, 2))
    )


def break_even_recipe(months_to_break_even: np.ndarray, horizon: int) -> Recipe:
    """Share of futures by break-even month, with a 'never' bucket for those still out of
    pocket at the horizon."""
    finite = months_to_break_even[np.isfinite(months_to_break_even)].astype(int)
    counts = np.bincount(finite, minlength=horizon + 1)[1 : horizon + 1]
    n = len(months_to_break_even)
    labels = [str(m) for m in range(1, horizon + 1)] + ["never"]
    shares = np.append(counts, n - finite.size) / max(n, 1)
    data = pd.DataFrame(
        {"month": labels, "share": shares, "kind": ["breaks even"] * horizon + ["never"]}
    )
    return Recipe(_draw_break_even, horizon, {"shares": data})


def break_even_bars(months_to_break_even: np.ndarray, horizon: int) -> alt.Chart:
    """The bars of ``break_even_recipe`` as an Altair chart."""
    chart = break_even_recipe(months_to_break_even, horizon).chart()
    assert isinstance(chart, alt.Chart)
    return chart


BREAK_EVEN_TITLE = ["Break-even month", "(never = still out of pocket at the end)"]
"""Two lines: on a phone the one-line title was wider than the chart and cut."""
NEVER_CLEAR_PX = 20.0
"""How far a month's label must be from the middle of the "never" bar (about half that
label's width and a gap) to be drawn; a nearer one is left out, never drawn over "never"."""
DIGIT_PX = 3.5
"""Half the width of one digit of an axis label."""


def _break_even_labels(horizon: int) -> str:
    """Vega expression for the month axis's labels: a month whose label would touch "never"
    on a chart this wide (``width``, in the browser) is left blank; "never" is always drawn."""
    bands = horizon + 1
    return (
        f"datum.value === 'never' || ({bands} - toNumber(datum.value)) * width / {bands}"
        f" >= {NEVER_CLEAR_PX} + {DIGIT_PX} * length(datum.value) ? datum.label : ''"
    )


def _draw_break_even(horizon: int, shares: Any) -> alt.Chart:
    labels = [str(m) for m in range(1, horizon + 1)] + ["never"]
    return (
        alt.Chart(shares)
        .mark_bar()
        .encode(
            x=alt.X(
                "month:N",
                sort=labels,
                title=BREAK_EVEN_TITLE,
                # every few months and always "never", so a narrow screen keeps that label
                axis=alt.Axis(
                    labelAngle=0,
                    labelOverlap=False,
                    labelExpr=_break_even_labels(horizon),
                    values=[*labels[_tick(horizon) - 1 :: _tick(horizon)], "never"],
                ),
            ),
            y=alt.Y("share:Q", title="Share of futures", axis=alt.Axis(format="%")),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["breaks even", "never"], range=[ACCENT, "#9e9e9e"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("month:N", title="Break-even month"),
                alt.Tooltip("share:Q", title="Share of futures", format=".1%"),
            ],
        )
        .properties(height=HEIGHT)
    )


def overlaid_medians(
    frames: Sequence[tuple[str, pd.DataFrame]],
    *,
    y_title: str,
    months: int,
    zero_line: bool,
    axis_format: str = "~s",
    value_format: str = ",.0f",
) -> alt.LayerChart:
    """The middle line of several scenarios, each with the band of its middle half."""
    rows = [q.reset_index().assign(scenario=name) for name, q in frames]
    data = pd.concat(rows, ignore_index=True)
    names = [name for name, _ in frames]
    color = alt.Color(
        "scenario:N",
        scale=alt.Scale(domain=names, range=list(SCENARIO_COLORS[: len(names)])),
        legend=alt.Legend(title=None, orient="top", columns=1, labelLimit=280),
    )
    base = alt.Chart(data).encode(x=alt.X("month:Q", axis=_month_axis(months)))
    domain = flat_domain(*(q[["p25", "p50", "p75"]] for _, q in frames))
    band = base.mark_area(opacity=0.15).encode(
        y=alt.Y(
            "p25:Q",
            title=y_title,
            axis=_value_axis(domain, format=axis_format),
            scale=_value_scale(domain),
        ),
        y2="p75:Q",
        color=color,
    )
    line = base.mark_line(strokeWidth=2.5).encode(
        y="p50:Q",
        color=color,
        tooltip=[
            alt.Tooltip("scenario:N", title="Plan"),
            alt.Tooltip("month:Q", title="Month"),
            alt.Tooltip("p50:Q", title="Middle future", format=value_format),
            alt.Tooltip("p25:Q", title="1 in 4 below", format=value_format),
            alt.Tooltip("p75:Q", title="1 in 4 above", format=value_format),
        ],
    )
    layers: list[alt.Chart] = [band, line]
    if zero_line:
        layers.append(
            alt.Chart(pd.DataFrame({"y": [0.0]}))
            .mark_rule(color="#333333", strokeDash=[4, 3])
            .encode(y="y:Q")
        )
    return alt.layer(*layers).properties(height=HEIGHT)
