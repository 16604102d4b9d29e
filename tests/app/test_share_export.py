"""Issue 4 in the app: uploads replace the scenario, bad uploads and hostile links change
nothing they should not, and every export parses back to the run it came from."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim import MODEL_VERSION, RunSettings, Scenario, simulate
from sim.analysis.compare import differences
from sim.io.codec import MAX_UPLOAD_BYTES, decode_upload, scenario_to_json
from sim.io.export import percentiles_csv, results_json
from sim.io.safe_text import shown
from sim.model.format import money, pct
from tests.app.conftest import TEST_PATHS, link, metrics, new_app, set_group_open, set_input
from ui import state
from ui.export import compare_json, compare_workbook, plan_report
from ui.report import chart_png, chart_svg, kpi_rows
from ui.sidebar import UPLOAD_GROUP
from ui.upload import UPLOAD_KEY

HEAD = b'{"format": "creator-sim-scenario", "preset_version": 2, "model_version": 2, '


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Open "Open a saved scenario" (a lazy expander) and upload, as a person would."""
    set_group_open(at, UPLOAD_GROUP)
    at.file_uploader(key=UPLOAD_KEY).set_value((name, data, "application/json")).run()
    return at


def current(at: AppTest) -> tuple[Scenario, RunSettings]:
    return at.session_state[state.SCENARIO], at.session_state[state.SETTINGS]


def test_upload_replaces_the_scenario_and_reproduces_its_results(app: AppTest) -> None:
    wanted = Scenario.from_preset("tiktok", "food", posts_per_week=5.5)
    settings = RunSettings(paths=300, seed=7)
    upload(app, "plan.json", scenario_to_json(wanted, settings).encode())
    assert not app.exception
    scenario, got_settings = current(app)
    assert scenario == wanted
    assert got_settings == settings
    assert app.success, "a confirmation is shown"
    # the KPIs on the page are those of the exported run
    shown = metrics(app)
    expected = simulate(wanted, settings.paths, settings.seed).summary
    assert shown, "KPIs are shown"
    assert shown["Chance it works out"] == pct(expected.p_success)
    assert shown["Median net profit"] == money(expected.net_profit_usd_p50)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"{not json", "JSON"),
        (HEAD + b'"scenario": {"months": "twelve"}}', "months"),
        (HEAD + b'"scenario": {"colour": "red"}}', "colour"),
        (HEAD + b'"scenario": {"months": 999}}', "months"),
        (b'{"no": "format"}', "“no”"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_a_bad_upload_names_the_problem_and_keeps_the_scenario(
    app: AppTest, data: bytes, problem: str
) -> None:
    before = current(app)
    upload(app, "bad.json", data)
    assert not app.exception
    assert current(app) == before
    errors = [shown(e.value) for e in app.error if shown(e.value).startswith("Not loaded")]
    assert len(errors) == 1 and problem in errors[0], errors


def test_the_upload_help_states_the_byte_limit(app: AppTest) -> None:
    """The limit the browser enforces (tests/browser/test_hostile_input.py checks it there)."""
    set_group_open(app, UPLOAD_GROUP)
    (uploader,) = app.get("file_uploader")
    assert f"up to {MAX_UPLOAD_BYTES:,} bytes" in uploader.help
    assert "1,000,000 bytes" in uploader.help


def test_a_hostile_link_loads_with_one_notice() -> None:
    query = {
        **link(),
        "colour": "red",
        "months": "nan",
        "posts_per_week": "1e308",
        "v": "99",
        "niche": "x" * 5000,
    }
    at = new_app(query)
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    text = shown(warnings[0])
    assert "colour" in text and "posts_per_week" in text
    scenario, _ = current(at)
    assert scenario.posts_per_week == 21  # clamped to the schema's maximum
    assert metrics(at), "the app still computes"


def test_plan_page_offers_every_export(app: AppTest) -> None:
    labels = {b.label for b in app.get("download_button")}
    for needle in (
        "HTML",
        "Excel",
        "Scenario (JSON",
        "Percentiles (CSV)",
        "Sample futures",
        "Results (JSON)",
        "PNG",
        "SVG",
    ):
        assert any(needle in label for label in labels), (needle, labels)
    # issue 19 item 9: "Summary and percentiles (..." was cut; every label fits its button
    assert all(len(label) <= 20 for label in labels), labels


@pytest.fixture(scope="module")
def run_results():  # type: ignore[no-untyped-def]
    return simulate(Scenario(months=12), TEST_PATHS, 3)


def test_report_is_standalone_and_holds_the_verdict_figures_and_scenario(run_results) -> None:  # type: ignore[no-untyped-def]
    html = plan_report(run_results)
    assert html.startswith("<!doctype html>")
    # nothing to fetch: no scripts, no linked resources (SVG namespaces are not fetches)
    assert "<script" not in html and 'src="http' not in html and 'href="http' not in html
    assert run_results.summary.verdict.split(";")[0] in html
    for label, _ in kpi_rows(run_results.summary):
        assert label in html
    assert html.count("<svg") >= 5, "every chart is inline SVG"
    assert "&quot;posts_per_week&quot;: 3.0" in html, "the scenario is embedded as JSON"
    assert "Hashoff 2017" in html, "sources of the defaults are listed"
    # in words: the scenario table's inputs and columns, not code names
    assert "Day-job pay" in html and ">Usual value<" in html
    assert "preset_default" not in html and ">p_profitable<" not in html
    # fits a phone: each table row becomes a card, charts shrink
    assert '<table class="cards" id="scenario">' in html and "max-width:100%" in html


def test_chart_images_have_the_right_format(run_results) -> None:  # type: ignore[no-untyped-def]
    from ui import plan_charts

    chart = plan_charts.build(run_results)["followers"]
    assert chart_png(chart).startswith(b"\x89PNG\r\n\x1a\n")
    svg = chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "Followers" in svg


def test_exported_scenario_json_reimports_to_identical_results(run_results) -> None:  # type: ignore[no-untyped-def]
    text = scenario_to_json(run_results.scenario, RunSettings(paths=TEST_PATHS, seed=3))
    decoded = decode_upload(text.encode())
    assert decoded.error is None and decoded.scenario is not None and decoded.settings
    again = simulate(decoded.scenario, decoded.settings.paths, decoded.settings.seed)
    assert again.summary == run_results.summary


def test_tables_parse_back_with_provenance(run_results) -> None:  # type: ignore[no-untyped-def]
    """The command line's CSV (its documented layout: provenance in ``#`` lines)."""
    csv = percentiles_csv(run_results)
    frame = pd.read_csv(io.StringIO(csv), comment="#")
    followers = frame[frame.metric == "followers"].set_index("month")["p50"]
    assert followers.to_numpy() == pytest.approx(
        run_results.quantiles("followers")["p50"].to_numpy(), rel=1e-9
    )
    assert "# seed: 3" in csv and f"# model_version: {run_results.model_version}" in csv
    assert "# columns in words: metric = Figure (code name)" in csv
    doc = json.loads(results_json(run_results))
    assert doc["provenance"]["paths"] == TEST_PATHS
    assert doc["summary"]["verdict"] == run_results.summary.verdict


def test_compare_exports_hold_numbers_and_neutralised_text(run_results) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: the Compare workbook held '-$7,634, '-0.4 pts and <1% as text. Every figure
    is a number (formatted as the app writes it) and only text cells (plan names) are
    neutralised; issue 19: one header row, in words (tests/app/test_exports_for_people.py)."""
    other = simulate(Scenario(months=12, posts_per_week=5), TEST_PATHS, 3)
    runs = [("=base", run_results), ("-more posts", other)]

    book = openpyxl.load_workbook(io.BytesIO(compare_workbook(runs)))
    assert {"Headline figures", "Differences", "Plan 1", "Plan 2", "About"} <= set(book.sheetnames)
    for sheet in ("Headline figures", "Differences"):
        rows = list(book[sheet].iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert header[0] == "Plan" and body
        for row in body:
            assert isinstance(row[0], str) and row[0].startswith("'")
            for column, value in zip(header[1:], row[1:], strict=True):
                if column == "Compared with":
                    assert value == "'=base"
                else:
                    assert value is None or isinstance(value, int | float), (column, value)
    diffs = {c.value: c.column - 1 for c in book["Differences"][1]}
    cells = next(book["Differences"].iter_rows(min_row=2))
    d = differences(runs)[0]
    points = cells[diffs["Chance of profit, difference (points)"]]
    assert points.value == pytest.approx(d.p_profit_diff.estimate * 100)
    assert points.number_format == '+0" points";-0" points";0" points"'
    net = cells[diffs["Net profit difference, median ($)"]]
    assert net.value == pytest.approx(d.net_profit_usd_diff.estimate)
    assert net.number_format.startswith('+"$"')

    single = openpyxl.load_workbook(io.BytesIO(compare_workbook(runs[:1])))
    assert "Differences" not in single.sheetnames
    doc = json.loads(compare_json(runs))
    assert [p["name"] for p in doc["plans"]] == ["=base", "-more posts"]
    assert doc["plans"][1]["provenance"]["scenario"]["posts_per_week"] == 5


def test_a_version_1_results_file_says_how_far_its_figures_moved(app: AppTest) -> None:
    from pathlib import Path

    data = (Path(__file__).parents[1] / "data" / "v1_results.json").read_bytes()
    old = json.loads(data)["summary"]
    upload(app, "old_results.json", data)
    assert not app.exception
    notes = [shown(i.value) for i in app.info]
    moved = [n for n in notes if n.startswith("Model version 1 said")]
    assert len(moved) == 1, notes
    assert pct(old["p_profitable"]) + " chance of profit" in moved[0]
    now = metrics(app)["Chance it works out"]
    assert f"version {MODEL_VERSION}: {now} chance it works out" in moved[0]
    assert any("model version 1" in shown(s.value) for s in app.success)
    app.run()  # a rerun that changes nothing keeps it; a change to the plan ends it
    assert [i for i in app.info if "Model version 1 said" in shown(i.value)], "still this plan"
    set_input(app, "posts_per_week", 4.0)
    assert not [i for i in app.info if "Model version 1 said" in shown(i.value)], "gone"
