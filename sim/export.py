"""Table exports of a run (CSV, Excel, JSON), shared by the app and the command line.

Every export carries its provenance: the scenario, seed, paths, app version, model and preset
versions and the date, so a file found later can be traced to the run that made it. Text
cells are neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

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


def _comment_header(results: Results) -> str:
    prov = provenance(results)
    scenario = json.dumps(prov.pop("scenario"), separators=(",", ":"))
    lines = [f"# {key}: {value}" for key, value in prov.items()]
    lines.append(f"# scenario: {scenario}")
    return "\r\n".join(lines) + "\r\n"


def percentiles_csv(results: Results) -> str:
    """Monthly percentiles of every metric; provenance as leading ``#`` comment lines
    (read back with ``pandas.read_csv(..., comment='#')``)."""
    return _comment_header(results) + to_safe_csv(results.quantile_table())


def sample_paths(results: Results, count: int = SAMPLE_PATHS_EXPORTED) -> list[int]:
    """A fixed, spread-out sample of paths: every k-th path by final outcome, worst to best."""
    order = results.path_order()
    if results.paths <= count:
        return [int(i) for i in order]
    picks = np.linspace(0, results.paths - 1, count).round().astype(int)
    return [int(order[i]) for i in picks]


def paths_csv(results: Results, paths: list[int] | None = None) -> str:
    """One row per path and month (all paths unless a list is given)."""
    return _comment_header(results) + to_safe_csv(results.paths_frame(paths))


def scenario_table(scenario: Scenario) -> pd.DataFrame:
    """Each field with its value, unit, group and the source of its preset default."""
    sources = preset(*scenario.preset_key())
    rows = []
    for name, value in scenario.model_dump(mode="json").items():
        if name == "timeline":
            value = "; ".join(c.describe() for c in scenario.timeline) or "(none)"
        info = sources.get(name)
        rows.append(
            {
                "field": name,
                "value": value,
                "unit": field_unit(name),
                "group": field_group(name),
                "preset_default": None if info is None else info.value,
                "source": "mechanism switch" if info is None else info.source,
            }
        )
    return pd.DataFrame(rows)


def summary_table(results: Results) -> pd.DataFrame:
    return pd.DataFrame([{"figure": k, "value": v} for k, v in results.summary.as_dict().items()])


def workbook_bytes(results: Results) -> bytes:
    """An Excel workbook: summary, monthly percentiles, sample paths, scenario, sources and
    provenance."""
    prov = provenance(results)
    prov_rows = [
        {"key": k, "value": json.dumps(v) if k == "scenario" else v} for k, v in prov.items()
    ]
    sheets = {
        "summary": summary_table(results),
        "monthly_percentiles": results.quantile_table(),
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
            neutralise_frame(frame).to_excel(writer, sheet_name=name, index=False)
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
