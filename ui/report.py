"""Chart images and the standalone HTML report.

Charts are rendered to SVG and PNG by vl-convert (bundled, no browser, no network), and the
report embeds its charts as inline SVG, so the file opens offline in any browser.
"""

from __future__ import annotations

import html
import json

import altair as alt
import pandas as pd
import vl_convert as vlc

from sim.export import SCENARIO_COLUMNS, provenance, scenario_table
from sim.results import Results, Summary
from sim.safe_cells import neutralise_frame
from ui.kpis import headline_rows, more_rows


def chart_svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_json()))


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    return bytes(vlc.vegalite_to_png(chart.to_json(), scale=scale))


def kpi_rows(s: Summary) -> list[tuple[str, str]]:
    """The figures as (label, text) pairs, as the Plan page shows them (one formatter)."""
    return [(label, value) for label, value, _ in [*headline_rows(s), *more_rows(s)]]


def _table(frame: pd.DataFrame) -> str:
    table = neutralise_frame(frame).to_html(index=False, border=0, escape=True, na_rep="")
    return f'<div class="scroll">{table}</div>'


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;
margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.verdict{font-size:1.15rem;background:#f4f7fb;border-left:4px solid #3b6ea5;padding:.8rem 1rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
figure{margin:1rem 0}figcaption{color:#52606d;font-size:.9rem}
figure svg{max-width:100%;height:auto}
pre{white-space:pre-wrap}
.prov{font-size:.8rem;color:#52606d}
"""
"""Fits a phone: charts shrink to the width, wide tables scroll inside their own frame."""


def report_html(
    results: Results,
    charts: dict[str, tuple[alt.TopLevelMixin, str]],
    title: str = "Does micro-influencing pay off for me?",
) -> str:
    """A self-contained HTML report: verdict, KPIs, charts (inline SVG with captions),
    the scenario with the source of every default, and provenance."""
    s = results.summary
    prov = provenance(results)
    kpis = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in kpi_rows(s)
    )
    figures = "".join(
        f"<figure>{chart_svg(chart)}<figcaption>{html.escape(caption)}</figcaption></figure>"
        for chart, caption in charts.values()
    )
    scenario = (
        scenario_table(results.scenario)
        .drop(columns=["field", "value"])
        .rename(columns=SCENARIO_COLUMNS)
    )
    prov_text = {k: v for k, v in prov.items() if k != "scenario"}
    scenario_json = json.dumps(prov["scenario"], indent=1)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="verdict" id="verdict">{html.escape(s.verdict)}</p>
<h2>Key figures</h2>
<div class="scroll"><table id="kpis">{kpis}</table></div>
<p>From {results.paths:,} simulated futures of {results.months} months. "Median" is the middle
future: half do better, half worse.</p>
<h2>Charts</h2>
{figures}
<h2>Scenario and sources</h2>
{_table(scenario)}
<h2>Provenance</h2>
<div class="scroll"><table class="prov">{
        "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in prov_text.items()
        )
    }</table></div>
<details><summary>Scenario as JSON</summary><pre id="scenario-json">{
        html.escape(scenario_json)
    }</pre>
</details>
</body></html>
"""
