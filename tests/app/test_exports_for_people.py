"""Issue 19 item 8: every file the app exports opens without instructions.

``pandas.read_csv(file)`` and ``pandas.read_excel(file)`` with no arguments read numbers under
one header row in words with units; the provenance is on the workbook's About sheet, not in
the data; the workbook shows numbers as the app writes them by cell formats (no apostrophes);
the reports hold the why and the share link and no internal notes; chart images say what,
which plan and when; two plans never export under the same file name.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim import RunSettings, Scenario, simulate
from sim.analysis.advice import reasons
from sim.io.export import SCENARIO_JSON_ROW
from tests.app.conftest import TEST_PATHS, go, set_input
from ui import export as ui_export
from ui import plan_charts
from ui import report as ui_report

LINK = "https://example.org/?platform=instagram&niche=fashion&paths=200&seed=3"


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return simulate(Scenario(months=12), TEST_PATHS, 3)


@pytest.fixture(scope="module")
def other():  # type: ignore[no-untyped-def]
    return simulate(Scenario(months=12, posts_per_week=5), TEST_PATHS, 3)


def _numeric(frame: pd.DataFrame, columns: list[str]) -> None:
    for column in columns:
        assert pd.api.types.is_numeric_dtype(frame[column]), (column, frame[column].dtype)


def _worded(columns: list[str]) -> None:
    """Headers are words, not code names such as ``p50`` or ``net_profit_usd_p50``."""
    for column in columns:
        assert "_" not in column and (" " in column or column[:1].isupper()), column


def test_the_app_csvs_open_with_a_plain_read_csv(results) -> None:  # type: ignore[no-untyped-def]
    text = ui_export.percentiles_csv(results)
    assert not text.startswith("#") and "\n#" not in text, "no comment lines in the data"
    frame = pd.read_csv(io.StringIO(text))
    _worded(list(frame.columns[:-1]))
    median = "Middle future (median)"
    _numeric(frame, ["Month (0 = the start)", "1 future in 10 below", median, "Average"])
    followers = frame[frame["Figure"] == "Followers"].set_index("Month (0 = the start)")[median]
    assert followers.to_numpy() == pytest.approx(
        results.quantiles("followers")["p50"].to_numpy(), abs=0.005
    )
    assert (followers.round(2) == followers).all(), "12,019.41 followers, not 12019.4123046875"
    assert set(frame.loc[frame["Figure"] == "Net cash", "Unit"]) == {"$ a month"}

    paths = pd.read_csv(io.StringIO(ui_export.sample_paths_csv(results)))
    _worded(list(paths.columns))
    _numeric(
        paths, ["Future number", "Followers", "Cumulative net cash ($)", "Net cash ($ a month)"]
    )
    assert paths["Status"].isin(["active", "resting", "quit"]).all()


def test_the_app_workbook_opens_with_a_plain_read_excel(results) -> None:  # type: ignore[no-untyped-def]
    data = ui_export.plan_workbook(results, None, LINK)
    first = pd.read_excel(io.BytesIO(data))
    assert list(first.columns) == ["Figure", "Value", "Code name"]
    _numeric(first, ["Value"])
    row = first.set_index("Code name").loc["net_profit_usd_p50"]
    assert row["Figure"] == "Net profit, median"
    assert row["Value"] == pytest.approx(results.summary.net_profit_usd_p50)

    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == [
        "Summary",
        "Monthly percentiles",
        "Sample futures",
        "Scenario",
        "Figures explained",
        "About",
    ]
    for frame in sheets.values():
        _worded([str(c) for c in frame.columns])
        assert not (frame.astype(str) == "p50").any().any(), "no code-name header row as data"
    _numeric(sheets["Monthly percentiles"], ["Middle future (median)"])
    _numeric(sheets["Sample futures"], ["Followers", "Net cash ($ a month)"])
    scenario = sheets["Scenario"].set_index("Code name")
    assert scenario.loc["day_job_wage_usd_per_hour", "Value"] == 28
    assert scenario.loc["day_job_wage_usd_per_hour", "Input"] == "Day-job pay"

    about = sheets["About"].set_index("What")["Value"]
    assert about["Random seed"] == 3 and about["Simulated futures"] == TEST_PATHS
    assert about["Verdict"] == results.summary.verdict
    assert about["Share link (opens this plan in the app)"] == LINK
    scenario_json = about[SCENARIO_JSON_ROW]
    assert Scenario.model_validate(json.loads(scenario_json)) == results.scenario

    book = openpyxl.load_workbook(io.BytesIO(data))
    formats = {row[2].value: row[1].number_format for row in book["Summary"].iter_rows(min_row=2)}
    assert formats["p_success"] == "0%"
    assert formats["net_profit_usd_p50"].startswith('"$"#,##0')
    assert formats["hourly_wage_usd_p50"].startswith('"$"#,##0.00')
    assert formats["followers_p50"] == "#,##0"
    wage_row = next(
        r for r in book["Scenario"].iter_rows(min_row=2) if r[-1].value == "max_sponsored_share"
    )
    assert wage_row[1].number_format == "0%", "a share reads as a percentage"
    for sheet in book.worksheets:
        assert sheet.max_row > 1
        for cells in sheet.iter_rows(min_row=2, values_only=True):
            for value in cells:
                assert not (isinstance(value, str) and value.startswith("'")), (sheet.title, value)


def test_the_plan_report_says_why_links_the_plan_and_keeps_our_notes_out(results) -> None:  # type: ignore[no-untyped-def]
    html = ui_export.plan_report(results, None, LINK)
    for reason in reasons(results):
        assert reason.replace("'", "&#x27;") in html
    assert f'href="{LINK.replace("&", "&amp;")}"' in html
    for note in ("MODEL.md", "CALIBRATION.md", "log-sd", "ABC, stage", "seed document"):
        assert note not in html, note
    assert "overflow-wrap:anywhere" not in html, "words never break inside ($4/2, Profil/e)"
    assert "times either way" in html, "spreads said as factors"
    assert 'data-label="Input"' in html and "@media (max-width:640px)" in html, "cards on a phone"
    assert "40 hours a week" in html and "$28 an hour" in html
    assert "&#x27;-$" not in html, "a web page shows -$480, not a spreadsheet's '-$480"
    assert "<summary>The model's assumptions (" in html, "folded below the person's own"
    assert ui_report.today() in html


def test_chart_images_carry_a_title_the_plan_and_the_date(results) -> None:  # type: ignore[no-untyped-def]
    svg = ui_report.chart_svg(ui_export.plan_chart(results, "cash"))
    stem = ui_export.file_stem(
        results.scenario, RunSettings(paths=results.paths, seed=results.seed)
    )
    plan_hash = stem.rsplit("_", 1)[1]
    for text in ("Your running total (net cash)", plan_hash, ui_report.today()):
        assert text in svg, text
    named = ui_report.chart_svg(ui_export.plan_chart(results, "followers", "my summer plan"))
    assert "my summer plan" in named
    assert plan_charts.build(results)["cash"].to_dict().get("title") is None, "page unchanged"


def test_two_plans_never_export_under_the_same_name(results, other) -> None:  # type: ignore[no-untyped-def]
    settings = RunSettings(paths=TEST_PATHS, seed=3)
    a = ui_export.file_stem(results.scenario, settings)
    b = ui_export.file_stem(other.scenario, settings)
    assert a != b and a.startswith("creator-sim_instagram-fashion_")
    assert ui_export.file_stem(results.scenario, RunSettings(paths=TEST_PATHS, seed=4)) != a
    assert ui_export.file_stem(results.scenario, settings, "My plan: 3/week") == (
        "creator-sim_My-plan-3-week_" + a.rsplit("_", 1)[1]
    )
    assert ui_export.compare_stem([("a b", results), ("c", other)]) != ui_export.compare_stem(
        [("a-b", results), ("c", other)]
    )


def test_the_compare_exports_open_plainly_and_it_has_a_report(results, other) -> None:  # type: ignore[no-untyped-def]
    runs = [("=base", results), ("more posts", other)]
    csv = pd.read_csv(io.StringIO(ui_export.compare_csv(runs)))
    assert list(csv["Plan"]) == ["'=base", "more posts"], "formula-like names neutralised"
    figures = [c for c in csv.columns if c != "Plan"]
    _worded(figures)
    _numeric(csv, figures)
    assert csv["Net profit, median ($)"].tolist() == pytest.approx(
        [results.summary.net_profit_usd_p50, other.summary.net_profit_usd_p50]
    )

    sheets = pd.read_excel(io.BytesIO(ui_export.compare_workbook(runs)), sheet_name=None)
    assert list(sheets) == ["Headline figures", "Differences", "Plan 1", "Plan 2", "About"]
    for frame in sheets.values():
        _worded([str(c) for c in frame.columns])
    head = sheets["Headline figures"]
    _numeric(head, [c for c in head.columns if c != "Plan"])
    diffs = sheets["Differences"]
    _numeric(diffs, [c for c in diffs.columns if c not in ("Plan", "Compared with")])
    assert set(sheets["About"]["Plan"]) == {"'=base", "more posts"}

    charts = {"Followers": plan_charts.build(results)["followers"]}
    html = ui_export.compare_report(runs, charts, {"more posts": LINK})
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "=base" in html and "more posts" in html
    assert "Headline figures" in html and "Chance it works out" in html
    assert html.count("<svg") >= 1
    assert LINK.replace("&", "&amp;") in html
    assert results.summary.verdict.split(";")[0] in html
    assert "&#x27;-$" not in html and "&#x27;=base" not in html, "no spreadsheet apostrophes"


def test_the_compare_page_offers_its_report(app: AppTest) -> None:
    go(app, "compare")
    for name in ("three posts", "six posts"):
        if name == "six posts":
            set_input(app, "posts_per_week", 6.0)
        app.text_input[0].input(name)
        app.button(key="FormSubmitter:save-Save current plan").click().run()
        assert not app.exception, app.exception
    labels = {b.label for b in app.get("download_button")}
    assert "Report (HTML)" in labels, labels
    assert all(len(label) <= 20 for label in labels), labels
