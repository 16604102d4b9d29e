"""The command line under hostile input (issue 9, items 3 and 4): every case exits with status 2
and one line under 300 characters, leaves no partial or stray file behind, and never changes
its input. Files are checked byte for byte and by modification time before and after."""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sim import MODEL_VERSION, PRESET_VERSION, RunSettings, Scenario
from sim.io.codec import (
    FILE_FORMAT,
    MAX_JSON_DEPTH,
    MAX_UPLOAD_BYTES,
    scenario_to_json,
    versions_read,
)
from sim.io.safe_io import Output, Staged
from tests.engine.test_cli import ROOT, call

simulate_module = importlib.import_module("sim.model.simulate")  # `sim.simulate` is the function
RUN = ["run", "--paths", "100", "--seed", "5", "--set", "months=2"]
LINE_LIMIT = 300
Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` (hidden temporary files too): its bytes and mtime."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_refused(result: tuple[int, str, str], *words: str) -> str:
    code, out, err = result
    assert code == 2, (code, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert len(line) < LINE_LIMIT, len(line)
    assert line.startswith("error: ")
    assert "Traceback" not in err and "Value error" not in line
    for word in words:
        assert word in line, line
    return line


def sim_process(
    *args: str, timeout_s: float = 120, preexec: Callable[[], None] | None = None
) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout_s,
        check=False,
        preexec_fn=preexec,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def no_run(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail the test if the simulation runs: problems must be found before it."""
    calls: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise AssertionError("simulated although the outputs could not be written")

    monkeypatch.setattr(simulate_module, "simulate", refuse)
    return calls


def scenario_file(folder: Path, name: str = "plan.json", **fields: Any) -> Path:
    path = folder / name
    path.write_text(
        scenario_to_json(Scenario(months=2, **fields), RunSettings(paths=100, seed=5)), "utf-8"
    )
    return path


# --- item 3: no traceback, no unbounded read ------------------------------------------------


TOO_DEEP_LINE = (
    f"error: timeline: nested too deeply (more than {MAX_JSON_DEPTH} levels of lists and "
    "objects; a scenario file needs 4)"
)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 250, 900, 990])
def test_deep_set_value_is_one_line_naming_the_field(depth: int) -> None:
    """990 deep was a RecursionError traceback; 250-900 deep "Invalid JSON: recursion limit
    exceeded" without the field. Every depth now gives the same line, in a real process."""
    value = "[" * depth + "]" * depth
    line = assert_refused(sim_process(*RUN, "--set", f"timeline={value}"), "timeline")
    assert line == TOO_DEEP_LINE


def test_very_deep_set_value_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    # past the kernel's limit for one argument, so in-process: the same line, no recursion
    value = "[" * 100_000 + "]" * 100_000
    assert assert_refused(call(capsys, *RUN, "--set", f"timeline={value}")) == TOO_DEEP_LINE


def test_shallow_nesting_is_still_read(capsys: pytest.CaptureFixture[str]) -> None:
    item = json.dumps([{"month": 2, "what": "posts_per_week", "value": 4.0}])
    code, out, err = call(capsys, *RUN, "--set", f"timeline={item}")
    assert code == 0, err
    assert json.loads(out)["months"] == 2


def test_deep_scenario_file_names_where(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = "[" * 900 + "]" * 900
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format": "creator-sim-scenario", '
        f'"preset_version": {PRESET_VERSION}, "model_version": {MODEL_VERSION}, '
        f'"scenario": {{"timeline": {deep}}}}}',
        "utf-8",
    )
    before = snapshot(tmp_path)
    assert_refused(call(capsys, "run", "--scenario", str(path)), "scenario.timeline", "deeply")
    assert snapshot(tmp_path) == before


def test_dev_zero_is_refused_unread() -> None:
    """It was read whole before the size check: MemoryError after 2.4 GB."""
    start = time.monotonic()
    assert_refused(sim_process("run", "--scenario", "/dev/zero", timeout_s=30), "--scenario")
    assert time.monotonic() - start < 30


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    """It hung for ever waiting for a writer."""
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    line = assert_refused(sim_process("run", "--scenario", str(fifo), timeout_s=30), "pipe")
    assert "--scenario" in line


def test_a_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert_refused(call(capsys, "run", "--scenario", str(tmp_path)), "--scenario", "is a folder")


def test_a_file_over_the_limit_is_refused_after_limit_plus_one_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_UPLOAD_BYTES + 10))
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    assert_refused(call(capsys, "run", "--scenario", str(path)), "--scenario", "limit")
    assert sum(read) == MAX_UPLOAD_BYTES + 1
    monkeypatch.undo()
    path.write_bytes(b" " * MAX_UPLOAD_BYTES)
    assert_refused(call(capsys, "run", "--scenario", str(path)), "empty")


def test_a_900_kb_value_gives_a_short_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"niche": "[Plan expired](https://e.example) " * 26_000}), "utf-8")
    assert path.stat().st_size > 850_000
    assert_refused(call(capsys, "run", "--scenario", str(path)), "niche")
    assert_refused(call(capsys, *RUN, "--set", "niche=" + "x" * 900_000), "niche")
    assert_refused(call(capsys, *RUN, "--set", "y" * 900_000 + "=1"), "unknown field")
    assert_refused(call(capsys, *RUN, "--set", "z" * 900_000), "--set")
    assert_refused(call(capsys, *RUN, "--preset", "p" * 900_000), "--preset")
    assert_refused(call(capsys, "run", "--scenario", "s" * 5_000), "--scenario")


def test_control_characters_do_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = assert_refused(call(capsys, *RUN, "--set", "niche=\x1b[2J\x1b[31mred\nnext"), "niche")
    assert "\x1b" not in line


@pytest.mark.parametrize(
    ("items", "field"),
    [
        (["months=3", "months=4"], "months"),
        (["months=3", "months=3"], "months"),
        (["timeline=[]", "posts_per_week=2", "timeline=[]"], "timeline"),
    ],
)
def test_a_field_set_twice_is_refused(
    capsys: pytest.CaptureFixture[str], items: list[str], field: str
) -> None:
    args = [a for item in items for a in ("--set", item)]
    assert_refused(call(capsys, "run", "--paths", "100", *args), field, "twice")


@pytest.mark.parametrize(
    ("item", "field"),
    [("niche=knitting", "niche"), ("share_net60=0.9", "share_net60")],
)
def test_messages_drop_pydantics_prefix(
    capsys: pytest.CaptureFixture[str], item: str, field: str
) -> None:
    extra = ["--set", "share_net90=0.5"] if field == "share_net60" else []
    assert_refused(call(capsys, *RUN, "--set", item, *extra), field)


@pytest.mark.parametrize(
    ("versions", "said"),
    [
        ({"preset_version": 0, "model_version": 0}, "preset version 0, model version 0"),
        ({"preset_version": 0}, "preset version 0"),
        ({"model_version": 0}, "model version 0"),
        ({"preset_version": PRESET_VERSION + 1}, "newer"),
        ({"model_version": MODEL_VERSION + 1}, "newer"),
    ],
)
def test_a_file_of_another_version_says_which(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, versions: dict[str, int], said: str
) -> None:
    """It said "Input should be greater than or equal to 1 (got 0) (and 1 more problem)"."""
    document = {
        "format": FILE_FORMAT,
        "preset_version": PRESET_VERSION,
        "model_version": MODEL_VERSION,
        "scenario": {"months": 2},
        **versions,
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), "utf-8")
    assert_refused(call(capsys, "run", "--scenario", str(path)), said, versions_read())


# --- item 4: outputs checked first, written all or nothing, never over the input ------------


def test_an_unwritable_second_output_leaves_no_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: list[Any]
) -> None:
    """--out ok.csv --paths-out /unwritable/p.csv exited 2 but left ok.csv, after the run."""
    ok = tmp_path / "ok.csv"
    for bad in ("/nonexistent-folder/p.csv", "/proc/p.csv", str(tmp_path / "missing" / "p.csv")):
        result = call(capsys, *RUN, "--out", str(ok), "--paths-out", bad)
        assert_refused(result, "--paths-out")
        assert not ok.exists()
        assert snapshot(tmp_path) == {}
    assert no_run == []


def test_two_outputs_on_one_path_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: list[Any]
) -> None:
    same = tmp_path / "same.csv"
    assert_refused(
        call(capsys, *RUN, "--out", str(same), "--paths-out", str(same)), "--paths-out", "--out"
    )
    spelled = str(tmp_path / "sub" / ".." / "same.csv")
    (tmp_path / "sub").mkdir()
    assert_refused(call(capsys, *RUN, "--out", str(same), "--paths-out", spelled), "--out file")
    same.write_text("kept", "utf-8")
    os.link(same, tmp_path / "hard.csv")
    before = snapshot(tmp_path)
    result = call(capsys, *RUN, "--out", str(same), "--paths-out", str(tmp_path / "hard.csv"))
    assert_refused(result, "--out file")
    assert snapshot(tmp_path) == before
    assert no_run == []


@pytest.mark.parametrize("spelling", ["same", "symlink", "hardlink", "relative"])
def test_the_input_is_never_an_output(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    no_run: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    """--scenario plan.json --out plan.json overwrote the scenario with results."""
    plan = scenario_file(tmp_path)
    out = {
        "same": plan,
        "symlink": tmp_path / "link.json",
        "hardlink": tmp_path / "hard.json",
        "relative": Path("plan.json"),
    }[spelling]
    if spelling == "symlink":
        out.symlink_to(plan)
    elif spelling == "hardlink":
        os.link(plan, out)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = call(capsys, "run", "--scenario", str(plan), "--out", str(out))
    assert_refused(result, "--out", "input file")
    assert snapshot(tmp_path) == before
    assert no_run == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_an_output_that_is_not_a_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: list[Any], kind: str
) -> None:
    if kind == "folder":
        target = tmp_path / "x.csv"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "x.csv"
        os.mkfifo(target)
    else:
        target = tmp_path / "null.csv"
        target.symlink_to("/dev/null")
    assert_refused(call(capsys, *RUN, "--out", str(target)), "--out")
    assert Path("/dev/null").is_char_device()
    assert no_run == []


def test_a_read_only_output_is_refused_not_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: list[Any]
) -> None:
    target = tmp_path / "keep.csv"  # refused by its permissions even for root
    target.write_text("kept", "utf-8")
    target.chmod(0o444)
    before = snapshot(tmp_path)
    assert_refused(call(capsys, *RUN, "--out", str(target)), "read-only")
    assert snapshot(tmp_path) == before


FILE_SIZE_LIMIT = 30_000
"""Bytes: above the percentile CSV of RUN (~10 kB), below its paths CSV (~70 kB)."""


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def test_a_write_that_fails_part_way_leaves_nothing(tmp_path: Path) -> None:
    """A file-size limit (as a full disk) cut the CSV short and left it. Now the small output
    is not left either, nor any temporary file, and an older file at the path is kept."""
    ok, big = tmp_path / "ok.csv", tmp_path / "big.csv"
    big.write_text("an older file", "utf-8")
    before = snapshot(tmp_path)
    result = sim_process(*RUN, "--out", str(ok), "--paths-out", str(big), preexec=_limit_file_size)
    assert_refused(result, "--paths-out", "big.csv")
    assert snapshot(tmp_path) == before
    # the same command without the limit writes both (so the limit was what failed)
    code, _, err = sim_process(*RUN, "--out", str(ok), "--paths-out", str(big))
    assert code == 0, err
    assert 0 < ok.stat().st_size < FILE_SIZE_LIMIT < big.stat().st_size


def test_a_rename_that_fails_removes_the_outputs_already_placed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        if Path(dst) == second:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = call(capsys, *RUN, "--out", str(first), "--paths-out", str(second))
    assert_refused(result, "--paths-out", "No space left")
    assert snapshot(tmp_path) == {}


def test_an_interruption_during_the_run_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[set[str]] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        seen.append({p.name for p in tmp_path.iterdir()})
        raise KeyboardInterrupt

    monkeypatch.setattr(simulate_module, "simulate", interrupted)
    code, out, err = call(capsys, *RUN, "--out", str(tmp_path / "r.csv"))
    assert code == 130 and out == "" and err == "error: interrupted\n"
    assert len(seen) == 1 and len(seen[0]) == 1, "the temporary file exists during the run"
    assert snapshot(tmp_path) == {}


def test_good_outputs_are_complete_files_with_ordinary_permissions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", "utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    paths = tmp_path / "paths.csv"
    mask = os.umask(0o022)
    os.umask(mask)
    code, _, err = call(capsys, *RUN, "--out", str(link), "--paths-out", str(paths))
    assert code == 0, err
    assert link.is_symlink() and real.read_text("utf-8").startswith("# app: creator-sim")
    assert real.stat().st_mode & 0o777 == 0o640, "an existing file keeps its permissions"
    assert paths.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "paths.csv", "real.csv"]


def test_staged_outputs_remove_their_temporary_files_on_any_error(tmp_path: Path) -> None:
    from sim.io.safe_io import plan_outputs, staged_outputs

    outputs = plan_outputs([("--out", str(tmp_path / "a.csv"))])
    with pytest.raises(RuntimeError), staged_outputs(outputs) as staged:
        assert isinstance(staged, Staged)
        assert len(list(tmp_path.iterdir())) == 1
        staged.write(outputs[0], b"half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    assert isinstance(outputs[0], Output)


WARNS_THEN = """
import sys, numpy as np, sim.cli.common, sim.cli.entry, sim.cli.listing
def command(args):
    np.log(np.zeros(1)), np.float64(1e308) * 10  # divide by zero, overflow
    if args.command == "presets":
        raise sim.cli.common.BadInput("--x: refused")
    return 0
sim.cli.listing.cmd_presets = sim.cli.listing.cmd_schema = command
sys.exit(sim.cli.entry.main(sys.argv[1:]))
"""


def test_numpy_warnings_do_not_sit_beside_the_error_line() -> None:
    """Issue 17 (low): a RuntimeWarning raised on the way to a refusal is not printed."""

    def run(command: str) -> tuple[int, str, str]:
        proc = subprocess.run([sys.executable, "-c", WARNS_THEN, command], capture_output=True,
                              text=True, cwd=ROOT, timeout=60, check=False)  # fmt: skip
        return proc.returncode, proc.stdout, proc.stderr

    assert run("presets") == (2, "", "error: --x: refused\n")
    code, _, err = run("schema")  # a command that succeeds still shows them
    assert code == 0 and "RuntimeWarning: divide by zero" in err and "overflow" in err
