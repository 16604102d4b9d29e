"""`python -m sim calibrate` under hostile input (issue 17, item 6): inputs read bounded from
regular files only, every output checked before any work (never a folder, a pipe, a read-only
file or an input), malformed targets and posteriors refused with one line, and a run that
would calibrate against nothing refused. Every refusal happens before the executor starts or
anything is simulated (the fixture fails the test otherwise), exits 2 with one line, and
leaves every file as it was (bytes and mtime)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sim.cli import calibrate as command
from tests.engine.test_cli import call
from tests.engine.test_cli_hardening import assert_refused, snapshot

ROOT = Path(__file__).resolve().parents[2]
POSTERIOR = ROOT / "sim" / "calibration" / "posterior.json"
POPULATION = """
[population.small]
label = "Small accounts"
platforms = { instagram = 1.0 }
followers = [100, 10000]
plans = { side_hustle = 1.0 }
months = 12
"""
GROWTH_TARGET = """
[[target]]
id = "growth_only"
section = "Follower growth"
figure = "grow 2-5% a month"
source = "a test"
population = "small"
statistic = "median_monthly_growth"
value = 0.035
tolerance = 0.02
quality = "a test"
stage = "growth"
"""


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail the test if the executor starts or anything is calibrated or validated."""
    import sim.many.executor

    calls: list[str] = []

    def refuse(name: str) -> Any:
        def stop(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} ran although the command should have refused")

        return stop

    monkeypatch.setattr(sim.many.executor, "executor_from_args", refuse("executor"))
    monkeypatch.setattr(command, "calibrate", refuse("calibrate"))
    monkeypatch.setattr(command, "validate", refuse("validate"))
    return calls


def posterior(folder: Path, change: Any = None, name: str = "post.json") -> Path:
    document = json.loads(POSTERIOR.read_text("utf-8"))
    if change is not None:
        change(document)
    path = folder / name
    path.write_text(json.dumps(document), "utf-8")
    return path


def refused(capsys: pytest.CaptureFixture[str], folder: Path, *args: str, words: tuple[str, ...]):
    before = snapshot(folder)
    line = assert_refused(call(capsys, "calibrate", *args), *words)
    assert snapshot(folder) == before
    return line


# --- outputs: checked before any work, never an input -------------------------------------------


@pytest.mark.parametrize("kind", ["folder", "fifo", "read-only"])
def test_an_output_that_cannot_take_the_file_is_refused_up_front(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str], kind: str
) -> None:
    source = posterior(tmp_path)
    out = tmp_path / "preset.toml"
    if kind == "folder":
        out.mkdir()
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out.write_text("kept", "utf-8")
        out.chmod(0o444)
    word = {"folder": "is a folder", "fifo": "is a pipe", "read-only": "is read-only"}[kind]
    args = ["--from-posterior", str(source), "--preset-out", str(out)]
    refused(capsys, tmp_path, *args, words=("--preset-out", word))
    # the long search too: refused before it starts, not after it
    refused(capsys, tmp_path, "--out", str(out), words=("--out", word))


@pytest.mark.parametrize(
    ("option", "input_option"),
    [
        ("--preset-out", "--from-posterior"),
        ("--validation-out", "--from-posterior"),
        ("--preset-out", "--targets"),
        ("--out", "--targets"),
    ],
)
def test_an_output_is_never_an_input(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    no_work: list[str],
    option: str,
    input_option: str,
) -> None:
    source = posterior(tmp_path)
    targets = tmp_path / "targets.toml"
    targets.write_bytes((ROOT / "sim" / "calibration" / "targets.toml").read_bytes())
    same = str(source if input_option == "--from-posterior" else targets)
    args = ["--targets", str(targets)]
    if input_option == "--from-posterior" or option != "--out":
        args += ["--from-posterior", str(source)]
    args += [option, same]
    refused(capsys, tmp_path, *args, words=(option, "is the input file"))


def test_two_outputs_on_one_path_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str]
) -> None:
    out = str(tmp_path / "both.json")
    refused(capsys, tmp_path, "--out", out, "--validation-out", out, words=("is also the --out",))


# --- inputs: bounded, regular files, well formed ----------------------------------------------


@pytest.mark.parametrize("option", ["--targets", "--from-posterior"])
@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder", "missing"])
def test_an_input_that_is_not_a_regular_file_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str], option: str, kind: str
) -> None:
    path = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "in"), "folder": str(tmp_path),
            "missing": str(tmp_path / "missing")}[kind]  # fmt: skip
    if kind == "fifo":
        os.mkfifo(path)
    words = {"/dev/zero": "is a device", "fifo": "is a pipe", "folder": "is a folder",
             "missing": "cannot read"}[kind]  # fmt: skip
    refused(capsys, tmp_path, option, path, "--out", str(tmp_path / "o.json"),
            words=(option, words))  # fmt: skip


def test_an_oversized_targets_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str]
) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * command.MAX_TARGETS_BYTES)
    refused(capsys, tmp_path, "--targets", str(big), "--out", str(tmp_path / "o.json"),
            words=("over the limit",))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("population = 5\n", ("population: expected tables",)),
        ("target = 5\n", ("target: expected an array of tables",)),
        ("population = [1, 2]\n", ("population: expected tables",)),
        ("[population]\nsmall = 5\n", ("population: expected tables",)),
        ("[[target]]\nid = 'x'\n", ("[[target]] x", "Field required")),
        (POPULATION.replace("months = 12", "months = 'a year'"), ("[population.small] months",)),
        (POPULATION + GROWTH_TARGET.replace('"small"', '"nobody"'), ("unknown population",)),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", ("more than 10 levels deep",)),
        ("a = {b = " * 50 + "1" + "}" * 50 + "\n", ("more than 10 levels deep",)),
        ("this is not toml\n", ("Expected '=' after a key",)),
        ("", ("has no targets", "calibrate against nothing")),
        (POPULATION, ("has no targets", "calibrate against nothing")),
    ],
)
def test_a_malformed_or_empty_targets_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str], text: str,
    words: tuple[str, ...],
) -> None:  # fmt: skip
    targets = tmp_path / "t.toml"
    targets.write_text(text, "utf-8")
    refused(capsys, tmp_path, "--targets", str(targets), "--out", str(tmp_path / "o.json"),
            words=("--targets", *words))  # fmt: skip


def test_a_targets_file_that_is_not_utf8_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str]
) -> None:
    targets = tmp_path / "t.toml"
    targets.write_bytes(b"a = '\xff'\n")
    refused(capsys, tmp_path, "--targets", str(targets), "--out", str(tmp_path / "o.json"),
            words=("is not UTF-8 text",))  # fmt: skip


def test_a_stage_without_targets_is_not_calibrated_against_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str]
) -> None:
    targets = tmp_path / "t.toml"
    targets.write_text(POPULATION + GROWTH_TARGET, "utf-8")
    refused(capsys, tmp_path, "--targets", str(targets), "--out", str(tmp_path / "o.json"),
            words=("no target for the deals stage", "against nothing"))  # fmt: skip
    assert_refused(call(capsys, "calibrate", "--stages", ",", "--out", str(tmp_path / "o.json")),
                   "--stages: give at least one")  # fmt: skip


def _nan_best(document: dict[str, Any]) -> None:
    stage = document["stages"][0]
    stage["best"][next(iter(stage["best"]))] = float("nan")


def _text_value(document: dict[str, Any]) -> None:
    stage = document["stages"][1]
    stage["accepted"][0][stage["parameters"][0]] = "nan"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(provenance=[1, 2]), ("provenance: Input should be a valid dict",)),
        (_nan_best, ("stages.0.best.", "finite number")),
        (_text_value, ("stages.1.accepted.0.", "finite number")),
        (lambda d: d.update(stages=[]), ("stages:", "at least 1")),
        (lambda d: d["stages"][0].update(stage="luck"), ("unknown stage",)),
        (lambda d: d["stages"][0]["parameters"].append("charm"), ("unknown parameters",)),
        (lambda d: d["stages"][0]["accepted"][0].pop("distance"), ("lacks a parameter",)),
        (lambda d: d.pop("stages"), ("stages: Field required",)),
        (lambda d: d["stages"][0].update(best_distance=1e999), ("finite number",)),
        (lambda d: d["stages"][0]["best"].update(growth_scale=1e300), ("outside its prior",)),
        (lambda d: d["stages"][3]["accepted"][2].update(money_stress_hours=-1), ("outside",)),
    ],
)
def test_a_malformed_posterior_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str], change: Any,
    words: tuple[str, ...],
) -> None:  # fmt: skip
    source = posterior(tmp_path, change)
    refused(capsys, tmp_path, "--from-posterior", str(source), "--preset-out",
            str(tmp_path / "p.toml"), words=("--from-posterior", *words))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[]", ("Input should be a valid dict",)),
        ("not json", ("is not JSON",)),
        ('{"a":' + "[" * 100_000 + "]" * 100_000 + "}", ("more than 10 levels deep",)),
        ("", ("is not JSON",)),
    ],
)
def test_a_posterior_that_is_not_one_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_work: list[str], text: str,
    words: tuple[str, ...],
) -> None:  # fmt: skip
    source = tmp_path / "post.json"
    source.write_text(text, "utf-8")
    refused(capsys, tmp_path, "--from-posterior", str(source), "--preset-out",
            str(tmp_path / "p.toml"), words=("--from-posterior", *words))  # fmt: skip


def test_the_shipped_posterior_still_rebuilds_the_preset_through_a_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = posterior(tmp_path)
    real = tmp_path / "real.toml"
    real.write_text("old", "utf-8")
    link = tmp_path / "preset.toml"
    link.symlink_to(real.name)
    code, _, err = call(capsys, "calibrate", "--from-posterior", str(source), "--preset-out",
                        str(link))  # fmt: skip
    assert code == 0, err
    assert link.is_symlink() and real.read_text("utf-8").startswith("# Written by")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.json", "preset.toml", "real.toml"]
