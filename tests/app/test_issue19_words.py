"""Issue 19, items 6 and 9: one formatter everywhere (hours, differences, the minus sign,
plurals, no doubled words) and the smaller points (the quick start's sidebar and reload, plain
words, the fit chart's years, the Methodology charts' Vega warnings)."""

from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim import Scenario
from sim.analysis import sensitivity
from sim.analysis.compare import Difference, Interval
from sim.io import labels
from sim.model import format as fmt
from sim.model.quick_start import QUERY_MARK
from sim.model.scenario import field_unit
from tests.app.conftest import APP, TIMEOUT_S
from ui import inputs
from ui.compare_view import differences_table
from ui.quickstart import GO_KEY
from ui.sidebar import QUICK_START_SIDEBAR

# --- item 6: one formatter --------------------------------------------------------------------


def test_hours_keep_the_decimals_they_need() -> None:
    assert fmt.hours(0.75) == "0.75 h"  # never "0.8"
    assert fmt.hours(2.25) == "2.25 h"
    assert fmt.hours(12.46) == "12.5 h"  # a worked-out figure keeps one decimal
    assert fmt.hours_a_week(7) == "7.0 h a week"
    assert fmt.hours_between(10, 13.75) == "3.75 h"
    # the quick start's 0.75 h a post reads the same on the sidebar's hours slider
    assert inputs.show("hours_per_post", 0.75) == "0.75"
    assert inputs.show("hours_per_post", 2.5) == "2.5"
    assert inputs.spec("hours_per_post").decimals == 2


def _difference(net: tuple[float, float], works: tuple[float, float]) -> Difference:
    flat = Interval(0.0, 0.0, 0.0, 0.8)
    return Difference(
        name="B",
        baseline="A",
        p_success_baseline=works[0],
        p_success_other=works[1],
        p_success_diff=Interval(works[1] - works[0], -0.01, 0.09, 0.9),
        p_profit_baseline=0.1,
        p_profit_other=0.1,
        p_profit_diff=flat,
        net_profit_usd_diff=flat,  # the median of the paired differences: $0
        followers_diff=flat,
        share_paths_better=0.3,
        net_profit_usd_p50_baseline=net[0],
        net_profit_usd_p50_other=net[1],
        followers_p50_baseline=1000.4,
        followers_p50_other=1000.2,
    )


def test_compare_differences_are_worked_out_from_the_shown_figures() -> None:
    row = differences_table([_difference((-625.4, -477.3), (0.074, 0.114))]).iloc[0]
    assert row["Median net profit"] == "-$625 → -$477 (+$148)"  # not "difference $0"
    assert row["Chance it works out"] == "7% → 11% (+4 points)"  # not the unrounded +5
    assert row["Median followers"] == "1,000 for both (about the same)"


def test_only_figures_that_read_the_same_are_about_the_same() -> None:
    row = differences_table([_difference((-625.4, -625.1), (0.074, 0.0749))]).iloc[0]
    assert "about the same" in row["Median net profit"]
    assert "about the same" in row["Chance it works out"]
    row = differences_table([_difference((-625.4, -624.4), (0.074, 0.076))]).iloc[0]
    assert "about the same" not in row["Median net profit"]
    assert row["Median net profit"].endswith("(+$1)")


def test_charts_write_the_minus_sign_the_text_writes() -> None:
    from ui.report import chart_svg

    chart = (
        alt.Chart(pd.DataFrame({"x": [1, 2], "y": [-800.0, 400.0]}))
        .mark_line()
        .encode(x="x:Q", y=alt.Y("y:Q", axis=alt.Axis(format=fmt.VEGA_MONEY)))
    )
    assert chart.to_dict()["config"]["locale"]["number"]["minus"] == fmt.MINUS == "-"
    with alt.theme.enable("none"):  # what st.altair_chart converts under
        assert chart.to_dict()["config"]["locale"] == fmt.VEGA_LOCALE
    svg = chart_svg(chart)
    assert "-$800" in svg and "\u2212" not in svg
    assert fmt.money(-800) == "-$800"


def test_counts_take_the_right_number() -> None:
    assert fmt.counted(1, "deal") == "1 deal"
    assert fmt.counted(3, "deal") == "3 deals"
    assert fmt.counted(0, "gifted deal") == "0 gifted deals"
    assert f"{fmt.counted(1, 'weekly count')} {fmt.was_were(1)}" == "1 weekly count was"


def test_no_count_in_the_app_says_s_in_brackets() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(root)}:{i}"
        for folder in ("sim", "ui", "pages")
        for path in (root / folder).rglob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        # a literal "deal(s)" in an f-string, not a call such as {verdict_tone(s)}
        if re.search(r'f"[^"]*[a-z]\(s\)', re.sub(r"\{[^{}]*\}", "", line))
    ]
    assert found == []


def test_a_label_that_says_now_is_not_followed_by_now() -> None:
    row = pd.Series(
        {
            "field": "start_followers",
            "label": "Followers now",
            "assumption": False,
            "value": 12_000.0,
            "low_input": 9_600.0,
            "high_input": 14_400.0,
        }
    )
    text = sensitivity.row_text(row)
    assert "now, now" not in text
    assert text.startswith("Followers now, 12,000")


# --- item 9 -----------------------------------------------------------------------------------

JARGON = re.compile(
    r"futures per run|\bstep\b|±|\bsweep\b|deal flow|\bP10\b|\bP90\b|weight of your data|"
    r"randomness|log-sd",
    re.I,
)


def test_no_input_label_says_log_sd_or_deal_flow() -> None:
    for name in Scenario.model_fields:
        if name == "timeline":
            continue
        for text in (labels.field_label(name), inputs.label(name)):
            assert not JARGON.search(text), (name, text)
        if "ugc" in name:
            help_text = Scenario.model_fields[name].description or ""
            assert "not posted" in help_text, name  # UGC is said in words
        if field_unit(name) == "log-sd":
            assert "log-sd" not in labels.field_label(name)


def test_methodology_tables_say_a_spread_in_words() -> None:
    from ui.methodology import parameter_table

    table = parameter_table(Scenario())
    text = table[["Input", "Default", "Your value", "Unit"]].to_string()
    assert "log-sd" not in text
    assert "times either way" in text


def test_the_methodology_charts_fit_their_width_and_keep_their_rows() -> None:
    """A stepped height cannot be fitted: Vega-Lite logged 'Dropping "fit-y"' eleven times."""
    from sim.calibration.targets import default_targets
    from sim.calibration.validate import shipped_validation
    from ui import row_charts
    from ui.methodology import rows_in_pixels, validation_charts, validation_frame

    rows, _ = shipped_validation()
    if not rows:
        pytest.skip("no shipped validation.json in this build")
    frame = validation_frame(rows, default_targets())
    charts = [
        c
        for topic in dict.fromkeys(frame["section"])
        for _, c in validation_charts(frame, str(topic))
    ]
    assert len(charts) >= 11
    for chart in charts:
        spec = chart.to_dict()
        assert isinstance(spec["height"], float | int), "a height in pixels, not a step"
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    # the same rows as the stepped chart: a step per row over the band's paddings
    order = list(frame[frame["section"] == frame["section"].iloc[0]]["figure"])
    stepped = row_charts.published_vs_model
    assert stepped is not None and order
    chart = charts[0]
    assert rows_in_pixels(chart) is chart, "a chart already in pixels is left as it is"


def test_the_fit_chart_names_the_years_on_its_date_axis() -> None:
    """A history within one year had no year anywhere on the axis (d3 names it in January)."""
    from types import SimpleNamespace

    import numpy as np

    from ui import fit_view

    weeks = np.datetime64("2025-03-03") + 7 * np.arange(8)
    result = SimpleNamespace(weekly=SimpleNamespace(dates=weeks, followers=np.arange(800, 808)))
    band = {"p10": 1.0, "p25": 2.0, "p50": 3.0, "p75": 4.0, "p90": 5.0}
    back = pd.DataFrame({"date": pd.to_datetime(weeks), **band})
    ahead = pd.DataFrame({"date": pd.date_range("2025-04-28", periods=30, freq="W"), **band})
    spec = fit_view.chart(result, back, ahead).to_dict()  # type: ignore[arg-type]
    titles = {layer["encoding"]["x"].get("title") for layer in spec["layer"]}
    assert titles == {"Mar 2025 to Nov 2025"}


def bare_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def sidebar_widgets(at: AppTest) -> list[Any]:
    return [
        w
        for kind in ("slider", "number_input", "selectbox", "select_slider", "toggle")
        for w in getattr(at.sidebar, kind)
    ]


def test_the_quick_start_has_no_second_set_of_inputs_beside_it() -> None:
    at = bare_app()
    assert GO_KEY in {b.key for b in at.button}
    assert sidebar_widgets(at) == [], "the sidebar repeats the questions in other formats"
    assert QUICK_START_SIDEBAR in [c.value for c in at.sidebar.caption]
    at.button(key=GO_KEY).click().run()
    assert not at.exception, at.exception
    assert sidebar_widgets(at), "with a plan, every input is in the sidebar"


def test_a_reload_during_the_quick_start_keeps_the_answers() -> None:
    at = bare_app()
    assert not at.query_params, "untouched, the address bar stays empty"
    at.selectbox(key="qs.platform").set_value("tiktok")
    at.selectbox(key="qs.niche").set_value("gaming")
    at.number_input(key="qs.followers").set_value(800)
    at.slider(key="qs.hours").set_value(10)
    at.number_input(key="qs.job").set_value(0)
    at.run()
    assert not at.exception, at.exception
    query = {k: at.query_params[k] for k in at.query_params}
    assert query[QUERY_MARK] == "1" and query["qs_followers"] == "800"

    reloaded = bare_app(query)  # a new session on the same address: a reload
    assert GO_KEY in {b.key for b in reloaded.button}, "the quick start, not a plan"
    assert not reloaded.warning, "the answers are not read as a broken share link"
    assert reloaded.selectbox(key="qs.platform").value == "tiktok"
    assert reloaded.selectbox(key="qs.niche").value == "gaming"
    assert reloaded.number_input(key="qs.followers").value == 800
    assert reloaded.slider(key="qs.hours").value == 10
    assert reloaded.number_input(key="qs.job").value == 0
    reloaded.button(key=GO_KEY).click().run()
    scenario: Scenario = reloaded.session_state["scenario"]
    assert (scenario.platform, scenario.niche, scenario.start_followers) == (
        "tiktok",
        "gaming",
        800,
    )
    assert QUERY_MARK not in reloaded.query_params, "the plan's own link replaces the answers"


def test_answers_from_an_edited_address_are_kept_in_range() -> None:
    at = bare_app({QUERY_MARK: "1", "qs_followers": "9e99", "qs_niche": "myspace", "qs_job": "x"})
    assert at.number_input(key="qs.followers").value == 1_000_000
    assert at.selectbox(key="qs.niche").value == "fashion"
    assert at.number_input(key="qs.job").value == 40
