"""Preset and model version 3 (issue 18, item 9): one engine; links and files of versions 1 and
2 open with the person's own inputs and one notice; a version-3 link or file round-trips
exactly; released preset folders stay as they were released.

The version-2 fixtures (tests/data/v2_link.txt, v2_scenario.json, v2_results.json) were written
by the version-2 app itself, commit 2b4ef92 (the last before model version 3), run from an
export of that commit (``git archive 2b4ef92 | tar -x -C DIR``, then with ``PYTHONPATH=DIR``):

    sc = Scenario.from_preset("instagram", "fitness", start_followers=5000, months=18,
        start_month=3, posts_per_week=4.0, hours_per_post=3.0, job_hours_per_week=32.0,
        day_job_wage_usd_per_hour=31.0, min_fee_usd=120.0, software_usd_per_month=12.0,
        fatigue_capacity_hours=200.0,
        timeline=(PlannedChange(month=7, what="job_hours_per_week", value=24),
                  PlannedChange(month=13, what="raise_rate_pct", value=20)))
    run = RunSettings(paths=600, seed=11)
    urlencode(encode_query(sc, run)); scenario_to_json(sc, run, extra_provenance=...)
    results_json(simulate(sc, run.paths, run.seed))

The person set one model assumption themselves (fatigue capacity 200 h; version 2's default
was 117 h, version 3's is 390 h): it is theirs, and kept.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest

from sim import MODEL_VERSION, PRESET_VERSION, RunSettings, Scenario, simulate
from sim.cli.entry import main
from sim.io.codec import decode_query, decode_upload, encode_query, scenario_to_json
from sim.io.export import results_json
from sim.io.migrate import V1_NOTICE, effective_version, notice
from sim.model.presets import available_versions, niches, preset_values
from sim.model.scenario import PlannedChange
from tests.test_codec import assert_bit_identical, moved

DATA = Path(__file__).with_name("data")
PERSON = {
    "start_followers": 5000,
    "months": 18,
    "start_month": 3,
    "posts_per_week": 4.0,
    "hours_per_post": 3.0,
    "job_hours_per_week": 32.0,
    "day_job_wage_usd_per_hour": 31.0,
    "min_fee_usd": 120.0,
    "software_usd_per_month": 12.0,
    "fatigue_capacity_hours": 200.0,
    "timeline": (
        PlannedChange(month=7, what="job_hours_per_week", value=24),
        PlannedChange(month=13, what="raise_rate_pct", value=20),
    ),
}
"""What the person behind the version-2 fixtures set (every other value was a default)."""
V2_OPENING = "This plan was made with model version 2."


def query(text: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(text.strip()).items()}


def v2_link() -> dict[str, str]:
    return query((DATA / "v2_link.txt").read_text("utf-8"))


def opened_as_v3() -> Scenario:
    """The person's plan as version 3 reads it: their inputs on version 3's presets."""
    return Scenario.from_preset("instagram", "fitness", **PERSON)


def version_notices(notices: tuple[str, ...]) -> list[str]:
    return [n for n in notices if "model version" in n]


# --- the version numbers ---------------------------------------------------------------------


def test_model_and_preset_version_3_and_every_older_folder_shipped() -> None:
    assert (MODEL_VERSION, PRESET_VERSION) == (3, 3)
    assert available_versions() == (1, 2, 3)


def test_what_a_run_records_says_version_3() -> None:
    sc = Scenario.from_preset(months=2)
    results = simulate(sc, 40, 1)
    assert (results.preset_version, results.model_version) == (3, 3)
    provenance = json.loads(results_json(results))["provenance"]
    assert (provenance["preset_version"], provenance["model_version"]) == (3, 3)
    link = encode_query(sc, RunSettings())
    assert (link["v"], link["model"]) == ("3", "3")
    document = json.loads(scenario_to_json(sc, RunSettings()))
    assert (document["preset_version"], document["model_version"]) == (3, 3)


# --- the released folders --------------------------------------------------------------------

RELEASED = {
    (1, "base"): "4d700f8e39bf128f",
    (1, "niches"): "2adb6f2da110699d",
    (1, "platforms"): "e65be547542d8d15",
    (2, "base"): "64dff173ce728756",
    (2, "calibrated"): "14a1c7f471991b58",
    (2, "plans"): "54864c91358b4454",
    (2, "platforms"): "a45504179d64b45c",
}
"""The data of each released preset file (parsed, so comments and line endings are free);
version 2's as shipped by commit 2b4ef92. Its niches.toml later gained niches that no
version-2 link could name (gaming, comedy, lifestyle, education), and is checked against
version 3's below."""


@pytest.mark.parametrize(("version", "name"), list(RELEASED), ids=lambda x: str(x))
def test_a_released_preset_folder_is_as_it_was_released(version: int, name: str) -> None:
    text = resources.files("sim.model.presets").joinpath(f"v{version}", f"{name}.toml").read_text()
    data = json.dumps(tomllib.loads(text), sort_keys=True).encode()
    assert hashlib.sha256(data).hexdigest()[:16] == RELEASED[version, name], (
        f"sim/model/presets/v{version}/{name}.toml changed: a released version is never edited; "
        "changed defaults go into a new version folder (sim/model/presets/__init__.py)"
    )


def test_version_2_data_is_version_2s() -> None:
    """What a version-2 link meant: version 2's own calibration and no version-3 inputs."""
    v2, v3 = preset_values("instagram", "fashion", 2), preset_values("instagram", "fashion", 3)
    assert v2["fatigue_capacity_hours"] == 117 and v3["fatigue_capacity_hours"] == 390.3
    assert v2["quit_probability_on_burnout"] == 0.25 > v3["quit_probability_on_burnout"]
    assert "goal" not in v2 and v3["goal"] == "pays_for_itself"
    assert set(v2) < set(v3)


def test_every_niche_of_version_2_is_in_version_3_unchanged() -> None:
    """A version-2 link's niche opens in version 3 with the same multipliers."""
    assert list(niches(2)) == list(niches(3))[: len(niches(2))]
    for niche in niches(2):
        v2, v3 = preset_values("youtube", niche, 2), preset_values("youtube", niche, 3)
        for field in ("niche_crowding", "niche_deal_demand", "niche_fee_multiplier"):
            assert v2[field] == v3[field], (niche, field)


# --- a version-2 link ------------------------------------------------------------------------


def test_a_version_2_link_opens_with_the_persons_inputs_and_one_notice() -> None:
    params = v2_link()
    assert (params["v"], params["model"]) == ("2", "2")
    decoded = decode_query(params)
    sc = decoded.scenario
    assert_bit_identical(sc, opened_as_v3())
    # exactly the person's inputs differ from version 3's defaults
    set_in_link = set(params) - {"v", "model", "platform", "niche", "paths", "seed"}
    assert set(sc.changed_from_preset()) == set_in_link == set(PERSON)
    # the rest is version 3's: its calibration, its new inputs, its goal
    v3 = preset_values("instagram", "fitness")
    assert sc.quit_probability_on_burnout == v3["quit_probability_on_burnout"]
    assert (
        sc.quit_probability_on_burnout
        != preset_values("instagram", "fitness", 2)["quit_probability_on_burnout"]
    )
    assert (sc.goal, sc.savings_usd) == ("pays_for_itself", v3["savings_usd"])
    assert decoded.settings == RunSettings(paths=600, seed=11)
    assert len(decoded.notices) == 1, decoded.notices
    (said,) = decoded.notices
    assert said.startswith(V2_OPENING)
    assert f"model version {MODEL_VERSION}" in said and "It pays for itself" in said


def test_a_version_2_link_re_shared_is_a_version_3_link_of_the_same_plan() -> None:
    decoded = decode_query(v2_link())
    link = encode_query(decoded.scenario, decoded.settings)
    assert (link["v"], link["model"]) == ("3", "3")
    again = decode_query(link)
    assert again.notices == ()
    assert_bit_identical(again.scenario, decoded.scenario)


NOT_IN_A_LINK = ("platform", "niche")


@pytest.mark.parametrize("name", [n for n in Scenario.model_fields if n not in NOT_IN_A_LINK])
def test_any_value_a_version_2_link_sets_is_kept_and_nothing_else(name: str) -> None:
    """One field set in a version-2 link: that value, and version 3's defaults elsewhere."""
    want = moved(name)
    params = {**encode_query(want, RunSettings()), "v": "2", "model": "2"}
    decoded = decode_query(params)
    assert_bit_identical(decoded.scenario, want)
    assert decoded.notices == (notice(2, 2, want.goal),)


def test_a_version_2_link_with_a_goal_names_that_goal() -> None:
    decoded = decode_query({**v2_link(), "goal": "living"})
    assert decoded.scenario.goal == "living"
    (said,) = decoded.notices
    assert "“A living”" in said and "It pays for itself" not in said


def test_a_version_2_link_keeps_its_other_notices_after_the_version_notice() -> None:
    decoded = decode_query({**v2_link(), "posts_per_week": "500", "colour": "red"})
    assert decoded.notices[0].startswith(V2_OPENING)
    assert len(version_notices(decoded.notices)) == 1
    assert any("posts_per_week" in n for n in decoded.notices[1:])
    assert any("colour" in n for n in decoded.notices[1:])


def test_a_plan_of_preset_2_made_by_model_3_was_made_on_version_3_data() -> None:
    """Model version 3 first ran on the v2 folder, edited in place: such a link (v=2, model=3)
    was made against version 3's data, and opens as it is, without a notice."""
    assert effective_version(2, 3) == 3 and effective_version(2, 2) == 2
    assert effective_version(2, None) == 2 and effective_version(1, 3) == 1
    want = opened_as_v3().model_copy(update={"goal": "side_income"})
    params = {**encode_query(want, RunSettings()), "v": "2", "model": "3"}
    decoded = decode_query(params)
    assert decoded.notices == ()
    assert_bit_identical(decoded.scenario, want)
    data = scenario_to_json(want, RunSettings()).replace(
        '"preset_version": 3', '"preset_version": 2'
    )
    result = decode_upload(data.encode())
    assert result.error is None and result.notices == ()
    assert result.scenario == want


# --- a version-2 file ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["v2_scenario.json", "v2_results.json"])
def test_a_version_2_file_opens_with_the_persons_inputs_and_one_notice(name: str) -> None:
    """The scenario export and the results export of the version-2 app; the results export
    also carries the figures version 2 showed, so the app can say how far they moved."""
    result = decode_upload((DATA / name).read_bytes())
    assert result.error is None, result.error
    assert result.scenario is not None
    assert_bit_identical(result.scenario, opened_as_v3())
    assert result.settings == RunSettings(paths=600, seed=11)
    assert result.made_with_model == 2
    assert len(result.notices) == 1 and result.notices[0].startswith(V2_OPENING)
    if name == "v2_results.json":
        assert result.old_summary is not None
        assert result.old_summary["p_success"] == pytest.approx(1 / 600)
    else:
        assert result.old_summary is None


def v2_file(changes: dict[str, Any], provenance: dict[str, Any] | None = None) -> bytes:
    """A scenario file as the version-2 app wrote one: every version-2 field, here at version
    2's defaults for Instagram fashion, with ``changes``."""
    shape = json.loads((DATA / "v2_scenario.json").read_text("utf-8"))["scenario"]
    defaults = preset_values("instagram", "fashion", 2)
    scenario = {k: defaults.get(k, [] if k == "timeline" else True) for k in shape if k != "niche"}
    scenario["niche"] = "fashion"
    document = {
        "format": "creator-sim-scenario",
        "preset_version": 2,
        "model_version": 2,
        "scenario": {**scenario, **changes},
        "run": {"paths": 500, "seed": 3},
        "provenance": provenance or {"app": "creator-sim"},
    }
    return json.dumps(document).encode()


def test_a_version_2_file_at_its_defaults_opens_at_version_3s() -> None:
    result = decode_upload(v2_file({}))
    assert result.error is None, result.error
    assert result.scenario == Scenario()
    assert len(result.notices) == 1


@pytest.mark.parametrize("name", [n for n in Scenario.model_fields if n not in NOT_IN_A_LINK])
def test_any_value_a_version_2_file_sets_is_kept_and_nothing_else(name: str) -> None:
    want = moved(name)
    result = decode_upload(v2_file({name: want.model_dump(mode="json")[name]}))
    assert result.error is None, result.error
    assert result.scenario is not None
    assert_bit_identical(result.scenario, want)
    assert result.notices == (notice(2, 2, want.goal),)


def test_a_value_the_files_provenance_names_is_kept_even_at_version_2s_default() -> None:
    """The sender set it (the app listed it as changed), so it is theirs."""
    v2_default = preset_values("instagram", "fashion", 2)["quit_probability_on_burnout"]
    named = decode_upload(v2_file({}, {"changed_from_preset": ["quit_probability_on_burnout"]}))
    assert named.scenario is not None
    assert named.scenario.quit_probability_on_burnout == v2_default
    unnamed = decode_upload(v2_file({}))
    assert unnamed.scenario is not None
    assert unnamed.scenario.quit_probability_on_burnout != v2_default


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"colour": "red"}, ["colour", "unknown field"]),
        ({"months": "12"}, ["scenario.months", "integer"]),
        ({"months": 24.0}, ["scenario.months", "integer"]),
        ({"posts_per_week": 500}, ["scenario.posts_per_week"]),
        ({"niche": "knitting"}, ["scenario.niche"]),
    ],
)
def test_a_version_2_file_is_refused_for_what_a_current_file_would_be(
    changes: dict[str, Any], words: list[str]
) -> None:
    result = decode_upload(v2_file(changes))
    assert result.scenario is None and result.error is not None
    for word in words:
        assert word in result.error, result.error


# --- version 1, still ------------------------------------------------------------------------


def test_a_version_1_link_and_files_still_open_with_one_version_notice() -> None:
    link = decode_query(query((DATA / "v1_link.txt").read_text("utf-8")))
    files = [
        decode_upload((DATA / n).read_bytes()) for n in ("v1_scenario.json", "v1_results.json")
    ]
    for notices in [link.notices, *(f.notices for f in files)]:
        assert version_notices(notices)[0] == V1_NOTICE
        assert sum(n.startswith("This plan was made") for n in notices) == 1
    scenarios = [link.scenario, *(f.scenario for f in files)]
    assert all(sc == scenarios[0] for sc in scenarios)


# --- version 3 round trips -------------------------------------------------------------------


def v3_plans() -> list[Scenario]:
    return [
        Scenario(),
        opened_as_v3(),
        Scenario.from_preset(
            "youtube",
            "gaming",
            goal="living",
            living_costs_usd_per_month=2210.55,
            savings_usd=12345.678,
            job_hours_per_week=0.0,
            count_owed_at_horizon=True,
            fatigue_capacity_hours=333.3333333333333,
        ),
    ]


@pytest.mark.parametrize("index", range(3))
def test_a_version_3_link_round_trips_byte_identical(index: int) -> None:
    sc, run = v3_plans()[index], RunSettings(paths=750, seed=9)
    text = urlencode(encode_query(sc, run))
    decoded = decode_query(query(text))
    assert decoded.notices == ()
    assert_bit_identical(decoded.scenario, sc)
    assert urlencode(encode_query(decoded.scenario, decoded.settings)) == text


@pytest.mark.parametrize("index", range(3))
def test_a_version_3_file_round_trips_byte_identical(index: int) -> None:
    sc, run = v3_plans()[index], RunSettings(paths=750, seed=9)
    text = scenario_to_json(sc, run)
    result = decode_upload(text.encode())
    assert result.notices == () and result.scenario is not None and result.settings is not None
    assert scenario_to_json(result.scenario, result.settings) == text


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_runs_a_version_2_scenario_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "results.json"
    args = ["run", "--scenario", str(DATA / "v2_scenario.json"), "--paths", "100"]
    code = main([*args, "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(printed)
    expected = simulate(opened_as_v3(), 100, 11).summary
    assert summary == json.loads(json.dumps(expected.as_dict()))
    assert summary["goal"] == "pays_for_itself"
    provenance = json.loads(out.read_text("utf-8"))["provenance"]
    assert (provenance["preset_version"], provenance["model_version"]) == (3, 3)
    assert provenance["scenario"]["fatigue_capacity_hours"] == 200.0
    # the one notice the app shows, on stderr as one line (stdout stays the summary alone)
    notes = err.strip().splitlines()
    assert len(notes) == 1 and notes[0].startswith("note: --scenario: "), err
    assert "model version 2" in notes[0] and "It pays for itself" in notes[0]


def test_a_current_scenario_file_runs_without_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    current = tmp_path / "scenario.json"
    current.write_text(scenario_to_json(Scenario(months=6), RunSettings(paths=100)), "utf-8")
    assert main(["run", "--scenario", str(current)]) == 0
    printed, err = capsys.readouterr()
    assert "note:" not in err and json.loads(printed)["months"] == 6
