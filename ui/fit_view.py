"""The history fit in the app: the cached fit, its bands and its chart (pages/fit.py draws).

The fit itself is ``sim.history.fit``; this module only caches it per (files, plan) and turns its
bands into one Altair chart: the back-cast band, the counts, and the forecast fan.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sim.history import fit as fitting
from sim.model.format import money, pct
from sim.model.scenario import Scenario

BAND_PATHS = 1000
PEER_PATHS = 1000


@st.cache_data(max_entries=16, show_spinner=False)
def _fit(
    history: bytes, deals: bytes | None, base_json: str, followers_now: int | None
) -> tuple[fitting.Fit | None, str | None]:
    try:
        fit = fitting.read_and_fit(
            history, Scenario.model_validate_json(base_json), deals, followers_now=followers_now
        )
    except fitting.HistoryProblem as exc:
        return None, str(exc)
    return fit, None


def fit(
    history: bytes, deals: bytes | None, base: Scenario, followers_now: int | None
) -> tuple[fitting.Fit | None, str | None]:
    """The fit, or why the files cannot be used (one line). Keyed by the plan the fit starts
    from (``sim.history.fit.prior_plan``), so the same files give the same fit whatever the plan."""
    return _fit(history, deals, _prior_json(base, deals), followers_now)


def _prior_json(base: Scenario, deals: bytes | None) -> str:
    return fitting.prior_plan(base, deals is not None).model_dump_json()


@st.cache_data(max_entries=16, show_spinner=False)
def _pictures(
    history: bytes, deals: bytes | None, base_json: str, followers_now: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, float | None]:
    result, _ = _fit(history, deals, base_json, followers_now)
    assert result is not None
    return (
        fitting.backcast(result, BAND_PATHS),
        fitting.forecast(result, BAND_PATHS),
        fitting.peer_share_slower(result, PEER_PATHS),
    )


def pictures(
    history: bytes, deals: bytes | None, base: Scenario, followers_now: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, float | None]:
    """The back-cast band, the forecast fan and the share of peers that grew slower."""
    return _pictures(history, deals, _prior_json(base, deals), followers_now)


def chart(result: fitting.Fit, back: pd.DataFrame, ahead: pd.DataFrame) -> alt.LayerChart:
    counts = pd.DataFrame(
        {"date": pd.to_datetime(result.weekly.dates), "followers": result.weekly.followers}
    )
    # The axis's title names the years it spans ("Jan 2024 to Oct 2026"): d3's tick labels
    # name a year only in January, so a history within one year showed none (a year on every
    # tick made the labels too long for a phone's screen).
    dates = pd.concat([counts["date"], pd.to_datetime(ahead["date"])])
    span = f"{dates.min():%b %Y} to {dates.max():%b %Y}"
    x = alt.X("date:T", title=span)
    y_title = "Followers"
    back_band = (
        alt.Chart(back)
        .mark_area(color="#9aa3ad", opacity=0.35)
        .encode(x=x, y=alt.Y("p10:Q", title=y_title, axis=alt.Axis(format="~s")), y2="p90:Q")
    )
    outer = (
        alt.Chart(ahead).mark_area(color="#1d4e89", opacity=0.18).encode(x=x, y="p10:Q", y2="p90:Q")
    )
    inner = (
        alt.Chart(ahead).mark_area(color="#1d4e89", opacity=0.3).encode(x=x, y="p25:Q", y2="p75:Q")
    )
    median = alt.Chart(ahead).mark_line(color="#1d4e89").encode(x=x, y="p50:Q")
    dots = (
        alt.Chart(counts)
        .mark_circle(color="#1f2329", size=18)
        .encode(
            x=x,
            y="followers:Q",
            tooltip=[
                alt.Tooltip("date:T", title="Week of", format="%d %b %Y"),
                alt.Tooltip("followers:Q", title="Followers", format=",.0f"),
            ],
        )
    )
    return alt.layer(back_band, outer, inner, median, dots).properties(height=360)


def stopped_words(ahead: pd.DataFrame) -> str:
    """How many forecast futures stopped posting by the end (resting after burnout, or
    quit): their followers fall, so the fan's median can turn down while growth per post is
    fitted well."""
    stopped = 1.0 - float(ahead["still_posting"].iloc[-1])
    months = len(ahead) - 1
    if stopped < 0.005:
        return f"In every future you are still posting after {months} months."
    return (
        f"The fan includes futures where you stop posting (resting after a burnout, or quitting "
        f"after one or by your stop rules), and followers then fall: after {months} months "
        f"{pct(stopped)} of futures have stopped."
    )


def estimates_table(result: fitting.Fit) -> pd.DataFrame:
    """The fitted figures: median, 80% interval and the model's usual figure."""
    rows = []
    for est in result.estimates.values():
        if est.name in ("viral_weeks", "viral_tail_index"):
            continue
        rows.append(
            {
                "Figure": est.label,
                "Fit (median)": _show(est.median, est.unit),
                "8 in 10 between": f"{_show(est.p10, est.unit)} – {_show(est.p90, est.unit)}",
                "Usual for accounts like yours": _show(est.prior_median, est.unit),
                "How much your data decides": f"{est.data_weight:.0%}",
            }
        )
    return pd.DataFrame(rows)


def _show(value: float, unit: str) -> str:
    if unit == "share/month":
        return f"{value * 100:.1f}% a month"
    if unit == "share/week":
        return f"{value * 100:.2f}% a week"
    if unit == "USD":
        return money(value)
    if unit == "per post":
        return f"1 in {1 / value:,.0f}" if value > 0 else "none"
    return f"{value:,.2f}"
