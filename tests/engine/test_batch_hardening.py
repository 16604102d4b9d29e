"""`batch` and `sweep` under hostile input (issue 17, items 5 and 9 and the low ones): --resume
never changes a file it did not write (its header is checked before anything is cut), a resume
file it cannot read is one line; the grid is exact decimal arithmetic with bounded sizes and
nesting; a Parquet output is as safe as the CSV one (inert formula cells, a symbolic link kept).
Every refusal is exit 2 and one line, and the file is checked byte for byte and by mtime."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.common import BadInput
from sim.cli.sweep import MAX_GRID_VALUES, grid_values
from tests.engine.test_batch import call

FAST = ["--paths", "100", "--seed", "7"]


def profiles(folder: Path, *ids: str) -> Path:
    path = folder / "p.csv"
    path.write_text("id,months\n" + "".join(f"{i},2\n" for i in ids), encoding="utf-8")
    return path


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def assert_one_line(result: tuple[int, str, str], *words: str) -> str:
    code, out, err = result
    assert code == 2 and out == "", (code, err)
    assert err.count("\n") == 1 and err.startswith("error: ") and len(err) < 300, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


# --- --resume: only ever this command's own output ------------------------------------------


@pytest.mark.parametrize("command", ["batch", "sweep"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.csv", b"my precious notes, no newline"),
        ("notes.csv", b"first line\nsecond line, no newline"),
        ("notes.csv", b"row,id,platform\r\n1,a,tiktok\r\n2,b,tik"),
        ("notes.parquet", b"my precious notes, no newline"),
    ],
    ids=["one-line", "two-lines", "a-csv-of-other-columns", "parquet"],
)
def test_resume_never_cuts_or_overwrites_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str, content: bytes
) -> None:
    notes = tmp_path / name
    notes.write_bytes(content)
    before = state(notes)
    if command == "batch":
        args = ["batch", str(profiles(tmp_path, "a"))]
    else:
        args = ["sweep", "--set", "months=2", "--grid", "posts_per_week=1,2"]
    err = assert_one_line(call(capsys, *args, "--out", str(notes), "--resume", *FAST))
    assert "--resume: " in err
    if name.endswith(".csv"):
        assert "does not start with the columns this command writes" in err
        assert "left as it is" in err
    assert state(notes) == before


def test_resume_of_another_runs_output_leaves_even_its_cut_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = profiles(tmp_path, "a", "b")
    out = tmp_path / "out.csv"
    assert call(capsys, "batch", str(source), "--out", str(out), *FAST)[0] == 0
    with out.open("ab") as handle:
        handle.write(b"3,c,,tik")  # a row cut off by a crash
    before = state(out)
    result = call(capsys, "batch", str(source), "--out", str(out), "--resume", "--paths", "200",
                  "--seed", "7")  # fmt: skip
    assert_one_line(result, "was written by another run")
    assert state(out) == before


def test_a_resume_file_with_a_huge_field_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = profiles(tmp_path, "a")
    out = tmp_path / "out.csv"
    assert call(capsys, "batch", str(source), "--out", str(out), *FAST)[0] == 0
    header = out.read_bytes().split(b"\r\n")[0] + b"\r\n"
    out.write_bytes(header + b"1,a," + b"x" * 200_000 + b"\r\n")
    before = state(out)
    result = call(capsys, "batch", str(source), "--out", str(out), "--resume", *FAST)
    assert_one_line(result, "is not a CSV this command wrote", "field larger than field limit")
    assert state(out) == before


def test_resume_still_finishes_a_cut_off_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = profiles(tmp_path, "a", "b", "c")
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    assert call(capsys, "batch", str(source), "--out", str(whole), *FAST)[0] == 0
    lines = whole.read_bytes().split(b"\r\n")
    cut.write_bytes(b"\r\n".join(lines[:2]) + b"\r\n" + lines[2][:9])  # row 2 cut mid-line
    code, _, err = call(capsys, "batch", str(source), "--out", str(cut), "--resume", *FAST)
    assert code == 0, err
    assert cut.read_bytes() == whole.read_bytes()
    empty = tmp_path / "empty.csv"  # cut off before its header
    empty.write_bytes(b"")
    assert call(capsys, "batch", str(source), "--out", str(empty), "--resume", *FAST)[0] == 0
    assert empty.read_bytes() == whole.read_bytes()


# --- Parquet: inert cells, a symbolic link kept -----------------------------------------------


def test_parquet_output_neutralises_formula_cells_and_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.csv"
    source.write_text('id,months\n"=HYPERLINK(""http://x"")",2\n@SUM(1),2\nplain,2\n', "utf-8")
    real = tmp_path / "real.parquet"
    link = tmp_path / "link.parquet"
    link.symlink_to(real.name)
    code, _, err = call(capsys, "batch", str(source), "--out", str(link), *FAST)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == real.name
    table = pd.read_parquet(real)
    assert list(table["id"]) == ['\'=HYPERLINK("http://x")', "'@SUM(1)", "plain"]
    as_csv = tmp_path / "same.csv"
    assert call(capsys, "batch", str(source), "--out", str(as_csv), *FAST)[0] == 0
    assert list(pd.read_csv(as_csv)["id"]) == list(table["id"])
    # a resumed Parquet output matches its own rows (the ids read back are the inert ones)
    before = real.read_bytes()
    code, _, err = call(capsys, "batch", str(source), "--out", str(link), "--resume", *FAST)
    assert code == 0 and "0 rows to run (3 already in" in err, err
    assert link.is_symlink() and pd.read_parquet(real).equals(pd.read_parquet(io.BytesIO(before)))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- --grid: exact decimals, bounded sizes and nesting ----------------------------------------


def test_a_grid_range_is_exact_decimal_points() -> None:
    expected = [float(f"{k}e-7") for k in range(1, 11)]  # 1e-07, 2e-07, ... 1e-06
    assert grid_values("viral_post_probability=1e-7:1e-6:1e-7") == expected
    assert grid_values("x=0.1:0.3:0.1") == [0.1, 0.2, 0.3]
    assert grid_values("x=1:10:3") == [1, 4, 7, 10]
    assert len(grid_values(f"x=0:{MAX_GRID_VALUES - 1}:1")) == MAX_GRID_VALUES


@pytest.mark.parametrize(
    ("grid", "words"),
    [
        ("x=0:1:5e-324", ["makes more than 10,000 values"]),
        ("x=0:1e308:1e-10", ["makes more than 10,000 values"]),
        ("x=-1e308:1e308:1", ["makes more than 10,000 values"]),
        ("x=" + "[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
        ("x=1,[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]", ["nested too deeply"]),
        ("x=1,NaN", ["not a finite number"]),
    ],
)
def test_a_grid_too_big_or_too_deep_is_one_line(grid: str, words: list[str]) -> None:
    with pytest.raises(BadInput) as caught:
        grid_values(grid)
    for word in words:
        assert word in str(caught.value)


def test_a_bad_grid_on_the_command_line_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    for grid in ("posts_per_week=0:1:5e-324", "posts_per_week=" + "[" * 5000 + "]" * 5000):
        assert_one_line(call(capsys, "sweep", "--grid", grid, "--out", str(out), *FAST))
    assert not out.exists()


def test_a_sweep_over_tiny_steps_runs_every_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    grid = "viral_post_probability=1e-7:5e-7:1e-7"
    code, _, err = call(capsys, "sweep", "--set", "months=2", "--grid", grid, "--out", str(out),
                        *FAST)  # fmt: skip
    assert code == 0, err
    table = pd.read_csv(out)
    assert list(table["viral_post_probability"]) == [1e-7, 2e-7, 3e-7, 4e-7, 5e-7]
