"""The export areas of the Plan and Compare pages.

Every file is built only when its button is clicked (``data=`` callables with
``on_click="ignore"``), so a rerun never pays for exports nobody asked for. Tables come from
``sim.export`` (the same code the command line uses); chart images and the HTML report from
``ui.report``. Every file carries its provenance.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from sim import RunSettings, Scenario
from sim import export as sim_export
from sim import format as fmt
from sim.codec import scenario_to_json
from sim.compare import difference_table, differences, kpi_table
from sim.results import Results
from sim.safe_cells import to_safe_csv
from ui import plan_charts, state
from ui.prose import section
from ui.report import chart_png, chart_svg, report_html

CHART_TITLES = {
    "followers": "Followers",
    "cash": "Your running total (net cash)",
    "hours": "Hours a week",
    "money": "Income and costs",
    "break_even": "When futures break even",
}


def stem(results: Results) -> str:
    return file_stem(results.scenario, settings_of(results))


def file_stem(scenario: Scenario, settings: RunSettings) -> str:
    return (
        f"creator-sim_{scenario.platform}_{scenario.niche}_{settings.paths}paths_"
        f"seed{settings.seed}"
    )


def settings_of(results: Results) -> RunSettings:
    return RunSettings(paths=results.paths, seed=results.seed)


def plan_report(results: Results) -> str:
    """The Plan page as one offline HTML file."""
    built = plan_charts.build(results)
    charts = {
        name: (chart, f"{CHART_TITLES[name]}. {section('plan', name)}")
        for name, chart in built.items()
    }
    return report_html(results, charts)


def _button(
    label: str, data: Callable[[], str | bytes], file_name: str, mime: str, help_text: str, key: str
) -> None:
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        icon=":material/download:",
        help=help_text,
        key=key,
        width="stretch",
    )


def sample_paths_csv(results: Results) -> str:
    return sim_export.paths_csv(results, sim_export.sample_paths(results))


def export_ui(scenario: Scenario, settings: RunSettings) -> None:
    """Download buttons for the run of (scenario, settings): tables, workbook, scenario,
    report and chart images. Each file is built from the cached run when it is asked for."""
    name = file_stem(scenario, settings)
    # the callables keep only the run's key: a session must not pin its whole run in memory
    key = state.RunKey(scenario.model_dump_json(), settings.paths, settings.seed)
    results_scenario = scenario
    left, right = st.columns(2)
    with left:
        _button(
            "Report (HTML, opens offline)",
            lambda: plan_report(key.results()),
            f"{name}_report.html",
            "text/html",
            "Verdict, figures, charts, scenario and sources in one file.",
            "dl.report",
        )
        _button(
            "Workbook (Excel)",
            lambda: sim_export.workbook_bytes(key.results(), words=True),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Sheets: summary, monthly percentiles, sample futures, scenario with sources, "
            "metrics, provenance.",
            "dl.xlsx",
        )
        _button(
            "Scenario (JSON)",
            lambda: scenario_to_json(results_scenario, settings),
            f"{name}_scenario.json",
            "application/json",
            "Upload it in the sidebar (or pass it to `python -m sim run --scenario`) to get "
            "these exact results back.",
            "dl.scenario",
        )
    with right:
        _button(
            "Monthly percentiles (CSV)",
            lambda: sim_export.percentiles_csv(key.results()),
            f"{name}_percentiles.csv",
            "text/csv",
            "P10, P25, median, P75, P90 and mean of every metric, month by month.",
            "dl.csv",
        )
        _button(
            "Sample futures (CSV)",
            lambda: sample_paths_csv(key.results()),
            f"{name}_sample_paths.csv",
            "text/csv",
            "Every metric for a spread of futures from worst to best.",
            "dl.paths",
        )
        _button(
            "Summary and percentiles (JSON)",
            lambda: sim_export.results_json(key.results()),
            f"{name}_results.json",
            "application/json",
            "The headline figures and monthly percentiles, with provenance.",
            "dl.json",
        )
    chart_images_ui(key, name)


def chart_images_ui(key: state.RunKey, name: str) -> None:
    """One chart at a time as PNG or SVG (rendered on click by vl-convert)."""
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    with left:
        chart = st.selectbox(
            "Chart image",
            list(CHART_TITLES),
            format_func=CHART_TITLES.__getitem__,
            key="dl.chart",
        )

    def build() -> alt.TopLevelMixin:
        return plan_charts.build(key.results())[chart]

    with mid:
        _button(
            "PNG",
            lambda: chart_png(build()),
            f"{name}_{chart}.png",
            "image/png",
            "The chart as a PNG image (2x resolution).",
            "dl.png",
        )
    with right:
        _button(
            "SVG",
            lambda: chart_svg(build()),
            f"{name}_{chart}.svg",
            "image/svg+xml",
            "The chart as an SVG vector image.",
            "dl.svg",
        )


# --- Compare ----------------------------------------------------------------------------


def compare_kpis(runs: list[tuple[str, Results]]) -> pd.DataFrame:
    """The headline figures of each plan as numbers, one row per plan (units in the names)."""
    return kpi_table(runs).rename(columns={"scenario": "plan"})


def compare_differences(runs: list[tuple[str, Results]]) -> pd.DataFrame | None:
    """Each plan against the first as numbers, one row per plan; None for a single plan."""
    return difference_table(differences(runs)) if len(runs) > 1 else None


def compare_csv(runs: list[tuple[str, Results]]) -> str:
    """The headline figures as CSV: a header row in words, then one of code names
    (``pandas.read_csv(..., header=1)`` reads it by code name); numbers stay numbers, text
    cells are neutralised."""
    frame = compare_kpis(runs)
    words = pd.DataFrame(columns=[fmt.figure_label(str(c)) for c in frame.columns])
    return to_safe_csv(words) + to_safe_csv(frame)


def compare_workbook(runs: list[tuple[str, Results]]) -> bytes:
    """The comparison as a workbook: KPIs, differences, and each plan's scenario; numbers
    are numbers (as in the Plan workbook), text cells neutralised."""
    diffs = compare_differences(runs)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sim_export.write_sheet(writer, "kpis", compare_kpis(runs))
        if diffs is not None:
            sim_export.write_sheet(writer, "differences", diffs)
        for i, (plan, res) in enumerate(runs, start=1):
            table = sim_export.scenario_table(res.scenario)
            table.insert(0, "plan", plan)
            sim_export.write_sheet(
                writer, f"scenario_{i}", table, {"plan": "Plan", **sim_export.SCENARIO_COLUMNS}
            )
        prov = pd.DataFrame(
            [
                {
                    "plan": plan,
                    **{k: v for k, v in sim_export.provenance(res).items() if k != "scenario"},
                }
                for plan, res in runs
            ]
        )
        sim_export.write_sheet(writer, "provenance", prov)
    return buffer.getvalue()


def compare_json(runs: list[tuple[str, Results]]) -> str:
    """Every compared plan's scenario and summary, with provenance."""
    return json.dumps(
        {
            "format": "creator-sim-comparison",
            "plans": [
                {
                    "name": plan,
                    "provenance": sim_export.provenance(res),
                    "summary": res.summary.as_dict(),
                }
                for plan, res in runs
            ],
        },
        indent=1,
        allow_nan=False,
    )


def compare_export_ui(
    runs: list[tuple[str, Results]], charts: dict[str, alt.TopLevelMixin]
) -> None:
    """Download buttons for the comparison (tables, workbook, JSON, chart images)."""
    name = "creator-sim_comparison_" + "_vs_".join(
        "".join(ch for ch in plan if ch.isalnum())[:12] or "plan" for plan, _ in runs
    )
    keys = [(plan, state.RunKey.of(res)) for plan, res in runs]

    def fetched() -> list[tuple[str, Results]]:
        return [(plan, key.results()) for plan, key in keys]

    cols = st.columns(3)
    with cols[0]:
        _button(
            "Headline figures (CSV)",
            lambda: compare_csv(fetched()),
            f"{name}_kpis.csv",
            "text/csv",
            "One row per plan; figures as numbers, named in words (first row) and by code "
            "name (second row).",
            "cdl.csv",
        )
    with cols[1]:
        _button(
            "Workbook (Excel)",
            lambda: compare_workbook(fetched()),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "KPIs, differences with their uncertainty, and each plan's scenario.",
            "cdl.xlsx",
        )
    with cols[2]:
        _button(
            "Plans and summaries (JSON)",
            lambda: compare_json(fetched()),
            f"{name}.json",
            "application/json",
            "Each plan's scenario, summary and provenance.",
            "cdl.json",
        )
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    with left:
        chart = st.selectbox("Chart image", list(charts), key="cdl.chart")
    with mid:
        _button(
            "PNG",
            lambda: chart_png(charts[chart]),
            f"{name}_{chart}.png",
            "image/png",
            "The chart as a PNG image.",
            "cdl.png",
        )
    with right:
        _button(
            "SVG",
            lambda: chart_svg(charts[chart]),
            f"{name}_{chart}.svg",
            "image/svg+xml",
            "The chart as an SVG image.",
            "cdl.svg",
        )
