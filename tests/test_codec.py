"""Share links and scenario files: exact round trips, and hostile input that never breaks."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any, get_args
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sim.io.codec as codec
from sim import MODEL_VERSION
from sim.io.codec import (
    FILE_FORMAT,
    MAX_JSON_DEPTH,
    MAX_NOTICES,
    MAX_UPLOAD_BYTES,
    DecodedLink,
    DecodedUpload,
    decode_query,
    decode_upload,
    encode_query,
    format_number,
    scenario_to_json,
    versions_read,
)
from sim.io.safe_text import MESSAGE_CHARS, QUOTE_CHARS, one_line, quote
from sim.model.presets import PLATFORMS, PRESET_VERSION, niches, preset_values
from sim.model.scenario import ChangeKind, PlannedChange, Scenario, field_range
from sim.model.settings import MAX_PATHS, MAX_SEED, MIN_PATHS, RunSettings

ROOT = Path(__file__).resolve().parents[1]
FIELDS = list(Scenario.model_fields)
RUN_KEYS = ["v", "model", "paths", "seed"]
CHANGE_KINDS: list[str] = list(ChangeKind.__args__)  # type: ignore[attr-defined]
FALLBACK_LINK = "The link could not be read"
FALLBACK_FILE = "The file could not be read as a scenario file."
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# --- helpers --------------------------------------------------------------------------------


def annotation(name: str) -> Any:
    return Scenario.model_fields[name].annotation


def assert_valid(scenario: Scenario) -> None:
    """The scenario passes the schema as it stands (nothing slipped past validation)."""
    assert isinstance(scenario, Scenario)
    assert Scenario.model_validate(scenario.model_dump()) == scenario


def assert_bit_identical(a: Scenario, b: Scenario) -> None:
    assert a == b
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert type(x) is type(y), name
        if isinstance(x, float):
            assert x.hex() == y.hex(), name
    for change_a, change_b in zip(a.timeline, b.timeline, strict=True):
        assert change_a.value.hex() == change_b.value.hex()


def change_range(what: str) -> tuple[float, float]:
    # The two kinds that are not scenario fields have their own bounds in PlannedChange.
    if what == "raise_rate_pct":
        return -90.0, 500.0
    if what == "purchase_usd":
        return 0.0, 100_000.0
    return field_range(what)


def link(**fields: str) -> dict[str, str]:
    """A well-formed link for the default preset, plus the given fields."""
    return {
        "v": str(PRESET_VERSION),
        "model": str(MODEL_VERSION),
        "platform": "instagram",
        "niche": "fashion",
        **fields,
    }


def round_trip(scenario: Scenario, run: RunSettings | None = None) -> DecodedLink:
    run = run or RunSettings()
    decoded = decode_query(encode_query(scenario, run))
    assert decoded.notices == ()
    assert decoded.settings == run
    assert_bit_identical(decoded.scenario, scenario)
    return decoded


def moved(name: str) -> Scenario:
    """The default scenario with one field moved to a non-default value inside its range."""
    base = Scenario()
    if name == "platform":
        return Scenario.from_preset(platform="tiktok")
    if name == "niche":
        return Scenario.from_preset(niche="tech")
    value: Any
    if name == "timeline":
        value = (
            PlannedChange(month=6, what="job_hours_per_week", value=30),
            PlannedChange(month=9, what="purchase_usd", value=1200.5),
            PlannedChange(month=12, what="raise_rate_pct", value=-12.25),
        )
    elif get_args(annotation(name)):  # a choice (Literal): another of its options
        value = next(v for v in get_args(annotation(name)) if v != getattr(base, name))
    elif annotation(name) is bool:
        value = not getattr(base, name)
    elif annotation(name) is int:
        lo, hi = field_range(name)
        value = getattr(base, name) + 1
        if value > hi:
            value = getattr(base, name) - 1
        assert lo <= value <= hi
    else:
        lo, hi = field_range(name)
        # Irrational fractions of the range: values with a long exact decimal form.
        value = lo + (hi - lo) * 0.3183098861837907
        if value == getattr(base, name):
            value = lo + (hi - lo) * 0.2718281828459045
    return Scenario.model_validate({**base.model_dump(), name: value})


# --- strategies -----------------------------------------------------------------------------


def field_values(name: str) -> st.SearchStrategy[Any]:
    kind = annotation(name)
    if kind is bool:
        return st.booleans()
    if get_args(kind):
        return st.sampled_from(get_args(kind))
    lo, hi = field_range(name)
    if kind is int:
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def planned_changes(draw: st.DrawFn) -> PlannedChange:
    what = draw(st.sampled_from(CHANGE_KINDS))
    lo, hi = change_range(what)
    value = draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
    return PlannedChange(month=draw(st.integers(1, 60)), what=what, value=value)


MOVABLE = [n for n in FIELDS if n not in ("platform", "niche", "timeline")]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    key = (
        draw(st.sampled_from(sorted(PLATFORMS))),
        draw(st.sampled_from(sorted(niches()))),
    )
    data = preset_values(*key)
    for name in draw(st.sets(st.sampled_from(MOVABLE), max_size=20)):
        data[name] = draw(field_values(name))
    data["timeline"] = tuple(draw(st.lists(planned_changes(), max_size=4)))
    assume(data["share_net60"] + data["share_net90"] <= 1)
    return Scenario.model_validate(data)


run_settings = st.builds(
    RunSettings, paths=st.integers(MIN_PATHS, MAX_PATHS), seed=st.integers(0, MAX_SEED)
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "nan",
            "NaN",
            "-inf",
            "inf",
            "Infinity",
            "1e999",
            "-1e999",
            "0",
            "1",
            "-1",
            "1.5",
            "2.5",
            "1e3",
            "0x10",
            "1_000",
            "true",
            "yes",
            " 7 ",
            "٣",
            "1,5",
            "9" * 150,
            "x" * 201,
            "6:job_hours_per_week:30",
            "6:job_hours_per_week:30,9:purchase_usd:1200",
            "::",
            ",",
        ]
    ),
    st.from_regex(r"[0-9a-z_:,.+eE-]{0,60}", fullmatch=True),
)
timeline_text = st.lists(
    st.tuples(
        st.integers(-3, 80),
        st.sampled_from([*CHANGE_KINDS, "nope", ""]),
        st.one_of(st.floats(), st.integers(-(10**6), 10**6)),
    ),
    max_size=30,
).map(lambda items: ",".join(f"{m}:{w}:{v}" for m, w, v in items))
link_keys = st.one_of(st.sampled_from([*FIELDS, *RUN_KEYS]), st.text(max_size=20))
link_values = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))
hostile_links = st.dictionaries(link_keys, link_values, max_size=15)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=20,
)
field_like_objects = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)),
    st.one_of(json_values, st.sampled_from(FIELDS)),
    max_size=10,
)


# --- the link: round trips ------------------------------------------------------------------


def test_query_keys_do_not_collide_with_fields() -> None:
    assert not set(RUN_KEYS) & set(FIELDS)


def test_empty_link_is_the_default_scenario_without_notices() -> None:
    decoded = decode_query({})
    assert decoded == DecodedLink(Scenario(), RunSettings(), ())


def test_default_link_carries_versions_preset_and_run_only() -> None:
    query = encode_query(Scenario(), RunSettings())
    assert query == {
        "v": str(PRESET_VERSION),
        "model": str(MODEL_VERSION),
        "platform": "instagram",
        "niche": "fashion",
        "paths": str(RunSettings().paths),
        "seed": str(RunSettings().seed),
        "start_month": "1",
    }
    round_trip(Scenario())


def test_every_link_carries_its_start_month() -> None:
    """The calendar month changes the figures (brand budgets bunch in Nov-Dec) and the app
    proposes today's month, so a link always says which month it means."""
    for month in (1, 7, 12):
        assert encode_query(Scenario(start_month=month), RunSettings())["start_month"] == str(month)


@pytest.mark.parametrize("name", FIELDS)
def test_every_field_round_trips_through_the_link(name: str) -> None:
    scenario = moved(name)
    assert getattr(scenario, name) != getattr(Scenario(), name)
    query = encode_query(scenario, RunSettings(paths=500, seed=7))
    assert name in query
    round_trip(scenario, RunSettings(paths=500, seed=7))


def test_link_text_formats() -> None:
    scenario = Scenario.from_preset(
        posts_per_week=5.0,
        months=36,
        model_tax=False,
        accept_gifted=False,
        engagement_rate_nano=0.1 + 0.2,
        timeline=(
            PlannedChange(month=6, what="job_hours_per_week", value=30),
            PlannedChange(month=9, what="purchase_usd", value=1200),
        ),
    )
    query = encode_query(scenario, RunSettings())
    assert query["posts_per_week"] == "5"
    assert query["months"] == "36"
    assert query["model_tax"] == "0"
    assert query["accept_gifted"] == "0"
    assert query["engagement_rate_nano"] == "0.30000000000000004"
    assert query["timeline"] == "6:job_hours_per_week:30,9:purchase_usd:1200"
    assert all(isinstance(v, str) for v in query.values())


@pytest.mark.parametrize(
    "value", [0.1 + 0.2, 1 / 3, 5e-324, 2.2250738585072014e-308, 0.022 + 1e-15, 12.000000000000002]
)
def test_floats_are_bit_exact(value: float) -> None:
    scenario = Scenario.from_preset(job_hours_per_week=value)
    round_trip(scenario)


def test_value_a_hair_from_the_preset_still_travels() -> None:
    # Scenario.changed_from_preset() calls values within 1e-12 equal; the link must not.
    default = Scenario().engagement_rate_nano
    scenario = Scenario.from_preset(engagement_rate_nano=math.nextafter(default, 1))
    assert "engagement_rate_nano" in encode_query(scenario, RunSettings())
    round_trip(scenario)


@PROPERTY
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_is_shortest_exact(value: float) -> None:
    text = format_number(value)
    assert float(text).hex() == value.hex()
    assert "+" not in text
    assert len(text) <= len(repr(value))


@PROPERTY
@given(scenarios(), run_settings)
def test_any_scenario_round_trips_through_the_link(scenario: Scenario, run: RunSettings) -> None:
    round_trip(scenario, run)


# --- the link: hostile input ----------------------------------------------------------------


def decode_hostile(params: Any) -> DecodedLink:
    decoded = decode_query(params)
    assert_valid(decoded.scenario)
    assert isinstance(decoded.settings, RunSettings)
    assert decoded.notices, "a fixed link must say what was fixed"
    assert all("\n" not in n for n in decoded.notices)
    return decoded


def notice_naming(decoded: DecodedLink, *words: str) -> str:
    for notice in decoded.notices:
        if all(word in notice for word in words):
            return notice
    raise AssertionError(f"no notice names {words}: {decoded.notices}")


def test_unknown_keys_are_ignored_and_named() -> None:
    decoded = decode_hostile(link(colour="red", months="12"))
    notice_naming(decoded, "colour", "does not know")
    assert decoded.scenario.months == 12


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("posts_per_week", "500", 21.0),
        ("posts_per_week", "-1", 0.0),
        ("months", "0", 1),
        ("months", "1000000000000000000000000000000", 60),
        ("start_followers", "1e999", 1_000_000),
        ("hours_per_post", "-1e999", 0.1),
        ("paths", "5", MIN_PATHS),
        ("seed", "99999999999999", MAX_SEED),
    ],
)
def test_out_of_range_numbers_are_clamped_and_said(key: str, text: str, expected: float) -> None:
    decoded = decode_hostile(link(**{key: text}))
    value = getattr(decoded.settings if key in ("paths", "seed") else decoded.scenario, key)
    assert value == expected
    assert type(value) is type(expected)
    notice_naming(decoded, key, "allowed")


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("hours_per_post", "nan"),
        ("hours_per_post", "NaN"),
        ("hours_per_post", "inf"),
        ("hours_per_post", "-Infinity"),
        ("hours_per_post", "abc"),
        ("hours_per_post", ""),
        ("hours_per_post", "1,5"),
        ("hours_per_post", "0x10"),
        ("hours_per_post", "1_000"),
        ("hours_per_post", "٣"),
        ("months", "2.5"),
        ("months", "twelve"),
        ("model_tax", "maybe"),
        ("model_tax", "2"),
        ("accept_gifted", ""),
        ("seed", "1.5"),
    ],
)
def test_unusable_values_keep_the_default_and_say_so(key: str, text: str) -> None:
    decoded = decode_hostile(link(**{key: text}))
    target = decoded.settings if key in ("paths", "seed") else decoded.scenario
    default = RunSettings() if key in ("paths", "seed") else Scenario()
    assert getattr(target, key) == getattr(default, key)
    notice_naming(decoded, key)


def test_whole_numbers_may_be_written_as_floats() -> None:
    decoded = decode_query(link(months="36.0", start_followers="2e3"))
    assert decoded.notices == ()
    assert decoded.scenario.months == 36
    assert decoded.scenario.start_followers == 2000


def test_booleans_accept_words_too() -> None:
    decoded = decode_query(link(model_tax="false", accept_gifted="0", model_churn="1"))
    assert decoded.notices == ()
    assert not decoded.scenario.model_tax
    assert not decoded.scenario.accept_gifted


def test_very_long_values_are_ignored() -> None:
    decoded = decode_hostile(link(posts_per_week="1" * 201, niche="x" * 300))
    assert decoded.scenario == Scenario()
    notice_naming(decoded, "posts_per_week", "too long")
    notice_naming(decoded, "niche", "too long")


def test_a_full_timeline_is_not_too_long() -> None:
    changes = tuple(
        PlannedChange(month=60, what="pitching_hours_per_week", value=0.12345678901234566)
        for _ in range(24)
    )
    scenario = Scenario.from_preset(timeline=changes)
    assert len(encode_query(scenario, RunSettings())["timeline"]) > codec.MAX_VALUE_CHARS
    round_trip(scenario)


def test_repeated_keys_use_the_last_and_say_so() -> None:
    decoded = decode_hostile({**link(), "months": ["12", "36"]})
    assert decoded.scenario.months == 36
    notice_naming(decoded, "months", "last")


def test_missing_version_is_read_as_current_and_said() -> None:
    params = link(months="12")
    del params["v"]
    decoded = decode_hostile(params)
    assert decoded.scenario.months == 12
    notice_naming(decoded, "version")


def test_future_version_uses_current_defaults_and_says_so() -> None:
    decoded = decode_hostile({**link(months="12"), "v": str(PRESET_VERSION + 1)})
    assert decoded.scenario == Scenario.from_preset(months=12)
    notice_naming(decoded, "newer", str(PRESET_VERSION + 1))


def test_future_model_version_is_said() -> None:
    decoded = decode_hostile({**link(), "model": str(MODEL_VERSION + 1)})
    notice_naming(decoded, "model version", str(MODEL_VERSION + 1))


def test_older_model_version_is_said() -> None:
    decoded = decode_hostile({**link(), "model": "0"})
    notice_naming(decoded, "model version 0")


DATA = Path(__file__).with_name("data")


def v1_link() -> dict[str, str]:
    """A share link made by version 1 of the app (tests/data/v1_link.txt, written by it)."""
    text = (DATA / "v1_link.txt").read_text("utf-8").strip()
    return {k: v[-1] for k, v in parse_qs(text).items()}


def test_a_version_1_link_keeps_the_plan_and_says_the_figures_are_the_current_models() -> None:
    params = v1_link()
    assert params["v"] == "1" and params["price_source"] == "marketplace"
    decoded = decode_hostile(params)
    sc = decoded.scenario
    # the sender's own inputs, as set
    assert (sc.platform, sc.niche) == ("tiktok", "food")
    assert (sc.start_followers, sc.posts_per_week, sc.hours_per_post) == (12_000, 5.0, 3.0)
    assert (sc.job_hours_per_week, sc.min_fee_usd) == (30.0, 50.0)
    # plan fields left at version 1's defaults keep those defaults (what the sender saw)
    v1 = preset_values("tiktok", "food", 1, "marketplace")
    assert sc.equipment_cost_usd == v1["equipment_cost_usd"] == 400.0
    assert sc.software_usd_per_month == v1["software_usd_per_month"]
    # model assumptions come from the current calibrated presets
    assert sc.fee_usd_at_1k_followers == preset_values("tiktok", "food")["fee_usd_at_1k_followers"]
    assert decoded.settings == RunSettings(paths=500, seed=7)
    text = " ".join(decoded.notices)
    assert "model version 1" in text and f"model version {MODEL_VERSION}" in text
    assert sum("model version 1" in n for n in decoded.notices) == 1, "one version notice"
    assert "audience capacity followers" in text  # a field the model no longer has
    # re-shared today, the link carries the current version and means the same plan
    again = decode_query(encode_query(sc, decoded.settings))
    assert again.notices == ()
    assert_bit_identical(again.scenario, sc)


def test_a_link_after_version_1_with_a_price_source_says_it_is_unknown() -> None:
    decoded = decode_hostile(link(price_source="marketplace"))
    notice_naming(decoded, "price_source")


@pytest.mark.parametrize(
    ("key", "text", "default"),
    [
        ("platform", "myspace", "instagram"),
        ("niche", "knitting", "fashion"),
    ],
)
def test_unknown_preset_names_use_the_default_and_say_so(key: str, text: str, default: str) -> None:
    decoded = decode_hostile(link(**{key: text}))
    assert getattr(decoded.scenario, key) == default
    notice_naming(decoded, key.replace("_", " "), text)


def test_other_preset_parts_survive_an_unknown_one() -> None:
    decoded = decode_hostile(link(platform="myspace", niche="tech"))
    assert decoded.scenario.preset_key() == ("instagram", "tech")


def test_invalid_timeline_items_are_dropped_and_said() -> None:
    text = ",".join(
        [
            "6:job_hours_per_week:30",
            "bad",
            "7:nope:1",
            "8:purchase_usd:-5",
            "99:posts_per_week:1",
            "3:posts_per_week:50",
            "x:posts_per_week:1",
            "4:posts_per_week:nan",
            "5:raise_rate_pct:10",
        ]
    )
    decoded = decode_hostile(link(timeline=text))
    assert decoded.scenario.timeline == (
        PlannedChange(month=6, what="job_hours_per_week", value=30),
        PlannedChange(month=5, what="raise_rate_pct", value=10),
    )
    for index in (2, 3, 4, 5, 6):
        notice_naming(decoded, f"Timeline change {index} ")


def test_too_many_timeline_items_keep_the_first() -> None:
    decoded = decode_hostile(link(timeline=",".join(["6:posts_per_week:2"] * 30)))
    assert len(decoded.scenario.timeline) == 24
    notice_naming(decoded, "timeline", "24")


def test_empty_timeline_is_an_empty_timeline() -> None:
    decoded = decode_query(link(timeline=""))
    assert decoded.notices == ()
    assert decoded.scenario.timeline == ()


def test_fields_that_do_not_fit_together_fall_back_to_the_preset() -> None:
    decoded = decode_hostile(link(share_net60="0.8", share_net90="0.5", months="12"))
    preset = Scenario()
    assert decoded.scenario.share_net60 == preset.share_net60
    assert decoded.scenario.share_net90 == preset.share_net90
    assert decoded.scenario.months == 12
    notice_naming(decoded, "share_net60", "share_net90")


def test_many_problems_collapse_into_a_readable_list() -> None:
    params = link(**{name: "nan" for name in MOVABLE[:20]})
    decoded = decode_hostile(params)
    assert len(decoded.notices) == MAX_NOTICES
    assert decoded.notices[-1].startswith("…and ")
    assert decoded.scenario == Scenario()


@pytest.mark.parametrize(
    "params",
    [
        {1: "2"},
        {"months": 5},
        {"months": []},
        {"months": [None]},
        {"months": ("12", "24")},
        {None: None},
        {"timeline": ["6:posts_per_week:2", 3]},
    ],
)
def test_wrong_python_types_do_not_break_the_reader(params: Any) -> None:
    decode_hostile(params)


def test_notices_quote_user_text_short_and_on_one_line() -> None:
    """Notices are plain text: a value is quoted (so the reader knows which), cut short, on one
    line, without control characters; the app shows them through ``markdown_safe``."""
    key = "<img src=x onerror=alert(1)>\n\x1b[31m" + "k" * 150
    decoded = decode_hostile(link(**{key: "1", "niche": "[a](b)\u202e" + "n" * 190}))
    assert decoded.notices
    for notice in decoded.notices:
        assert one_line(notice) == notice
        assert "\x1b" not in notice and "\u202e" not in notice
        assert "k" * (QUOTE_CHARS + 1) not in notice and "n" * QUOTE_CHARS not in notice
    unknown = next(n for n in decoded.notices if "does not know" in n)
    assert quote(key) in unknown


@PROPERTY
@given(hostile_links)
def test_any_link_gives_a_valid_scenario(params: dict[str, Any]) -> None:
    decoded = decode_query(params)
    assert_valid(decoded.scenario)
    RunSettings.model_validate(decoded.settings.model_dump())
    assert len(decoded.notices) <= MAX_NOTICES
    assert all(isinstance(n, str) and n and "\n" not in n for n in decoded.notices)
    assert not any(n.startswith(FALLBACK_LINK) for n in decoded.notices)
    # Whatever was fixed, the result shares cleanly.
    round_trip(decoded.scenario, decoded.settings)


@PROPERTY
@given(st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=12), timeline_text)
def test_real_field_names_with_garbage_values_give_a_valid_scenario(
    fields: dict[str, str], timeline: str
) -> None:
    decoded = decode_query(link(**{**fields, "timeline": timeline}))
    assert_valid(decoded.scenario)
    assert not any(n.startswith(FALLBACK_LINK) for n in decoded.notices)
    round_trip(decoded.scenario, decoded.settings)


# --- the file -------------------------------------------------------------------------------


def upload_ok(data: bytes) -> DecodedUpload:
    result = decode_upload(data)
    assert result.error is None, result.error
    assert result.scenario is not None and result.settings is not None
    assert_valid(result.scenario)
    return result


def upload_error(data: bytes) -> str:
    result = decode_upload(data)
    assert result.scenario is None and result.settings is None
    assert result.error, "a refused file must say why"
    assert "\n" not in result.error
    assert result.error != FALLBACK_FILE
    return result.error


def envelope(scenario: dict[str, Any] | None = None, **top: Any) -> bytes:
    document: dict[str, Any] = {
        "format": FILE_FORMAT,
        "preset_version": PRESET_VERSION,
        "model_version": MODEL_VERSION,
        "scenario": scenario if scenario is not None else {},
        **top,
    }
    return json.dumps(document).encode()


def test_export_carries_format_versions_run_and_provenance() -> None:
    text = scenario_to_json(
        Scenario(), RunSettings(seed=5), extra_provenance={"exported_from": "plan page"}
    )
    document = json.loads(text)
    assert document["format"] == FILE_FORMAT
    assert document["preset_version"] == PRESET_VERSION
    assert document["model_version"] == MODEL_VERSION
    assert document["run"] == {"paths": RunSettings().paths, "seed": 5}
    assert set(document["scenario"]) == set(FIELDS)
    assert document["provenance"]["exported_from"] == "plan page"
    assert document["provenance"]["changed_from_preset"] == []


@pytest.mark.parametrize("name", FIELDS)
def test_every_field_round_trips_through_a_file(name: str) -> None:
    scenario, run = moved(name), RunSettings(paths=750, seed=11)
    result = upload_ok(scenario_to_json(scenario, run).encode())
    assert_bit_identical(result.scenario, scenario)  # type: ignore[arg-type]
    assert result.settings == run
    assert result.notices == ()


@PROPERTY
@given(scenarios(), run_settings)
def test_any_scenario_round_trips_through_a_file(scenario: Scenario, run: RunSettings) -> None:
    result = upload_ok(scenario_to_json(scenario, run).encode("utf-8"))
    assert_bit_identical(result.scenario, scenario)  # type: ignore[arg-type]
    assert result.settings == run


def test_bare_scenario_is_put_on_its_preset() -> None:
    fields = {"platform": "tiktok", "niche": "tech", "posts_per_week": 5}
    result = upload_ok(json.dumps(fields).encode())
    assert result.scenario == Scenario.from_partial(fields)
    assert result.settings == RunSettings()


def test_partial_envelope_is_put_on_its_preset() -> None:
    result = upload_ok(envelope({"platform": "youtube", "months": 12}, run={"seed": 3}))
    assert result.scenario == Scenario.from_preset("youtube", months=12)
    assert result.settings == RunSettings(seed=3)


def test_byte_order_mark_is_accepted() -> None:
    upload_ok(b"\xef\xbb\xbf" + scenario_to_json(Scenario(), RunSettings()).encode())


def test_older_model_version_is_read_with_a_notice() -> None:
    result = upload_ok(envelope({}, model_version=1, preset_version=1))
    assert any("model version 1" in n for n in result.notices)


@pytest.mark.parametrize("name", ["v1_scenario.json", "v1_results.json"])
def test_a_version_1_file_opens_with_its_inputs_and_the_version_notice(name: str) -> None:
    """Files written by version 1 of the app (tests/data): the scenario export and the
    results export. Both open with the sender's inputs; the results export also carries the
    figures version 1 showed, so the app can say how far they moved."""
    result = upload_ok((DATA / name).read_bytes())
    sc = result.scenario
    assert sc is not None
    assert (sc.platform, sc.niche, sc.start_followers) == ("tiktok", "food", 12_000)
    assert (sc.posts_per_week, sc.hours_per_post, sc.job_hours_per_week) == (5.0, 3.0, 30.0)
    assert sc.min_fee_usd == 50.0 and sc.equipment_cost_usd == 400.0
    assert result.settings == RunSettings(paths=500, seed=7)
    assert result.made_with_model == 1
    assert sum("model version 1" in n for n in result.notices) == 1
    assert any("audience capacity followers" in n for n in result.notices)
    if name == "v1_results.json":
        assert result.old_summary is not None
        assert result.old_summary["p_profitable"] == pytest.approx(0.91)
    else:
        assert result.old_summary is None


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"months": 12', ["not valid JSON", "line 1"]),
        (b"\xff\xfe{}", ["not UTF-8"]),
        (b"caf\xe9", ["not UTF-8", "0xe9"]),
        (b"", ["empty"]),
        (b"   \n", ["empty"]),
        (b"[1, 2]", ["JSON object", "list"]),
        (b'"text"', ["JSON object", "string"]),
        (b"12", ["JSON object", "number"]),
        (b"null", ["JSON object", "null"]),
        (envelope({"start_followers": "1000"}), ["scenario.start_followers", "integer"]),
        (envelope({"months": 12.5}), ["scenario.months", "integer"]),
        (envelope({"months": True}), ["scenario.months", "integer"]),
        (envelope({"model_tax": 1}), ["scenario.model_tax", "boolean"]),
        (envelope({"posts_per_week": "5"}), ["scenario.posts_per_week", "number"]),
        (envelope({"bogus": 1}), ["bogus", "unknown field"]),
        (envelope({"posts_per_week": 50}), ["scenario.posts_per_week", "less than or equal"]),
        (envelope({"hours_per_post": 0}), ["scenario.hours_per_post", "greater than or equal"]),
        (envelope({"platform": "myspace"}), ["scenario.platform"]),
        (envelope({"niche": "knitting"}), ["scenario.niche", "knitting"]),
        (envelope({"share_net60": 0.8, "share_net90": 0.5}), ["scenario", "share_net60"]),
        (
            envelope({"timeline": [{"month": 3, "what": "purchase_usd", "value": -1}]}),
            ["scenario.timeline.0", "purchase_usd"],
        ),
        (envelope({"timeline": [{"month": 3, "what": "nap"}]}), ["scenario.timeline.0"]),
        (envelope({}, run={"seed": -1}), ["run.seed"]),
        (envelope({}, run={"paths": 10**9}), ["run.paths"]),
        (envelope({}, run={"paths": "2000"}), ["run.paths"]),
        (envelope({}, colour="red"), ["colour", "unknown field"]),
        (envelope({}, provenance=[]), ["provenance"]),
        (envelope([]), ["scenario"]),  # type: ignore[arg-type]
        (envelope({}, format="spreadsheet"), ["not a creator-sim scenario file", "spreadsheet"]),
        (json.dumps({"scenario": {}}).encode(), ["format"]),
        (envelope({}, preset_version=PRESET_VERSION + 1), ["newer", "preset version"]),
        (envelope({}, model_version=MODEL_VERSION + 1), ["newer", "model version"]),
        (envelope({}, preset_version=0), ["preset version 0", f"reads {versions_read()}"]),
        (
            envelope({}, preset_version=0, model_version=0),
            ["preset version 0, model version 0", f"reads {versions_read()}"],
        ),
        (envelope({}, model_version=0), ["model version 0", f"reads {versions_read()}"]),
        (envelope({}, preset_version=10**40), ["newer", f"reads {versions_read()}"]),
        (envelope({}, preset_version="1"), ["preset_version"]),
        (b'{"months": NaN}', ["NaN"]),
        (b'{"months": -Infinity}', ["-Infinity"]),
        (b'{"months": 1e999}', ["too large"]),
        (b'{"months": ' + b"9" * 500 + b"}", ["digits"]),
        (b'{"months": 12, "months": 24}', ["months", "twice"]),
        (b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
        # Nested deeper than MAX_JSON_DEPTH but not deep enough for a RecursionError: refused
        # before parsing, naming where (Python's and pydantic's limits named nothing).
        *(
            (
                envelope({"timeline": json.loads("[" * depth + "]" * depth)}),
                ["scenario.timeline.0.", "nested too deeply", str(MAX_JSON_DEPTH)],
            )
            for depth in (MAX_JSON_DEPTH, 250, 900)
        ),
        (b'{"months": ' + b"[" * 990 + b"]" * 990 + b"}", ["months.0.0.", "nested too deeply"]),
        # User text in a message is quoted short, whatever its length.
        (envelope({"niche": "[Plan expired - restore](https://evil.example/login)"}), ["niche"]),
        (envelope({"niche": "x" * 900_000}), ["niche", "x" * (QUOTE_CHARS - 1) + "…"]),
        (envelope({}, **{"y" * 900_000: 1}), ["y" * (QUOTE_CHARS - 1) + "…", "unknown field"]),
    ],
)
def test_bad_files_are_refused_with_one_clear_line(data: bytes, words: list[str]) -> None:
    error = upload_error(data)
    for word in words:
        assert word in error, error
    assert one_line(error, MESSAGE_CHARS) == error
    assert "Value error" not in error


def test_files_over_the_limit_are_refused_unread() -> None:
    data = b" " * (MAX_UPLOAD_BYTES + 1)
    assert f"at most {MAX_UPLOAD_BYTES:,} bytes" in upload_error(data)
    assert upload_error(b" " * MAX_UPLOAD_BYTES) == "The file is empty."


def test_upload_limit_is_what_the_browser_lets_through() -> None:
    """Streamlit's uploader refuses files over ``server.maxUploadSize`` megabytes of 10**6
    bytes in the browser (its server counts 2**20): the reader's limit is the browser's."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 1_000_000 == MAX_UPLOAD_BYTES


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_scenario_or_a_clear_error(data: bytes) -> None:
    result = decode_upload(data)
    if result.error is None:
        assert result.scenario is not None and result.settings is not None
        assert_valid(result.scenario)
    else:
        assert result.scenario is None and result.settings is None
        assert "\n" not in result.error
        assert result.error != FALLBACK_FILE


@PROPERTY
@given(st.one_of(json_values, field_like_objects))
def test_any_json_gives_a_scenario_or_a_clear_error(document: Any) -> None:
    result = decode_upload(json.dumps(document).encode())
    if result.error is None:
        assert result.scenario is not None
        assert_valid(result.scenario)
    else:
        assert result.scenario is None
        assert "\n" not in result.error
        assert result.error != FALLBACK_FILE


@PROPERTY
@given(field_like_objects, st.one_of(st.none(), json_values))
def test_any_envelope_gives_a_scenario_or_a_clear_error(fields: Any, run: Any) -> None:
    extra = {} if run is None else {"run": run}
    result = decode_upload(envelope(fields, **extra))
    if result.error is None:
        assert result.scenario is not None
        assert_valid(result.scenario)
    else:
        assert result.scenario is None
        assert "\n" not in result.error
        assert result.error != FALLBACK_FILE
