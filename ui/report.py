"""Chart images and the standalone HTML reports of the Plan and Compare pages.

Charts are rendered to SVG and PNG by vl-convert (bundled, no browser, no network), and the
reports embed their charts as inline SVG, so a file opens offline in any browser. Every image
carries its title, the plan it shows and the date (``titled``), so a picture found later says
what it is.

The reports are for the person, not for us: no internal notes (file names of our docs, the
calibration's code names), spreads on a log scale said as factors, and tables that stay
readable on a 390 px phone (each row becomes a card) and on a laptop (words never break
inside, e.g. no "$4/2").
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

import altair as alt
import pandas as pd
import vl_convert as vlc

from sim.io.export import about_table, field_shown, plan_id, provenance, scenario_table
from sim.model.presets import preset
from sim.model.results import Results, Summary
from sim.model.scenario import ASSUMPTION_GROUPS, Scenario
from ui.kpis import headline_rows, more_rows


def today() -> str:
    """The date an image or report is made, as a person writes it (UTC)."""
    now = datetime.now(UTC)
    return f"{now.day} {now:%B %Y}"


def titled(chart: alt.TopLevelMixin, title: str, plan: str, date: str) -> alt.TopLevelMixin:
    """The chart with its title and a subtitle naming the plan and the date."""
    return chart.properties(
        title=alt.TitleParams(text=title, subtitle=f"{plan} · {date}", anchor="start")
    )


def chart_svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_json()))


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    return bytes(vlc.vegalite_to_png(chart.to_json(), scale=scale))


def plan_label(scenario: Scenario, paths: int, seed: int, name: str | None = None) -> str:
    """How a file names its plan: the saved name if it has one, else platform, niche and a
    short hash of the plan (two plans never read the same)."""
    if name:
        return name
    return f"{scenario.platform.title()}, {scenario.niche}, plan {plan_id(scenario, paths, seed)}"


def kpi_rows(s: Summary) -> list[tuple[str, str]]:
    """The figures as (label, text) pairs, as the Plan page shows them (one formatter)."""
    return [(label, value) for label, value, _ in [*headline_rows(s), *more_rows(s)]]


_DOC_NOTE = re.compile(r"\s*\(?\b[A-Z_]+\.md\b\)?")


def source_words(source: str) -> str:
    """A default's source for a person: our own docs' file names and the calibration's
    internals (code names, draws, target lists) left out."""
    if source.startswith("calibrated ("):
        return "fitted to published creator surveys and rate cards (see Methodology)"
    if re.match(r"[A-Z_]+\.md:", source):
        return "the model's default"
    text = _DOC_NOTE.sub("", source).replace(" in the seed document", "")
    text = text.replace("the seed document names", "creators name")
    return text.strip(" ;") or "the model's default"


SHORT = 24
"""A value this short is kept on one line (a long one, e.g. a timeline, may wrap)."""


def _cards(frame: pd.DataFrame, table_id: str, numeric: tuple[str, ...] = ()) -> str:
    """A table that is a grid on a laptop and one card per row on a phone (each cell says
    its column); cells in ``numeric`` never wrap inside. (A web page runs no formulas: text
    is escaped, not prefixed with an apostrophe as in a spreadsheet.)"""
    safe = frame
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in safe.columns)
    rows = []
    for record in safe.itertuples(index=False):
        cells = "".join(
            f'<td data-label="{html.escape(str(c))}"'
            f"{' class=num' if c in numeric else ''}>{html.escape(_text(v))}</td>"
            for c, v in zip(safe.columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f'<table class="cards" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _pairs(rows: list[tuple[str, str]], table_id: str, css: str = "") -> str:
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table id="{table_id}" class="pairs {css}">{body}</table>'


_BARE_UNITS = ("", "%", "1-12", "x", "USD", "share", "log-sd")
"""Units the value already says (a dollar or percent sign, a plain number or a factor)."""


def with_unit(unit: str, text: str) -> str:
    """A scenario value with its unit in words: ``40 hours a week``, ``$28 an hour``,
    ``30% of posts``."""
    if unit in _BARE_UNITS or not text or text[0] not in "0123456789$-":
        return text
    if unit.startswith("USD/"):
        per = unit.removeprefix("USD/")
        return f"{text} {'an' if per[0] in 'aeiouh' else 'a'} {per}"
    if unit.startswith("share of "):
        return f"{text} of {unit.removeprefix('share of ')}"
    if unit == "share/week":
        return f"{text} a week"
    return f"{text} {unit.replace('/hour', ' an hour').replace('/', ' a ')}"


def scenario_words(scenario: Scenario) -> pd.DataFrame:
    """The scenario for the report: input, value, the preset's usual value, the source and
    the group, all in words."""
    table = scenario_table(scenario)
    sources = preset(*scenario.preset_key())
    raw = scenario.model_dump(mode="json")
    return pd.DataFrame(
        {
            "Input": table["input"],
            "Value": [
                value if field == "timeline" else with_unit(unit, field_shown(field, raw[field]))
                for field, value, unit in zip(
                    table["field"], table["shown"], table["unit"], strict=True
                )
            ],
            "Usual value": [
                with_unit(u, field_shown(f, sources[f].value)) if f in sources else ""
                for f, u in zip(table["field"], table["unit"], strict=True)
            ],
            "Source": table["source"].map(source_words),
            "Group": table["group"],
        }
    )


def _scenario_html(scenario: Scenario) -> str:
    """The person's own inputs, then the model's assumptions folded away (each with its
    value, the preset's and its source): on a phone 130 cards would bury the plan."""
    table = scenario_words(scenario)
    assumed = table["Group"].isin(ASSUMPTION_GROUPS)
    numeric = ("Value", "Usual value")
    own = _cards(table[~assumed].drop(columns="Group"), "scenario", numeric)
    model = _cards(table[assumed].drop(columns="Group"), "assumptions", numeric)
    return (
        f"{own}<details><summary>The model's assumptions ({int(assumed.sum())} inputs, each "
        f"with its source)</summary>{model}</details>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;
margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.verdict{font-size:1.15rem;background:#f4f7fb;border-left:4px solid #3b6ea5;padding:.8rem 1rem}
.meta{color:#52606d}
table{border-collapse:collapse;font-size:.9rem;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.num,.pairs td{white-space:nowrap}
.pairs th{font-weight:normal;width:60%}
.link{word-break:break-all;font-size:.85rem}
figure{margin:1rem 0}figcaption{color:#52606d;font-size:.9rem}
figure svg{max-width:100%;height:auto}
pre{white-space:pre-wrap;word-break:break-all}
summary{cursor:pointer;margin:.6rem 0}
.prov{font-size:.85rem;color:#52606d}
.prov td{white-space:normal;word-break:break-word}
@media (max-width:640px){
 body{margin:1rem auto}
 .cards thead{display:none}
 .cards tr{display:block;border-bottom:1px solid #ccd;padding:.4rem 0}
 .cards td{display:block;border:0;padding:.1rem 0;white-space:normal}
 .cards td::before{content:attr(data-label) ": ";font-weight:600}
 .pairs th{width:auto}
}
"""
"""A grid on a laptop; on a phone each table row is a card and charts shrink to the width."""


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
{body}
</body></html>
"""


def _link_html(link: str | None, words: str) -> str:
    if not link:
        return ""
    if link.startswith("http"):
        anchor = f'<a href="{html.escape(link)}">{html.escape(words)}</a>'
    else:
        anchor = html.escape(words) + " (add this after the app's address)"
    return f'<p id="share-link">{anchor}:<br><span class="link">{html.escape(link)}</span></p>'


def _figures(charts: dict[str, tuple[alt.TopLevelMixin, str]]) -> str:
    return "".join(
        f"<figure>{chart_svg(chart)}<figcaption>{html.escape(caption)}</figcaption></figure>"
        for chart, caption in charts.values()
    )


def _about(results: Results, plan: str) -> str:
    """The provenance in words (the scenario as JSON below it, folded)."""
    about = about_table(results, plan)
    rows = [
        (str(w), str(v))
        for w, v in about.itertuples(index=False)
        if w and w not in ("Plan", "Verdict") and not str(w).startswith("Scenario")
    ]
    scenario_json = json.dumps(provenance(results)["scenario"], indent=1)
    return (
        _pairs(rows, "provenance", "prov")
        + "<details><summary>The plan as JSON (save it as a .json file and open it in the "
        f'app)</summary><pre id="scenario-json">{html.escape(scenario_json)}</pre></details>'
    )


def report_html(
    results: Results,
    charts: dict[str, tuple[alt.TopLevelMixin, str]],
    *,
    plan: str,
    link: str | None = None,
    why: list[str] | None = None,
    title: str = "Does micro-influencing pay off for me?",
) -> str:
    """A self-contained HTML report: verdict and why, the share link, figures, charts (inline
    SVG with captions), the scenario with the source of every default, and provenance."""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in why or [])
    body = f"""<p class="meta" id="plan">{html.escape(plan)} · {html.escape(today())}</p>
<p class="verdict" id="verdict">{html.escape(results.summary.verdict)}</p>
{f'<h2>Why</h2><ul id="why">{reasons}</ul>' if reasons else ""}
{_link_html(link, "Open this plan in the app")}
<h2>Key figures</h2>
{_pairs(kpi_rows(results.summary), "kpis")}
<p>From {results.paths:,} simulated futures of {results.months} months. "Median" is the middle
future: half do better, half worse.</p>
<h2>Charts</h2>
{_figures(charts)}
<h2>The plan and where its numbers come from</h2>
{_scenario_html(results.scenario)}
<h2>About this report</h2>
{_about(results, plan)}"""
    return _page(title, body)


def compare_html(
    runs: list[tuple[str, Results]],
    charts: dict[str, tuple[alt.TopLevelMixin, str]],
    *,
    best: str,
    warnings: list[str],
    headline: pd.DataFrame,
    differences: pd.DataFrame | None,
    links: dict[str, str],
) -> str:
    """The comparison as one offline HTML file: which plan works out most often, the headline
    figures side by side, the differences against the first plan, the charts, each plan's
    link and the provenance of every run."""
    warned = "".join(f'<p class="verdict">{html.escape(w)}</p>' for w in warnings)
    diffs = (
        ""
        if differences is None
        else f"<h2>Against {html.escape(runs[0][0])}</h2>"
        + _cards(differences.reset_index(), "differences")
    )
    plans = "".join(
        f"<h3>{html.escape(name)}</h3>"
        f'<p class="verdict">{html.escape(res.summary.verdict)}</p>'
        + _link_html(links.get(name), f"Open {name} in the app")
        + _about(res, name)
        for name, res in runs
    )
    body = f"""<p class="meta">{html.escape(" · ".join(n for n, _ in runs))} ·
{html.escape(today())}</p>
<p class="verdict" id="best">{html.escape(best)}</p>
{warned}
<h2>Headline figures</h2>
{_cards(headline.reset_index(), "headline", tuple(headline.columns))}
{diffs}
<h2>Charts</h2>
{_figures(charts)}
<h2>Each plan</h2>
{plans}"""
    return _page("Which plan works out?", body)
