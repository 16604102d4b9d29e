"""Table exports of a run (CSV, Excel, JSON), shared by the app and the command line.

Every export carries its provenance: the scenario, seed, paths, app version, model and preset
versions and the date, so a file found later can be traced to the run that made it. Text
cells are neutralised against spreadsheet formula injection.

Two layouts. The command line keeps its documented one (README): code names in one header row,
the CSV's provenance in leading ``#`` lines (scripts read them). The app's downloads are for a
person who opens them without instructions: ``pandas.read_csv(file)`` and
``pandas.read_excel(file)`` with no arguments read numbers under one header row in words with
units; the provenance goes to the workbook's About sheet (``about_table``), never into the data.
In the workbook each number keeps its value and is shown as the app writes it by a cell number
format, read from ``sim.model.format`` (``figure_kind``), so no cell holds text such as ``'-$480``.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from datetime import UTC, datetime
from importlib import metadata
from typing import Any, Literal

import numpy as np
import pandas as pd

from sim.io.safe_cells import neutralise_frame, to_safe_csv
from sim.model import format as fmt
from sim.model.metrics import METRIC_BY_NAME
from sim.model.presets import preset
from sim.model.results import Results
from sim.model.scenario import Scenario, field_group, field_unit

SAMPLE_PATHS_EXPORTED = 20


def app_version() -> str:
    """The installed package's version (``0+unknown`` when run from an uninstalled tree)."""
    try:
        return metadata.version("creator-sim")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def provenance(results: Results) -> dict[str, Any]:
    """Where an export comes from: enough to reproduce it exactly."""
    return {
        "app": "creator-sim",
        "app_version": app_version(),
        "model_version": results.model_version,
        "preset_version": results.preset_version,
        "seed": results.seed,
        "paths": results.paths,
        "months": results.months,
        "created_utc": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "scenario": results.scenario.model_dump(mode="json"),
    }


QUANTILE_WORDS: dict[str, str] = {
    "p10": "1 future in 10 below",
    "p25": "1 in 4 below",
    "p50": "Middle future (median)",
    "p75": "1 in 4 above",
    "p90": "1 future in 10 above",
}
COLUMN_WORDS: dict[str, str] = {
    "metric": "Figure (code name)",
    "label": "Figure",
    "unit": "Unit",
    "month": "Month",
    "path": "Future number",
    "mean": "Average",
    **QUANTILE_WORDS,
    **{m.name: m.label for m in METRIC_BY_NAME.values()},
}
"""Words for the columns of the tables below (the figures' words are in ``sim.model.format``)."""


def column_words(name: str) -> str:
    return COLUMN_WORDS.get(name) or fmt.figure_label(name)


def _comment_header(results: Results, columns: list[str] | None = None) -> str:
    prov = provenance(results)
    scenario = json.dumps(prov.pop("scenario"), separators=(",", ":"))
    lines = [f"# {key}: {value}" for key, value in prov.items()]
    lines.append(f"# scenario: {scenario}")
    if columns:
        words = "; ".join(f"{c} = {column_words(c)}" for c in columns)
        lines.append(f"# columns in words: {words}")
    return "\r\n".join(lines) + "\r\n"


def percentiles_csv(results: Results) -> str:
    """Monthly percentiles of every metric; provenance as leading ``#`` comment lines
    (read back with ``pandas.read_csv(..., comment='#')``)."""
    table = results.quantile_table()
    return _comment_header(results, list(table.columns)) + to_safe_csv(table)


def sample_paths(results: Results, count: int = SAMPLE_PATHS_EXPORTED) -> list[int]:
    """A fixed, spread-out sample of paths: every k-th path by final outcome, worst to best."""
    order = results.path_order()
    if results.paths <= count:
        return [int(i) for i in order]
    picks = np.linspace(0, results.paths - 1, count).round().astype(int)
    return [int(order[i]) for i in picks]


def paths_csv(results: Results, paths: list[int] | None = None) -> str:
    """One row per path and month (all paths unless a list is given)."""
    frame = results.paths_frame(paths)
    return _comment_header(results, list(frame.columns)) + to_safe_csv(frame)


def field_words(name: str) -> str:
    """A scenario field in words: the schema's label, or its name without the unit."""
    extra = Scenario.model_fields[name].json_schema_extra
    label = extra.get("label") if isinstance(extra, dict) else None
    if isinstance(label, str) and label:
        return label
    words = name.removeprefix("model_").replace("_usd", "").replace("_", " ")
    return words[:1].upper() + words[1:]


def field_text(name: str, value: Any) -> str:
    """A scenario value as a person reads it: shares as percentages, money in dollars."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        return str(value)
    unit = field_unit(name)
    info = Scenario.model_fields[name]
    share = (info.annotation is float and "share" in unit) or unit in ("per post", "share/week")
    if share and 0 <= float(value) <= 1:
        return fmt.pct(float(value), decimals=1).replace(".0%", "%")
    if unit.startswith("USD"):
        return fmt.money(float(value), cents=not float(value).is_integer())
    return fmt.number(float(value))


def field_shown(name: str, value: Any) -> str:
    """``field_text`` for a person (the app's files): a spread on a log scale said as the
    factor it means (the command line's tables keep ``field_text``)."""
    if field_unit(name) == "log-sd" and isinstance(value, int | float):
        factor = math.exp(float(value))
        return "exact" if factor < 1.005 else f"about {factor:.1f} times either way"
    return field_text(name, value)


def scenario_table(scenario: Scenario) -> pd.DataFrame:
    """Each field by code name and raw value, then in words with its value as shown, unit,
    group, the preset's usual value and its source (the command line's scenario sheet; the
    app's is ``plain_scenario``)."""
    sources = preset(*scenario.preset_key())
    rows = []
    for name, value in scenario.model_dump(mode="json").items():
        if name == "timeline":
            value = "; ".join(c.describe() for c in scenario.timeline) or "(none)"
        info = sources.get(name)
        rows.append(
            {
                "field": name,
                "value": value if not isinstance(value, list | dict) else json.dumps(value),
                "input": field_words(name),
                "shown": field_text(name, value),
                "unit": field_unit(name),
                "group": field_group(name),
                "usual": "" if info is None else field_text(name, info.value),
                "source": "model switch" if info is None else info.source,
            }
        )
    return pd.DataFrame(rows)


def summary_table(results: Results) -> pd.DataFrame:
    """Every summary figure by code name and as a number, then in words and as the app
    writes it."""
    rows = [
        {
            "figure": k,
            "value": v,
            "label": fmt.figure_label(k),
            "shown": fmt.figure(k, v),
        }
        for k, v in results.summary.as_dict().items()
    ]
    return pd.DataFrame(rows)


def labelled_percentiles(results: Results) -> pd.DataFrame:
    """The monthly percentile table with each metric's words beside its code name."""
    table = results.quantile_table()
    table.insert(1, "label", table["metric"].map(lambda m: METRIC_BY_NAME[m].label))
    return table


def write_sheet(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame) -> None:
    """A sheet with one header row of code names (the command line's layout)."""
    neutralise_frame(frame).to_excel(writer, sheet_name=name, index=False)


def workbook_bytes(results: Results) -> bytes:
    """The command line's workbook: summary, monthly percentiles, sample paths, scenario,
    sources and provenance, each with one header row of code names (scripts read them)."""
    prov = provenance(results)
    prov_rows = [
        {"key": k, "value": json.dumps(v) if k == "scenario" else v} for k, v in prov.items()
    ]
    sheets: dict[str, pd.DataFrame] = {
        "summary": summary_table(results),
        "monthly_percentiles": labelled_percentiles(results),
        "sample_paths": results.paths_frame(sample_paths(results)),
        "scenario": scenario_table(results.scenario),
        "metrics": pd.DataFrame(
            [{"metric": m.name, "label": m.label, "unit": m.unit} for m in METRIC_BY_NAME.values()]
        ),
        "provenance": pd.DataFrame(prov_rows),
    }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            write_sheet(writer, name, frame)
    return buffer.getvalue()


def results_json(results: Results) -> str:
    """Summary, monthly percentiles and provenance as one JSON document."""
    table = results.quantile_table()
    doc = {
        "format": "creator-sim-results",
        "provenance": provenance(results),
        "summary": results.summary.as_dict(),
        "monthly_percentiles": table.to_dict(orient="records"),
    }
    return json.dumps(doc, indent=1, allow_nan=False, default=_json_default)


def export_bytes(results: Results, suffix: str) -> bytes:
    """The export for a file suffix: ``.csv`` (monthly percentiles), ``.xlsx`` or ``.json``."""
    if suffix == ".csv":
        return percentiles_csv(results).encode("utf-8")
    if suffix == ".xlsx":
        return workbook_bytes(results)
    if suffix == ".json":
        return results_json(results).encode("utf-8")
    raise ValueError(f"unknown export format {suffix!r}; use .csv, .xlsx or .json")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --- The app's layout: one header row in words with units, number formats -----------------

Kind = Literal[
    "share",
    "rate",
    "money",
    "money_cents",
    "signed_money",
    "points",
    "month",
    "hours",
    "count",
    "signed",
]

EXCEL_FORMATS: dict[Kind, str] = {
    "share": "0%",
    "rate": "0.0%",
    "money": '"$"#,##0;-"$"#,##0',
    "money_cents": '"$"#,##0.00;-"$"#,##0.00',
    "signed_money": '+"$"#,##0;-"$"#,##0;"$"0',
    "points": '+0" points";-0" points";0" points"',
    "month": '"month "0',
    "hours": '#,##0.0" h a week"',
    "count": "#,##0",
    "signed": "+#,##0;-#,##0;0",
}
"""The workbook's number format for each kind of figure: the app's way of writing it
(``sim.model.format``) as a spreadsheet format, so the cell keeps its number."""

KIND_UNITS: dict[Kind, str] = {
    "share": "share, 0 to 1",
    "rate": "share, 0 to 1",
    "money": "$",
    "money_cents": "$",
    "signed_money": "$",
    "points": "percentage points",
    "month": "month",
    "hours": "hours a week",
    "count": "",
    "signed": "",
}
"""The unit a plain CSV's header gives a figure of each kind."""


def figure_kind(name: str) -> Kind:
    """How ``sim.model.format.figure`` writes a summary or comparison figure, read from how it
    writes a sample number (one place decides: the formatter)."""
    if (
        "_pts" in name
    ):  # points, also their ends (``sim.model.format.figure`` reads those as chances)
        return "points"
    text = fmt.figure(name, 1234.5)
    if text.endswith("%"):
        return "share"
    if "$" in text:
        if text.startswith("+"):
            return "signed_money"
        return "money_cents" if text.endswith(".50") else "money"
    if "points" in text:
        return "points"
    if text.startswith("month"):
        return "month"
    if text.endswith("a week"):
        return "hours"
    return "signed" if text.startswith("+") else "count"


def metric_kind(name: str) -> Kind | None:
    """The kind of a monthly metric, from its unit (``sim.model.metrics``); None for a plain
    number."""
    unit = METRIC_BY_NAME[name].unit
    if unit.startswith("USD"):
        return "money"
    if unit == "share":
        return "rate"
    if unit == "hours/week":
        return "hours"
    if unit in ("followers", "views/month"):
        return "count"
    return None


def unit_words(unit: str) -> str:
    """A unit as a person reads it: ``USD/month`` -> ``$ a month``, ``log-sd`` -> words."""
    if unit == "log-sd":
        return "spread on a log scale (0.5 is about 1.6 times either way)"
    words = unit.replace("USD", "$").replace("/", " a ").replace("0-1", "0 to 1")
    return "share, 0 to 1" if words == "share" else words


def figure_header(name: str) -> str:
    """A summary or comparison figure's column header: its words and its unit."""
    unit = KIND_UNITS[figure_kind(name)]
    label = fmt.figure_label(name)
    said = unit.split(",")[0].removeprefix("percentage ").lower()
    return f"{label} ({unit})" if unit and said not in label.lower() else label


def metric_header(name: str) -> str:
    """A monthly metric's column header: its words and its unit."""
    metric = METRIC_BY_NAME[name]
    unit = unit_words(metric.unit)
    return f"{metric.label} ({unit})" if unit and unit != metric.label.lower() else metric.label


def plan_id(scenario: Scenario, paths: int, seed: int) -> str:
    """A short hash of the plan and its run settings: two plans never share it, so two plans
    never export under the same file name."""
    key = f"{scenario.model_dump_json()}|{paths}|{seed}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


MONTH_HEADER = "Month (0 = the start)"


def plain_percentiles(results: Results) -> pd.DataFrame:
    """The monthly percentiles with headers in words: figure, unit, month, the five
    percentiles and the average, then the code name (for scripts)."""
    table = results.quantile_table()
    out = pd.DataFrame(
        {
            "Figure": table["metric"].map(lambda m: METRIC_BY_NAME[m].label),
            "Unit": table["unit"].map(unit_words),
            MONTH_HEADER: table["month"],
        }
    )
    digits = table["metric"].map(_digits)
    for column in (*QUANTILE_WORDS, "mean"):
        out[column_words(column)] = [
            round(float(v), int(d)) for v, d in zip(table[column], digits, strict=True)
        ]
    out["Code name"] = table["metric"]
    return out


def _digits(metric: str) -> int:
    """Decimals a person needs: cents for money, two for counts, four for shares and the
    rest (12,019.41 followers, not 12019.4123046875)."""
    return 2 if metric_kind(metric) in ("money", "count", "hours") else 4


def plain_paths(results: Results, paths: list[int] | None = None) -> pd.DataFrame:
    """One row per future and month, every metric as a column named in words with its unit."""
    frame = results.paths_frame(paths)
    names = {"path": "Future number", "month": MONTH_HEADER, "status": "Status"}
    return frame.rename(columns=lambda c: names.get(c) or metric_header(c))


def plain_csv(frame: pd.DataFrame) -> str:
    """A CSV that ``pandas.read_csv(file)`` reads as it is: one header row, numbers as
    numbers, text cells neutralised."""
    return to_safe_csv(frame)


TEXT_FIGURES = ("verdict", "goal")
"""Summary figures that are words, not numbers."""


def plain_summary(results: Results) -> pd.DataFrame:
    """The summary figures as numbers with their words (the verdict and the measure it used,
    text, are on About)."""
    rows = [
        {"Figure": fmt.figure_label(k), "Value": v, "Code name": k}
        for k, v in results.summary.as_dict().items()
        if k not in TEXT_FIGURES
    ]
    return pd.DataFrame(rows)


def _field_kind(name: str, value: Any) -> Kind | None:
    """The number format of a scenario value: as ``field_text`` writes it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    text = field_text(name, value)
    if text.endswith("%"):
        return "share" if "." not in text else "rate"
    if text.startswith(("$", "-$")):
        return "money_cents" if "." in text else "money"
    return None


def plain_scenario(scenario: Scenario) -> pd.DataFrame:
    """Each input in words: its value (a number where it is one), unit, the preset's usual
    value, group and source, then the code name."""
    table = scenario_table(scenario)
    sources = preset(*scenario.preset_key())

    def value(name: str, raw: Any) -> Any:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        return raw

    return pd.DataFrame(
        {
            "Input": table["input"],
            "Value": [value(n, v) for n, v in zip(table["field"], table["value"], strict=True)],
            "Unit": table["unit"].map(unit_words),
            "Usual value (preset)": [
                value(n, sources[n].value) if n in sources else None for n in table["field"]
            ],
            "Group": table["group"],
            "Source": table["source"],
            "Code name": table["field"],
        }
    )


SCENARIO_JSON_ROW = "The plan as JSON (save it as a .json file and open it in the app)"


def about_table(
    results: Results, plan: str, link: str | None = None, why: list[str] | None = None
) -> pd.DataFrame:
    """Where the file comes from, in words: the plan, the verdict, the run and its versions,
    the share link and the scenario as JSON (to reproduce the run)."""
    prov = provenance(results)
    rows: list[tuple[str, Any]] = [
        ("Plan", plan),
        ("Verdict", results.summary.verdict),
        ("Measured by", fmt.figure("goal", results.summary.goal)),
        *(("Why", reason) for reason in why or []),
        ("Made (UTC)", prov["created_utc"]),
        ("Simulated futures", results.paths),
        ("Months", results.months),
        ("Random seed", results.seed),
        ("App version", prov["app_version"]),
        ("Model version", results.model_version),
        ("Preset version", results.preset_version),
    ]
    if link:
        rows.append(("Share link (opens this plan in the app)", link))
    rows.append((SCENARIO_JSON_ROW, json.dumps(prov["scenario"], separators=(",", ":"))))
    return pd.DataFrame(rows, columns=["What", "Value"])


def write_plain_sheet(
    writer: pd.ExcelWriter,
    name: str,
    frame: pd.DataFrame,
    columns: dict[str, Kind | None] | None = None,
    rows: list[Kind | None] | None = None,
    row_columns: tuple[str, ...] = (),
) -> None:
    """A sheet with one header row in words and the app's number formats: ``columns`` by
    header, ``rows`` (one kind per row) for the ``row_columns``; widths that fit the words."""
    safe = neutralise_frame(frame)
    safe.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    sheet.freeze_panes = "A2"
    headers = list(safe.columns)
    for j, header in enumerate(headers, start=1):
        kind = (columns or {}).get(str(header))
        by_row = str(header) in row_columns
        for i in range(len(safe)):
            cell = sheet.cell(row=i + 2, column=j)
            k = rows[i] if by_row and rows is not None else kind
            if k is not None and isinstance(cell.value, int | float):
                cell.number_format = EXCEL_FORMATS[k]
            elif isinstance(cell.value, float) and not float(cell.value).is_integer():
                cell.number_format = "#,##0.0##"
        longest = max([len(str(header)), *(len(str(v)) for v in safe.iloc[:200, j - 1])])
        letter = sheet.cell(row=1, column=j).column_letter
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)


def plan_workbook(
    results: Results, plan: str, link: str | None = None, why: list[str] | None = None
) -> bytes:
    """The app's workbook: Summary first (``pandas.read_excel(file)`` reads it), then the
    monthly percentiles, sample futures, scenario with sources, what each figure means and
    About (the provenance). One header row in words per sheet; numbers formatted as the app
    writes them."""
    summary = plain_summary(results)
    percentiles = plain_percentiles(results)
    quantile_kinds = [metric_kind(m) for m in percentiles["Code name"]]
    paths = plain_paths(results, sample_paths(results))
    path_kinds = {metric_header(m): metric_kind(m) for m in METRIC_BY_NAME if m != "status"}
    scenario = plain_scenario(results.scenario)
    scenario_kinds = [
        _field_kind(n, v) for n, v in zip(scenario["Code name"], scenario["Value"], strict=True)
    ]
    usual_kinds = [
        _field_kind(n, v)
        for n, v in zip(scenario["Code name"], scenario["Usual value (preset)"], strict=True)
    ]
    figures = pd.DataFrame(
        [
            {"Figure": m.label, "Unit": unit_words(m.unit), "Code name": m.name}
            for m in METRIC_BY_NAME.values()
        ]
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        write_plain_sheet(
            writer,
            "Summary",
            summary,
            rows=[figure_kind(k) for k in summary["Code name"]],
            row_columns=("Value",),
        )
        write_plain_sheet(
            writer,
            "Monthly percentiles",
            percentiles,
            rows=quantile_kinds,
            row_columns=tuple(column_words(c) for c in (*QUANTILE_WORDS, "mean")),
        )
        write_plain_sheet(writer, "Sample futures", paths, columns=path_kinds)
        write_plain_sheet(writer, "Scenario", scenario, rows=scenario_kinds, row_columns=("Value",))
        # the usual values: formatted by their own row kinds
        sheet = writer.sheets["Scenario"]
        column = list(scenario.columns).index("Usual value (preset)") + 1
        for i, kind in enumerate(usual_kinds, start=2):
            cell = sheet.cell(row=i, column=column)
            if kind is not None and isinstance(cell.value, int | float):
                cell.number_format = EXCEL_FORMATS[kind]
        write_plain_sheet(writer, "Figures explained", figures)
        write_plain_sheet(writer, "About", about_table(results, plan, link, why))
    return buffer.getvalue()
