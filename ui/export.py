"""The export areas of the Plan and Compare pages.

Every file is built only when its button is clicked (``data=`` callables with
``on_click="ignore"``), so a rerun never pays for exports nobody asked for. Tables come from
``sim.io.export`` in its layout for a person (one header row in words with units, number formats,
the provenance on the workbook's About sheet, never ``#`` lines in a CSV); chart images and the
HTML reports from ``ui.report``. File names carry the plan's saved name or a short hash of the
plan, so two plans never export under the same name. Labels are short: the help says the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from sim import RunSettings, Scenario
from sim.analysis.advice import reasons
from sim.analysis.compare import difference_table, differences, kpi_table
from sim.io import codec
from sim.io import export as sim_export
from sim.io.codec import scenario_to_json
from sim.io.safe_text import shown
from sim.model.results import Results
from ui import plan_charts, state
from ui.compare_view import (
    best_plan_text,
    differences_table,
    headline_table,
    quitting_warnings,
)
from ui.prose import section
from ui.report import chart_png, chart_svg, compare_html, plan_label, report_html, titled, today

CHART_TITLES = {
    "followers": "Followers",
    "cash": "Your running total (net cash)",
    "hours": "Hours a week",
    "money": "Income and costs",
    "break_even": "When futures break even",
}


def slug(text: str, limit: int = 24) -> str:
    """Text as part of a file name: letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:limit].strip("-")


def saved_name(scenario: Scenario, settings: RunSettings) -> str | None:
    """The name the person saved this plan under, if they did."""
    for plan in state.saved():
        if plan.scenario == scenario and plan.settings == settings:
            return plan.name
    return None


def file_stem(scenario: Scenario, settings: RunSettings, name: str | None = None) -> str:
    """``creator-sim_<saved name, or platform and niche>_<short hash of the plan>``."""
    words = slug(name) if name else f"{scenario.platform}-{scenario.niche}"
    plan = sim_export.plan_id(scenario, settings.paths, settings.seed)
    return f"creator-sim_{words or 'plan'}_{plan}"


def settings_of(results: Results) -> RunSettings:
    return RunSettings(paths=results.paths, seed=results.seed)


def app_link(scenario: Scenario, settings: RunSettings, page: str = "") -> str:
    """The plan's share link onto the Plan page: the app's address (when the browser told it,
    without the current ``page``'s path) and the query."""
    base = (st.context.url or "").split("?")[0]
    if page:
        base = re.sub(rf"/{re.escape(page)}/?$", "/", base)
    return f"{base}?{urlencode(codec.encode_query(scenario, settings), safe=':,')}"


def plan_report(results: Results, name: str | None = None, link: str | None = None) -> str:
    """The Plan page as one offline HTML file, with the why (``sim.analysis.advice.reasons``: no
    extra runs) and the share link."""
    plan = plan_label(results.scenario, results.paths, results.seed, name)
    built = plan_charts.build(results)
    charts = {
        name: (chart, f"{CHART_TITLES[name]}. {section('plan', name)}")
        for name, chart in built.items()
    }
    return report_html(results, charts, plan=plan, link=link, why=reasons(results))


def plan_workbook(results: Results, name: str | None = None, link: str | None = None) -> bytes:
    plan = plan_label(results.scenario, results.paths, results.seed, name)
    return sim_export.plan_workbook(results, plan, link, reasons(results))


def plan_chart(results: Results, chart: str, name: str | None = None) -> alt.TopLevelMixin:
    """One Plan chart for an image: titled, with the plan and the date."""
    plan = plan_label(results.scenario, results.paths, results.seed, name)
    return titled(plan_charts.build(results)[chart], CHART_TITLES[chart], plan, today())


def percentiles_csv(results: Results) -> str:
    return sim_export.plain_csv(sim_export.plain_percentiles(results))


def sample_paths_csv(results: Results) -> str:
    return sim_export.plain_csv(sim_export.plain_paths(results, sim_export.sample_paths(results)))


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT = " Where it comes from (plan, seed, versions, date) is on the workbook's About sheet."


def export_ui(scenario: Scenario, settings: RunSettings) -> None:
    """Download buttons for the run of (scenario, settings): tables, workbook, scenario,
    report and chart images. Each file is built from the cached run when it is asked for."""
    plan_name = saved_name(scenario, settings)
    name = file_stem(scenario, settings, plan_name)
    link = app_link(scenario, settings)
    # the callables keep only the run's key: a session must not pin its whole run in memory
    key = state.RunKey(scenario.model_dump_json(), settings.paths, settings.seed)
    results_scenario = scenario
    left, right = st.columns(2)
    with left:
        _button(
            "Report (HTML)",
            lambda: plan_report(key.results(), plan_name, link),
            f"{name}_report.html",
            "text/html",
            "Verdict and why, share link, figures, charts, the plan and its sources in one "
            "file that opens offline.",
            "dl.report",
        )
        _button(
            "Workbook (Excel)",
            lambda: plan_workbook(key.results(), plan_name, link),
            f"{name}.xlsx",
            XLSX,
            "Sheets: summary, monthly percentiles, sample futures, the plan with sources, "
            "what each figure means, and About (where it comes from).",
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
            "Percentiles (CSV)",
            lambda: percentiles_csv(key.results()),
            f"{name}_percentiles.csv",
            "text/csv",
            "Every figure month by month: 1 future in 10 below, median, 1 in 10 above and "
            "the average." + ABOUT,
            "dl.csv",
        )
        _button(
            "Sample futures (CSV)",
            lambda: sample_paths_csv(key.results()),
            f"{name}_sample_paths.csv",
            "text/csv",
            "Every figure for a spread of futures from worst to best." + ABOUT,
            "dl.paths",
        )
        _button(
            "Results (JSON)",
            lambda: sim_export.results_json(key.results()),
            f"{name}_results.json",
            "application/json",
            "The headline figures and monthly percentiles, with where they come from.",
            "dl.json",
        )
    chart_images_ui(key, name, plan_name)


def chart_images_ui(key: state.RunKey, name: str, plan_name: str | None = None) -> None:
    """One chart at a time as PNG or SVG (rendered on click by vl-convert), titled with the
    plan and the date."""
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    with left:
        chart = st.selectbox(
            "Chart image",
            list(CHART_TITLES),
            format_func=CHART_TITLES.__getitem__,
            key="dl.chart",
        )

    def build() -> alt.TopLevelMixin:
        return plan_chart(key.results(), chart, plan_name)

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


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """A comparison table with its columns in words and units (``sim.io.export.figure_header``)."""
    return frame.rename(columns=lambda c: sim_export.figure_header(str(c)))


def kinds_in_words(frame: pd.DataFrame) -> dict[str, sim_export.Kind | None]:
    """The number format of each worded column of a comparison table."""
    return {sim_export.figure_header(str(c)): sim_export.figure_kind(str(c)) for c in frame}


def compare_csv(runs: list[tuple[str, Results]]) -> str:
    """The headline figures as a plain CSV: one header row in words with units, one row per
    plan, numbers as numbers, plan names neutralised."""
    return sim_export.plain_csv(in_words(compare_kpis(runs)))


def compare_stem(runs: list[tuple[str, Results]]) -> str:
    """The comparison's file name: the plans' names and a short hash of all of them."""
    key = "|".join(
        f"{plan}|{sim_export.plan_id(res.scenario, res.paths, res.seed)}" for plan, res in runs
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    names = "_vs_".join(slug(plan, 12) or "plan" for plan, _ in runs)
    return f"creator-sim_comparison_{names}_{digest}"


def compare_workbook(runs: list[tuple[str, Results]]) -> bytes:
    """The comparison as a workbook: headline figures, differences, each plan's scenario and
    About (each run's provenance). One header row in words per sheet, numbers formatted as
    the app writes them, text cells neutralised."""
    kpis = compare_kpis(runs)
    diffs = compare_differences(runs)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sim_export.write_plain_sheet(
            writer, "Headline figures", in_words(kpis), columns=kinds_in_words(kpis)
        )
        if diffs is not None:
            sim_export.write_plain_sheet(
                writer, "Differences", in_words(diffs), columns=kinds_in_words(diffs)
            )
        for i, (plan, res) in enumerate(runs, start=1):
            table = sim_export.plain_scenario(res.scenario)
            table.insert(0, "Plan", plan)
            sim_export.write_plain_sheet(writer, f"Plan {i}", table)
        about = pd.concat(
            [sim_export.about_table(res, plan).assign(Plan=plan) for plan, res in runs],
            ignore_index=True,
        )[["Plan", "What", "Value"]]
        sim_export.write_plain_sheet(writer, "About", about)
    return buffer.getvalue()


def compare_links(runs: list[tuple[str, Results]]) -> dict[str, str]:
    """Each compared plan's share link."""
    return {plan: app_link(res.scenario, settings_of(res), "compare") for plan, res in runs}


def compare_report(
    runs: list[tuple[str, Results]],
    charts: dict[str, alt.TopLevelMixin],
    links: dict[str, str] | None = None,
) -> str:
    """The Compare page as one offline HTML file (the same tables and words as the page)."""
    kpis = kpi_table(runs)
    diffs = differences_table(differences(runs)) if len(runs) > 1 else None
    return compare_html(
        runs,
        {name: (chart, name) for name, chart in charts.items()},
        best=shown(best_plan_text(kpis)),
        warnings=[shown(w) for w in quitting_warnings(kpis)],
        headline=headline_table(kpis),
        differences=diffs,
        links=links or {},
    )


def compare_chart(
    plans: list[str], charts: dict[str, alt.TopLevelMixin], chart: str
) -> alt.TopLevelMixin:
    """One Compare chart for an image: titled, with the plans and the date."""
    return titled(charts[chart], chart, " vs ".join(plans), today())


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
    """Download buttons for the comparison (report, tables, workbook, JSON, chart images)."""
    name = compare_stem(runs)
    keys = [(plan, state.RunKey.of(res)) for plan, res in runs]
    links = compare_links(runs)
    plans = [plan for plan, _ in runs]

    def fetched() -> list[tuple[str, Results]]:
        return [(plan, key.results()) for plan, key in keys]

    cols = st.columns(4)
    with cols[0]:
        _button(
            "Report (HTML)",
            lambda: compare_report(fetched(), charts, links),
            f"{name}_report.html",
            "text/html",
            "Which plan works out, the figures side by side, the differences, the charts and "
            "each plan's link in one file that opens offline.",
            "cdl.report",
        )
    with cols[1]:
        _button(
            "Figures (CSV)",
            lambda: compare_csv(fetched()),
            f"{name}_figures.csv",
            "text/csv",
            "One row per plan, the headline figures as numbers, named in words with units." + ABOUT,
            "cdl.csv",
        )
    with cols[2]:
        _button(
            "Workbook (Excel)",
            lambda: compare_workbook(fetched()),
            f"{name}.xlsx",
            XLSX,
            "Headline figures, differences with their uncertainty, each plan, and About.",
            "cdl.xlsx",
        )
    with cols[3]:
        _button(
            "Plans (JSON)",
            lambda: compare_json(fetched()),
            f"{name}.json",
            "application/json",
            "Each plan's scenario, summary and where it comes from.",
            "cdl.json",
        )
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    with left:
        chart = st.selectbox("Chart image", list(charts), key="cdl.chart")
    with mid:
        _button(
            "PNG",
            lambda: chart_png(compare_chart(plans, charts, chart)),
            f"{name}_{slug(chart)}.png",
            "image/png",
            "The chart as a PNG image.",
            "cdl.png",
        )
    with right:
        _button(
            "SVG",
            lambda: chart_svg(compare_chart(plans, charts, chart)),
            f"{name}_{slug(chart)}.svg",
            "image/svg+xml",
            "The chart as an SVG image.",
            "cdl.svg",
        )
