"""The command line: `python -m sim run|presets|schema`, in a real process and in-process
through sim.cli.entry.main. Every file it writes is parsed back and checked against the engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sim import Scenario, simulate
from sim.cli.entry import main
from sim.model.metrics import COST_KINDS, INCOME_CASH_STREAMS, METRICS
from sim.model.presets import all_presets
from sim.model.settings import RunSettings

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = {
    "paths",
    "months",
    "seed",
    "p_profitable",
    "break_even_month_p50",
    "net_profit_usd_p10",
    "net_profit_usd_p50",
    "net_profit_usd_p90",
    "hourly_wage_usd_p50",
    "followers_p50",
    "p_burnout",
    "p_quit",
    "max_out_of_pocket_usd_p50",
    "creator_hours_p50",
}
SMALL = ["--paths", "100", "--seed", "5", "--set", "months=3"]


def python_m_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """sim.cli.entry.main in-process: (exit status, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def summary_of(stdout: str) -> dict[str, Any]:
    lines = stdout.strip().splitlines()
    assert len(lines) == 1, "run prints exactly one line: the summary"
    doc = json.loads(lines[0])
    assert isinstance(doc, dict)
    return doc


# --- run ----------------------------------------------------------------------------------


def test_run_in_a_process_prints_one_json_summary() -> None:
    proc = python_m_sim("run", *SMALL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    doc = summary_of(proc.stdout)
    assert doc.keys() >= SUMMARY_KEYS
    assert (doc["paths"], doc["months"], doc["seed"]) == (100, 3, 5)
    expected = simulate(Scenario(months=3), 100, 5).summary.as_dict()
    assert doc == json.loads(json.dumps(expected))


def test_run_in_process_and_twice_gives_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = call(capsys, "run", *SMALL)
    second = call(capsys, "run", *SMALL)
    assert first[0] == second[0] == 0
    assert first[1] == second[1]
    assert summary_of(first[1])["seed"] == 5
    other = call(capsys, "run", "--paths", "100", "--seed", "6", "--set", "months=3")
    assert summary_of(other[1]) != summary_of(first[1])


def test_workers_do_not_change_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", "--paths", "600", "--seed", "1", "--set", "months=2"]
    one = call(capsys, *args)
    two = call(capsys, *args, "--workers", "2")
    assert one[1] == two[1]


def test_preset_and_set_choose_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "run", "--preset", "tiktok-food", *SMALL)
    assert code == 0
    expected = simulate(Scenario.from_preset("tiktok", "food", months=3), 100, 5)
    assert summary_of(out) == json.loads(json.dumps(expected.summary.as_dict()))


def test_a_version_1_preset_name_says_what_changed(capsys: pytest.CaptureFixture[str]) -> None:
    """Version 1 named a price source in the preset; version 2 has one fee distribution."""
    code, _, err = call(capsys, "run", "--preset", "tiktok-food-marketplace", *SMALL)
    assert code == 2
    line = err.strip()
    assert "\n" not in line and len(line) < 300
    assert "tiktok-food" in line and "model version 2" in line


def test_setting_the_platform_brings_its_preset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--set platform=youtube` means the YouTube preset, with fields set explicitly kept."""
    out = tmp_path / "r.json"
    code, _, err = call(
        capsys,
        "run",
        *SMALL,
        "--set",
        "platform=youtube",
        "--set",
        "hours_per_post=7",
        "--out",
        str(out),
    )
    assert code == 0, err
    got = Scenario.model_validate(json.loads(out.read_text())["provenance"]["scenario"])
    assert got == Scenario.from_preset("youtube", "fashion", months=3, hours_per_post=7.0)


# --- exports ------------------------------------------------------------------------------


def test_out_csv_is_the_percentile_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "run.csv"
    code, _, err = call(capsys, "run", *SMALL, "--out", str(out))
    assert code == 0, err
    comments = [ln for ln in out.read_text("utf-8").splitlines() if ln.startswith("#")]
    assert any(ln.startswith("# seed: 5") for ln in comments)
    assert any(ln.startswith("# scenario: {") for ln in comments)
    table = pd.read_csv(out, comment="#")
    expected = simulate(Scenario(months=3), 100, 5).quantile_table()
    assert list(table.columns) == [
        "metric",
        "unit",
        "month",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "mean",
    ]
    assert len(table) == len(expected) == (len(METRICS) - 1) * 4  # status has no percentiles
    np.testing.assert_allclose(
        table[["p10", "p50", "p90", "mean"]].to_numpy(),
        expected[["p10", "p50", "p90", "mean"]].to_numpy(),
        rtol=1e-12,
    )


def test_out_xlsx_has_every_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "run.xlsx"
    code, stdout, err = call(capsys, "run", *SMALL, "--out", str(out))
    assert code == 0, err
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"summary", "monthly_percentiles", "sample_paths", "scenario", "provenance"} <= set(
        book.sheetnames
    )
    summary = {row[0]: row[1] for row in book["summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["p_profitable"] == pytest.approx(summary_of(stdout)["p_profitable"])
    assert summary["seed"] == 5
    prov = {row[0]: row[1] for row in book["provenance"].iter_rows(min_row=2, values_only=True)}
    assert prov["seed"] == 5 and prov["paths"] == 100
    assert Scenario.model_validate(json.loads(prov["scenario"])) == Scenario(months=3)
    fields = [row[0] for row in book["scenario"].iter_rows(min_row=2, values_only=True)]
    assert set(fields) == set(Scenario.model_fields)
    header = next(book["sample_paths"].iter_rows(max_row=1, values_only=True))
    assert "path" in header and "cumulative_net_usd" in header


def test_out_json_parses_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    code, stdout, err = call(capsys, "run", *SMALL, "--out", str(out))
    assert code == 0, err
    doc = json.loads(out.read_text("utf-8"))
    assert doc["format"] == "creator-sim-results"
    assert doc["summary"] == summary_of(stdout)
    assert doc["provenance"]["seed"] == 5 and doc["provenance"]["paths"] == 100
    assert len(doc["monthly_percentiles"]) == (len(METRICS) - 1) * 4


def test_paths_out_has_every_path_and_the_cash_identity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "paths.csv"
    code, _, err = call(
        capsys, "run", *SMALL, "--set", "ugc_gigs_per_month=2", "--paths-out", str(out)
    )
    assert code == 0, err
    frame = pd.read_csv(out, comment="#")
    cash = [f"income_cash_{s}_usd" for s in INCOME_CASH_STREAMS]
    cost = [f"cost_{c}_usd" for c in COST_KINDS]
    required = [
        "path",
        "month",
        "followers",
        "engagement_rate",
        "status",
        "creator_hours",
        "net_cash_usd",
        "cumulative_net_usd",
        "tax_usd",
        *cash,
        *cost,
    ]
    assert set(required) <= set(frame.columns)
    assert len(frame) == 100 * 4
    assert sorted(frame["path"].unique()) == list(range(100))
    assert set(frame["status"]) <= {"active", "resting", "quit"}
    residual = frame["net_cash_usd"] - (
        frame[cash].sum(axis=1) - frame[cost].sum(axis=1) - frame["tax_usd"]
    )
    assert residual.abs().max() < 0.005
    running = frame.groupby("path")["net_cash_usd"].cumsum()
    assert (running - frame["cumulative_net_usd"]).abs().max() < 0.005
    assert frame["income_cash_ugc_usd"].sum() > 0


# --- bad input ----------------------------------------------------------------------------

BAD: list[tuple[list[str], str]] = [
    (["--set", "foo=1"], "foo"),
    (["--set", "months=abc"], "months"),
    (["--set", "months=3.5"], "months"),
    (["--set", "months=99"], "months"),
    (["--set", "tax_rate=-0.1"], "tax_rate"),
    (["--set", "posts_per_week=NaN"], "posts_per_week"),
    (["--set", "posts_per_week=Infinity"], "posts_per_week"),
    (["--set", "niche=knitting"], "niche"),
    (["--set", "platform=myspace"], "platform"),
    (["--set", "share_net60=0.9", "--set", "share_net90=0.5"], "share_net60"),
    (["--set", 'timeline=[{"month": 1}]'], "timeline"),
    (["--set", "months"], "--set"),
    (["--preset", "instagram-knitting"], "--preset"),
    (["--preset", "nope"], "--preset"),
    (["--scenario", "/nonexistent/scenario.json"], "--scenario"),
    (["--out", "results.txt"], "--out"),
    (["--paths-out", "paths.xlsx"], "--paths-out"),
    (["--out", "/nonexistent/dir/results.csv"], "--out"),
    (["--paths", "5"], "paths"),
    (["--paths", "many"], "--paths"),
    (["--seed", "-1"], "seed"),
    (["--workers", "0"], "--workers"),
    (["--bogus"], "--bogus"),
]


@pytest.mark.parametrize(("args", "names"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], names: str
) -> None:
    code, out, err = call(capsys, "run", "--set", "months=1", "--paths", "100", *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert names in lines[0]
    assert "Traceback" not in err


def test_bad_input_in_a_process_has_no_traceback() -> None:
    proc = python_m_sim("run", "--set", "months=0")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "months" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("item", ["months=true", "posts_per_week=false"])
def test_a_boolean_is_not_a_number(capsys: pytest.CaptureFixture[str], item: str) -> None:
    code, _, err = call(capsys, "run", "--paths", "100", "--set", item)
    assert code == 2, "accepted a boolean for a number"
    assert item.split("=")[0] in err


# --- scenario files -----------------------------------------------------------------------


def test_scenario_file_sets_scenario_and_run_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file exported by the app (sim.io.codec.scenario_to_json) carries the scenario and the
    run settings; --set still changes a field on top of it."""
    from sim.io.codec import scenario_to_json

    sc = Scenario.from_preset("youtube", "tech", months=2, posts_per_week=1.5)
    path = tmp_path / "plan.json"
    path.write_text(scenario_to_json(sc, RunSettings(paths=150, seed=11)), encoding="utf-8")
    code, out, err = call(capsys, "run", "--scenario", str(path))
    assert code == 0, err
    doc = summary_of(out)
    assert (doc["paths"], doc["seed"], doc["months"]) == (150, 11, 2)
    assert doc == json.loads(json.dumps(simulate(sc, 150, 11).summary.as_dict()))
    code, out, err = call(
        capsys, "run", "--scenario", str(path), "--set", "months=3", "--paths", "100"
    )
    assert code == 0, err
    assert summary_of(out)["months"] == 3 and summary_of(out)["paths"] == 100


def test_bare_scenario_file_and_bad_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"platform": "tiktok", "months": 2}), encoding="utf-8")
    code, out, err = call(capsys, "run", "--scenario", str(bare), "--paths", "100")
    assert code == 0, err
    assert summary_of(out)["months"] == 2
    for name, text, field in (
        ("range.json", json.dumps({"months": 99}), "months"),
        ("unknown.json", json.dumps({"mnths": 2}), "mnths"),
        ("broken.json", "{not json", "--scenario"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        code, out, err = call(capsys, "run", "--scenario", str(path), "--paths", "100")
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and field in err, err
    code, _, err = call(capsys, "run", "--scenario", str(bare), "--preset", "tiktok-food")
    assert code == 2 and "--preset" in err


# --- presets and schema -------------------------------------------------------------------


def test_presets_lists_30_with_sources() -> None:
    proc = python_m_sim("presets")
    assert proc.returncode == 0, proc.stderr
    names: list[str] = []
    sources: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        if line and not line.startswith(" "):
            names.append(line.strip())
            sources[names[-1]] = []
        elif line.strip():
            source = line[line.index("[") + 1 : line.rindex("]")]
            sources[names[-1]].append(source)
    assert len(names) == len(set(names)) == 30
    assert set(names) == {"-".join(p) for p in all_presets()}
    for name, found in sources.items():
        assert found and all(s.strip() for s in found), name


def test_schema_is_json_with_the_fields() -> None:
    proc = python_m_sim("schema")
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    props = schema["properties"]
    for name in (
        "platform",
        "niche",
        "start_followers",
        "months",
        "posts_per_week",
        "hours_per_post",
        "job_hours_per_week",
    ):
        assert name in props, name
    assert set(props) == set(Scenario.model_fields)
    assert props["months"]["minimum"] == 1 and props["months"]["maximum"] == 60


def test_a_bad_value_beside_a_new_preset_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Setting the platform and a bad value together once printed a pydantic traceback."""
    code, _, err = call(
        capsys, "run", *SMALL, "--set", "platform=tiktok", "--set", "hours_per_post=0"
    )
    assert code == 2
    line = err.strip()
    assert "\n" not in line and len(line) < 300 and "hours_per_post" in line
