"""`python -m sim batch` and `sweep`: the same file serially, on local workers and on a Dask
cluster (a LocalCluster started here: two worker processes, loopback only); a bad row
reported in its row; whole-file problems as one line; --resume after a real interruption
giving the file an uninterrupted run gives; seeds from each row's identity; progress on
stderr. Every file written is read back and checked against the engine run here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from distributed import LocalCluster

from sim import Scenario, simulate
from sim.cli.batch import Progress
from sim.cli.entry import main
from sim.many.executor import derive_seed
from sim.model.results import Summary
from tests.engine.cluster import kill_one_worker, local_cluster

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--paths", "100", "--seed", "7"]
GOOD = [
    ("ana", "tiktok-beauty", {"posts_per_week": 3, "hours_per_post": 2}),
    ("ben", "", {"posts_per_week": 5}),
    ("cai", "youtube-tech", {"start_followers": 5000}),
    ("dee", "", {"platform": "tiktok", "model_tax": "FALSE"}),
    ("eve", "instagram-fitness", {}),
    ("fay", "", {"job_hours_per_week": 20, "hours_per_post": 1.5}),
]
COLUMNS = [
    "id",
    "preset",
    "months",
    "posts_per_week",
    "hours_per_post",
    "start_followers",
    "platform",
    "model_tax",
    "job_hours_per_week",
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster() as c:
        yield c


def profiles_csv(path: Path, rows: list[tuple[str, str, dict[str, Any]]], months: int = 3) -> Path:
    lines = [",".join(COLUMNS)]
    for pid, preset, values in rows:
        cells = {"id": pid, "preset": preset, "months": str(months)}
        cells.update({k: str(v) for k, v in values.items()})
        lines.append(",".join(cells.get(c, "") for c in COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def engine_summary(pid: str, preset: str, values: dict[str, Any], seed: int) -> Summary:
    """What the engine gives for one profile, built here without the batch code."""
    platform, niche = (preset or "instagram-fashion").split("-")
    fields = {"months": 3, **values}
    if fields.get("model_tax") == "FALSE":
        fields["model_tax"] = False
    if "platform" in fields:
        platform = fields.pop("platform")
    scenario = Scenario.from_preset(platform, niche, **fields)
    return simulate(scenario, 100, seed).summary


# --- batch ------------------------------------------------------------------------------


def test_batch_is_the_same_file_serially_on_local_workers_and_on_a_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: LocalCluster
) -> None:
    profiles = profiles_csv(tmp_path / "p.csv", GOOD)
    runs = {
        "serial": [],
        "local": ["--workers", "2"],
        "dask": ["--scheduler", cluster.scheduler_address],
    }
    data = {}
    for name, where in runs.items():
        out = tmp_path / f"{name}.csv"
        code, stdout, err = call(capsys, "batch", str(profiles), "--out", str(out), *FAST, *where)
        assert code == 0, err
        assert stdout == ""
        data[name] = out.read_bytes()
    assert data["serial"] == data["local"] == data["dask"]

    table = pd.read_csv(tmp_path / "serial.csv", keep_default_na=False)
    assert list(table["id"]) == [p for p, _, _ in GOOD]
    assert (table["error"] == "").all()
    assert set(Scenario.model_fields) < set(table.columns)
    for (pid, preset, values), row in zip(GOOD, table.to_dict("records"), strict=True):
        seed = derive_seed(7, f"id:{pid}")
        assert row["seed"] == seed and row["paths"] == 100
        expected = engine_summary(pid, preset, values, seed)
        for key, value in expected.as_dict().items():
            got = row[key]
            if value is None:
                assert got == "", (pid, key, got)
            elif isinstance(value, float) and isinstance(got, str):
                # a column with empty cells (a break-even month that never comes) reads as text
                assert float(got) == value, (pid, key, got, value)
            else:
                assert got == value, (pid, key, got, value)


def test_seeds_follow_each_row_identity_not_its_place_or_the_scheduling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: LocalCluster
) -> None:
    forward = profiles_csv(tmp_path / "forward.csv", GOOD)
    backward = profiles_csv(tmp_path / "backward.csv", GOOD[::-1])
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert call(capsys, "batch", str(forward), "--out", str(a), *FAST)[0] == 0
    code, _, err = call(
        capsys,
        "batch",
        str(backward),
        "--out",
        str(b),
        *FAST,
        "--scheduler",
        cluster.scheduler_address,
    )
    assert code == 0, err
    first = pd.read_csv(a).drop(columns="row").set_index("id").sort_index()
    second = pd.read_csv(b).drop(columns="row").set_index("id").sort_index()
    pd.testing.assert_frame_equal(first, second)


def test_a_bad_row_gets_its_message_and_the_others_are_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: LocalCluster
) -> None:
    bad = [
        ("too-many", "", {"posts_per_week": 500}),
        ("no-preset", "youtube-nothing", {}),
        ("not-a-number", "", {"hours_per_post": "lots"}),
    ]
    rows = GOOD[:2] + bad[:2] + GOOD[2:4] + bad[2:] + GOOD[4:]
    profiles = profiles_csv(tmp_path / "p.csv", rows)
    with profiles.open("a", encoding="utf-8") as handle:
        handle.write("short,,3\n")  # fewer cells than the header
    out = tmp_path / "out.csv"
    code, _, err = call(
        capsys, "batch", str(profiles), "--out", str(out), *FAST, "--scheduler",
        cluster.scheduler_address,
    )  # fmt: skip
    assert code == 0, err
    assert "4 with an error" in err
    table = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("id")
    errors = table["error"]
    assert errors["too-many"].startswith("posts_per_week: ")
    assert errors["no-preset"].startswith("preset: unknown preset")
    assert errors["not-a-number"].startswith("hours_per_post: ")
    assert errors["short"] == "3 cells, but the header has 9"
    assert all("\n" not in e and len(e) <= 300 for e in errors)
    for pid in ("too-many", "no-preset", "not-a-number", "short"):
        assert table.loc[pid, "p_profitable"] == "" and table.loc[pid, "platform"] == ""

    alone = tmp_path / "good.csv"
    assert call(capsys, "batch", str(profiles_csv(tmp_path / "g.csv", GOOD)), "--out",
                str(alone), *FAST)[0] == 0  # fmt: skip
    good = pd.read_csv(alone, dtype=str, keep_default_na=False).set_index("id").drop(columns="row")
    mixed = table.loc[good.index].drop(columns="row")
    pd.testing.assert_frame_equal(mixed, good)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"", "empty"),
        (b"posts_per_week\n", "no profiles under the header row"),
        (b"posts_per_week,colour\n3,red\n", "unknown column"),
        (b"months,months\n3,3\n", "appears twice"),
        (b"months\n\xff\xfe3\n", "not UTF-8 text"),
    ],
)
def test_a_bad_profiles_file_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    profiles = tmp_path / "p.csv"
    if content is not None:
        profiles.write_bytes(content)
    out = tmp_path / "out.csv"
    code, stdout, err = call(capsys, "batch", str(profiles), "--out", str(out), *FAST)
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not out.exists()


def test_output_problems_exit_2_before_any_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = profiles_csv(tmp_path / "p.csv", GOOD[:1])
    existing = tmp_path / "done.csv"
    existing.write_text("keep me", encoding="utf-8")
    for out, message in (
        (existing, "exists; add --resume"),
        (tmp_path / "out.xlsx", "must end in .csv or .parquet"),
        (profiles, "is the input file"),
        (tmp_path / "missing" / "out.csv", "does not exist"),
    ):
        code, _, err = call(capsys, "batch", str(profiles), "--out", str(out), *FAST)
        assert code == 2 and message in err and err.count("\n") == 1, err
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_resume_after_a_killed_batch_gives_the_uninterrupted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = [(f"p{i:02d}", "", {"posts_per_week": 1 + i % 7}) for i in range(40)]
    profiles = profiles_csv(tmp_path / "p.csv", many, months=12)
    options = ["--paths", "1000", "--seed", "3"]
    whole = tmp_path / "whole.csv"
    assert call(capsys, "batch", str(profiles), "--out", str(whole), *options)[0] == 0

    cut = tmp_path / "cut.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "batch", str(profiles), "--out", str(cut), *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if cut.exists() and cut.read_bytes().count(b"\n") >= 4:  # header and 3 rows
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    finished = pd.read_csv(cut)  # what an interrupted batch leaves is readable
    assert 3 <= len(finished) < len(many), "killed mid-batch"
    assert list(finished["row"]) == list(range(1, len(finished) + 1)), "a prefix, in order"
    with cut.open("ab") as handle:
        handle.write(b"999,p99,,tik")  # as if the kill had cut a row in half

    code, _, err = call(capsys, "batch", str(profiles), "--out", str(cut), *options, "--resume",
                        "--workers", "2")  # fmt: skip
    assert code == 0, err
    assert f"{len(many) - len(finished)} rows to run ({len(finished)} already in" in err
    assert cut.read_bytes() == whole.read_bytes()

    code, _, err = call(capsys, "batch", str(profiles), "--out", str(cut), "--paths", "200",
                        "--seed", "3", "--resume")  # fmt: skip
    assert code == 2 and "was written by another run" in err


def test_resume_of_a_parquet_output_gives_the_uninterrupted_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: LocalCluster
) -> None:
    import pyarrow.parquet as pq

    profiles = profiles_csv(tmp_path / "p.csv", GOOD)
    whole, part = tmp_path / "whole.parquet", tmp_path / "part.parquet"
    assert call(capsys, "batch", str(profiles), "--out", str(whole), *FAST)[0] == 0
    pq.write_table(pq.read_table(whole).slice(0, 2), part)  # as an interrupted run leaves it
    code, _, err = call(capsys, "batch", str(profiles), "--out", str(part), *FAST, "--resume",
                        "--scheduler", cluster.scheduler_address)  # fmt: skip
    assert code == 0, err
    assert pq.read_table(part).equals(pq.read_table(whole))
    csv_out = tmp_path / "same.csv"
    assert call(capsys, "batch", str(profiles), "--out", str(csv_out), *FAST)[0] == 0
    from_csv = pd.read_csv(csv_out, dtype={"error": str})
    from_parquet = pd.read_parquet(whole)
    assert list(from_parquet.columns) == list(from_csv.columns)
    pd.testing.assert_series_equal(from_parquet["p_profitable"], from_csv["p_profitable"])


def test_a_worker_killed_mid_batch_and_every_row_still_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = [(f"p{i:02d}", "", {"posts_per_week": 1 + i % 7}) for i in range(40)]
    profiles = profiles_csv(tmp_path / "p.csv", many, months=12)
    options = ["--paths", "2000", "--seed", "5"]  # ~1 s on two workers: time to kill one
    serial, remote = tmp_path / "serial.csv", tmp_path / "remote.csv"
    assert call(capsys, "batch", str(profiles), "--out", str(serial), *options)[0] == 0

    with local_cluster() as own:
        result: dict[str, int] = {}
        args = ["batch", str(profiles), "--out", str(remote), *options]
        args += ["--scheduler", own.scheduler_address]
        worker = threading.Thread(target=lambda: result.update(code=main(args)))
        worker.start()
        deadline = time.monotonic() + 60
        while not (remote.exists() and remote.read_bytes().count(b"\n") >= 3):
            assert time.monotonic() < deadline and worker.is_alive()
            time.sleep(0.01)
        kill_one_worker(own.scheduler_address)
        assert worker.is_alive(), "the worker was killed mid-batch"
        worker.join(timeout=120)
    assert result == {"code": 0}
    capsys.readouterr()
    assert remote.read_bytes() == serial.read_bytes()


def test_progress_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = profiles_csv(tmp_path / "p.csv", GOOD)
    out = tmp_path / "out.csv"
    code, stdout, err = call(capsys, "batch", str(profiles), "--out", str(out), *FAST)
    assert code == 0 and stdout == ""
    lines = err.splitlines()
    assert lines[0] == "batch: 6 rows to run in this process"
    bars = [line for line in lines if line.startswith("batch [")]
    assert len(bars) == 6, "not a terminal: one line per tenth, here one per row"
    assert bars[-1].startswith("batch [" + "#" * Progress.WIDTH + "] 6/6 (100%)")
    assert lines[-1] == f"batch: 6 rows written to {out}"


def test_progress_on_a_terminal_redraws_one_line() -> None:
    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    screen = Terminal()
    progress = Progress("sweep", 200, screen)  # type: ignore[arg-type]
    for i in range(200):
        progress.advance(error=i == 7)
    assert screen.text.startswith("\rsweep [")
    assert screen.text.count("\n") == 1 and screen.text.endswith("\n")
    assert screen.text.split("\r")[-1].startswith("sweep [" + "#" * Progress.WIDTH + "] 200/200")
    assert ", 1 error, " in screen.text.split("\r")[-1]
    assert screen.text.count("\r") < 200, "redrawn at most ten times a second"


# --- sweep ------------------------------------------------------------------------------


def test_sweep_runs_every_grid_point_on_the_same_seed_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: LocalCluster
) -> None:
    grid = ["--grid", "posts_per_week=1:3:1", "--grid", "hours_per_post=1,2.5"]
    base = ["--preset", "tiktok-food", "--set", "months=3", *FAST, *grid]
    serial, remote = tmp_path / "serial.csv", tmp_path / "remote.csv"
    code, _, err = call(capsys, "sweep", *base, "--out", str(serial))
    assert code == 0, err
    code, _, err = call(capsys, "sweep", *base, "--out", str(remote), "--scheduler",
                        cluster.scheduler_address)  # fmt: skip
    assert code == 0, err
    assert serial.read_bytes() == remote.read_bytes()

    table = pd.read_csv(serial, keep_default_na=False)
    assert list(table["point"]) == list(range(1, 7))
    assert [json.loads(g) for g in table["grid"]] == [
        {"posts_per_week": p, "hours_per_post": h} for p in (1, 2, 3) for h in (1, 2.5)
    ]
    assert (table["seed"] == 7).all(), "common random numbers by default"
    for row in table.to_dict("records"):
        scenario = Scenario.from_preset(
            "tiktok", "food", months=3, posts_per_week=row["posts_per_week"],
            hours_per_post=row["hours_per_post"],
        )  # fmt: skip
        assert row["p_profitable"] == simulate(scenario, 100, 7).summary.p_profitable
        assert row["net_profit_usd_p50"] == simulate(scenario, 100, 7).summary.net_profit_usd_p50


def test_sweep_per_point_seeds_and_a_bad_point_in_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    code, _, err = call(capsys, "sweep", "--grid", "hours_per_post=0:0.2:0.1", "--set",
                        "months=2", *FAST, "--seeds", "per-point", "--out", str(out))  # fmt: skip
    assert code == 0, err
    table = pd.read_parquet(out)
    assert table["error"].iloc[0].startswith("hours_per_post: ")
    assert table["error"].iloc[1:].isna().all()
    assert list(table["hours_per_post"].iloc[1:]) == [0.1, 0.2]
    expected = [derive_seed(7, f'point:{{"hours_per_post":{h}}}') for h in (0.1, 0.2)]
    assert list(table["seed"].iloc[1:]) == expected


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ("colour=1,2", "is not a scenario field"),
        ("posts_per_week=5:1:1", "needs STEP > 0 and STOP >= START"),
        ("posts_per_week=1:x:1", "must be numbers"),
        ("timeline=1", "holds a list"),
        ("posts_per_week", "expected FIELD=START:STOP:STEP"),
    ],
)
def test_a_bad_grid_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], grid: str, message: str
) -> None:
    out = tmp_path / "out.csv"
    code, _, err = call(capsys, "sweep", "--grid", grid, "--out", str(out), *FAST)
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not out.exists()


def test_unreachable_scheduler_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = profiles_csv(tmp_path / "p.csv", GOOD[:1])
    out = tmp_path / "out.csv"
    code, _, err = call(capsys, "batch", str(profiles), "--out", str(out), "--scheduler",
                        "not a scheduler://")  # fmt: skip
    assert code == 2 and err.startswith("error: --scheduler: ") and err.count("\n") == 1, err
    assert not out.exists()
    assert os.listdir(tmp_path) == ["p.csv"]
