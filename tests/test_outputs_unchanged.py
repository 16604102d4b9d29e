"""The command line's outputs and a share link, byte for byte against stored copies.

A small fixed run (200 futures, 12 months, seed 7) goes through the real command line
(``python -m sim`` in a child process from this tree, ``sim_process``) and every byte it
prints or writes is compared with ``tests/data/outputs/``; so is a batch of two profiles, the
presets listing, a share link and a scenario file for one fixed plan. A change that moves
code about must leave all of them as they are; a change that means to alter them rewrites the
stored copies with ``python -m tests.test_outputs_unchanged --write`` and says why in its
commit.

Left out of the comparison, because they change with no change of behaviour:
- ``created_utc`` in the provenance of ``--out`` files (the time of the run), and
- ``app_version`` in the same provenance and in the scenario file (the installed package's
  version, ``unknown`` when the tree is run without being installed).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest

from sim import PlannedChange, RunSettings, Scenario
from sim.io.codec import decode_query, decode_upload, encode_query, scenario_to_json
from tests.engine.test_cli_hardening import sim_process

DATA = Path(__file__).resolve().parent / "data" / "outputs"
RUN = ["--preset", "tiktok-beauty", "--set", "months=12", "--paths", "200", "--seed", "7"]
PROFILES = "id,platform,niche,posts_per_week,months\na,tiktok,beauty,3,6\nb,youtube,tech,5,6\n"
VOLATILE = re.compile(r'^(# (created_utc|app_version): .*|\s*"(created_utc|app_version)": .*)$')
"""Provenance lines that legitimately differ between two identical runs (see the docstring)."""


def stable(text: str) -> str:
    return "\n".join("<volatile>" if VOLATILE.match(line) else line for line in text.split("\n"))


def cli(*args: str) -> str:
    """``python -m sim ARGS`` from this tree, its stdout; fails on any exit but 0."""
    code, out, err = sim_process(*args, timeout_s=300)
    assert code == 0, err
    return out


def fixed_plan() -> tuple[Scenario, RunSettings]:
    """A plan away from its preset in several kinds of field, with a timeline."""
    scenario = Scenario.from_preset(
        "youtube",
        "tech",
        posts_per_week=4.0,
        hours_per_post=3.5,
        job_hours_per_week=32.0,
        accept_gifted=False,
        goal="side_income",
        timeline=(
            PlannedChange(month=6, what="job_hours_per_week", value=20.0),
            PlannedChange(month=9, what="purchase_usd", value=900.0),
        ),
    )
    return scenario, RunSettings(paths=1500, seed=11)


def outputs(work: Path) -> dict[str, str]:
    """Every stored output, made anew by this tree (files written into ``work``)."""
    files = {name: str(work / name) for name in ("run.csv", "run.json", "batch.csv")}
    made = {"run_stdout.json": cli("run", *RUN, "--out", files["run.csv"])}
    cli("run", *RUN, "--out", files["run.json"])
    (work / "profiles.csv").write_text(PROFILES, encoding="utf-8")
    batch = ["batch", str(work / "profiles.csv"), "--out", files["batch.csv"]]
    cli(*batch, "--paths", "100", "--seed", "3")
    made["presets.txt"] = cli("presets")
    for name, path in files.items():
        made[name] = Path(path).read_text(encoding="utf-8")
    scenario, settings = fixed_plan()
    made["link.txt"] = urlencode(encode_query(scenario, settings)) + "\n"
    made["scenario.json"] = scenario_to_json(scenario, settings)
    return made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return outputs(tmp_path_factory.mktemp("outputs"))


@pytest.mark.parametrize(
    "name",
    [
        "run_stdout.json",
        "run.csv",
        "run.json",
        "batch.csv",
        "presets.txt",
        "link.txt",
        "scenario.json",
    ],
)
def test_output_is_byte_identical_to_the_stored_one(made: dict[str, str], name: str) -> None:
    stored = (DATA / name).read_text(encoding="utf-8")
    assert stable(made[name]) == stable(stored)


def test_volatile_lines_are_only_the_documented_ones(made: dict[str, str]) -> None:
    # the masking hides two provenance keys and nothing else: the CSV has each once as a
    # `#` line, the JSON once in its provenance
    masked = [line for line in made["run.csv"].split("\n") if VOLATILE.match(line)]
    assert [line.split(":")[0] for line in masked] == ["# app_version", "# created_utc"]
    provenance = json.loads(made["run.json"])["provenance"]
    assert {"created_utc", "app_version"} <= provenance.keys()


def test_stored_link_opens_as_the_fixed_plan_and_encodes_back() -> None:
    stored = (DATA / "link.txt").read_text(encoding="utf-8").strip()
    decoded = decode_query(dict(parse_qsl(stored)))
    scenario, settings = fixed_plan()
    assert decoded.notices == ()
    assert decoded.scenario == scenario
    assert decoded.settings == settings
    assert urlencode(encode_query(decoded.scenario, decoded.settings)) == stored


def test_stored_scenario_file_opens_as_the_fixed_plan() -> None:
    decoded = decode_upload((DATA / "scenario.json").read_bytes())
    scenario, settings = fixed_plan()
    assert decoded.error is None
    assert decoded.scenario == scenario
    assert decoded.settings == settings


def main() -> None:
    """``--write``: store this tree's outputs as the reference (see the docstring)."""
    import tempfile

    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python -m tests.test_outputs_unchanged --write")
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for name, text in outputs(Path(work)).items():
            (DATA / name).write_text(text, encoding="utf-8")
            print(f"wrote {DATA / name}")


if __name__ == "__main__":
    main()
