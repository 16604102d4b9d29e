"""Table exports of a run (CSV, Excel, JSON), shared by the app and the command line.

Every export carries its provenance: the scenario, seed, paths, app version, model and preset
versions and the date, so a file found later can be traced to the run that made it. Text
cells are neutralised against spreadsheet formula injection.

For a person, columns are labelled in words: the app's workbook (``workbook_bytes(...,
words=True)``) has the words in each sheet's first row and the code names in the second; the
summary and scenario tables give each figure and input in words and as the app shows it
(``sim.format``) beside its code name and number. The command line keeps one header row of code
names (scripts read them), and the CSV files name their columns in words in a comment line.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

from sim import format as fmt
from sim.metrics import METRIC_BY_NAME
from sim.presets import preset
from sim.results import Results
from sim.safe_cells import neutralise_frame, to_safe_csv
from sim.scenario import Scenario, field_group, field_unit

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
"""Words for the columns of the tables below (the figures' words are in ``sim.format``)."""


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


SCENARIO_COLUMNS = {
    "field": "Code name",
    "value": "Value (as the code reads it)",
    "input": "Input",
    "shown": "Value",
    "unit": "Unit",
    "group": "Group",
    "usual": "Usual value (preset)",
    "source": "Source",
}


def scenario_table(scenario: Scenario) -> pd.DataFrame:
    """Each field by code name and raw value, then in words with its value as shown, unit,
    group, the preset's usual value and its source (``SCENARIO_COLUMNS`` gives the words)."""
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


SUMMARY_COLUMNS = {
    "figure": "Code name",
    "value": "Number",
    "label": "Figure",
    "shown": "As the app shows it",
}


def labelled_percentiles(results: Results) -> pd.DataFrame:
    """The monthly percentile table with each metric's words beside its code name."""
    table = results.quantile_table()
    table.insert(1, "label", table["metric"].map(lambda m: METRIC_BY_NAME[m].label))
    return table


def write_sheet(
    writer: pd.ExcelWriter,
    name: str,
    frame: pd.DataFrame,
    words: dict[str, str] | None = None,
    *,
    in_words: bool = True,
) -> None:
    """A sheet whose first row labels the columns in words and whose second row holds the
    code names (``pandas.read_excel(..., header=1)`` reads it back by code name); with
    ``in_words=False``, the code names alone (the command line's layout)."""
    safe = neutralise_frame(frame)
    safe.to_excel(writer, sheet_name=name, index=False, startrow=1 if in_words else 0)
    if not in_words:
        return
    sheet = writer.sheets[name]
    for i, column in enumerate(safe.columns, start=1):
        text = (words or {}).get(str(column)) or column_words(str(column))
        sheet.cell(row=1, column=i, value=text)


def workbook_bytes(results: Results, *, words: bool = False) -> bytes:
    """An Excel workbook: summary, monthly percentiles, sample paths, scenario, sources and
    provenance. ``words=True`` (the app's download) labels each sheet in words in its first row,
    with the code names in the second; without, one header row of code names (the command
    line's layout, which scripts read)."""
    prov = provenance(results)
    prov_rows = [
        {"key": k, "value": json.dumps(v) if k == "scenario" else v} for k, v in prov.items()
    ]
    sheets: dict[str, tuple[pd.DataFrame, dict[str, str] | None]] = {
        "summary": (summary_table(results), SUMMARY_COLUMNS),
        "monthly_percentiles": (labelled_percentiles(results), None),
        "sample_paths": (results.paths_frame(sample_paths(results)), None),
        "scenario": (scenario_table(results.scenario), SCENARIO_COLUMNS),
        "metrics": (
            pd.DataFrame(
                [
                    {"metric": m.name, "label": m.label, "unit": m.unit}
                    for m in METRIC_BY_NAME.values()
                ]
            ),
            None,
        ),
        "provenance": (pd.DataFrame(prov_rows), {"key": "What", "value": "Value"}),
    }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (frame, labels) in sheets.items():
            write_sheet(writer, name, frame, labels, in_words=words)
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
