"""The history fit (sim/history/fit.py, sim/history/read.py, python -m sim fit): readers and
every bad file, the fitted plan, recovery and hold-out coverage at a small scale (bench/bench_fit.py
runs them at scale), and the command line."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sim.history.check import ar1_histories, covered, engine_histories, hold_out, recovery_base
from sim.history.fit import HistoryProblem, fit_history, fit_json, read_and_fit, words
from sim.history.read import MAX_HISTORY_BYTES, read_deals, read_history
from sim.io.codec import decode_upload
from sim.model.presets import plans
from sim.model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 3, 1)


def weekly_csv(followers: list[float] | np.ndarray, start: str = "2024-01-01") -> bytes:
    day = np.datetime64(start)
    rows = [f"{day + 7 * i},{round(float(f))}" for i, f in enumerate(followers)]
    return ("date,followers\n" + "\n".join(rows) + "\n").encode()


def growing(
    weeks: int = 40, start: float = 2000.0, rate: float = 0.006, seed: int = 1
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    steps = rng.normal(rate, 0.01, weeks)
    return start * np.exp(np.r_[0.0, np.cumsum(steps)])


BASE = Scenario.from_preset("instagram", "fashion", **plans()["side_hustle"].values)


# --- Readers and bad files -------------------------------------------------------------


def test_plain_daily_history_is_read_and_reduced_to_weeks() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-06-01"))
    counts = 1000 + 5 * np.arange(days.size)
    data = (
        "date,followers\n" + "\n".join(f"{d},{c}" for d, c in zip(days, counts, strict=True))
    ).encode()
    fit = read_and_fit(data, BASE)
    assert fit.scenario.start_followers == counts[-1]
    assert fit.weekly.dates[-1] == days[-1]
    assert np.all(np.diff(fit.weekly.dates).astype(int) == 7)
    assert any("weekly counts" in n for n in fit.notes)


def test_tiktok_history_without_years_ends_before_today() -> None:
    header = '"Date","Followers","Difference in followers from previous day"\n'
    rows = "\n".join(f'"{d} January","{5000 + 20 * d}","20"' for d in range(1, 31))
    history = read_history((header + rows).encode(), today=TODAY)
    assert history.layout == "tiktok"
    assert str(history.dates[-1]) == "2025-01-30"
    assert any("no year" in n for n in history.notes)


def test_meta_follows_export_needs_todays_count_and_is_gains_only() -> None:
    lines = ["sep=,", '"Instagram follows"', '"Date","Primary"']
    lines += [f'"2024-0{m}-{d:02d}T00:00:00","{d % 5}"' for m in (1, 2) for d in range(1, 29)]
    data = "\n".join(lines).encode("utf-16")
    with pytest.raises(HistoryProblem, match="follower count today"):
        read_history(data)
    history = read_history(data, followers_now=4000)
    assert history.gains_only and history.followers[-1] == 4000
    fit = fit_history(history, BASE)
    assert fit.scenario.weekly_churn_rate == BASE.weekly_churn_rate  # churn cannot show


def test_youtube_export_of_daily_changes() -> None:
    rows = "\n".join(f"2024-03-{d:02d},{d % 4 - 1}" for d in range(1, 31))
    data = "Date,Subscribers,Views\nTotal,30,900\n" + rows.replace("\n", ",10\n") + ",10\n"
    history = read_history(data.encode(), followers_now=1500)
    assert history.layout == "youtube" and history.followers[-1] == 1500


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"when,how many\n2024-01-01,3\n", "no date and follower columns"),
        (b"date,followers\n" + b"not a date,5\n" * 8, "most rows could not be used"),
        (weekly_csv([100, 110, 120]), "usable"),
        (b"date,followers\n2024-01-01,100\n2024-01-08,-5\n" * 1, "usable"),
        (b"\x00\x01\x02" * 40, "not text"),
        (b"x" * (MAX_HISTORY_BYTES + 1), "over the limit"),
        (b'date,followers\n"2024-01-01,5\n', "not a readable CSV"),
    ],
    ids=["empty", "columns", "dates", "few", "negative", "binary", "large", "quote"],
)
def test_bad_history_files_say_why_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(HistoryProblem) as info:
        read_and_fit(data, BASE)
    text = str(info.value)
    assert message in text and "\n" not in text and len(text) < 300


def test_rows_that_cannot_be_used_are_dropped_and_said() -> None:
    counts = growing(20)
    body = weekly_csv(counts).decode().splitlines()
    body.insert(3, "someday,12")  # unparseable date
    body.insert(5, "2024-01-15,-40")  # negative count
    body.append(body[-1].split(",")[0] + ",99999")  # the last date twice: the later row wins
    fit = read_and_fit(("\n".join(body) + "\n").encode(), BASE)
    notes = " ".join(fit.notes)
    assert "could not be read" in notes and "negative" in notes and "repeated date" in notes
    assert fit.scenario.start_followers == 99999


def test_a_long_gap_ends_the_usable_history_and_short_gaps_are_bridged() -> None:
    counts = growing(60)
    dates = [np.datetime64("2023-01-02") + 7 * i for i in range(61)]
    keep = [i for i in range(61) if not 10 <= i < 25 and i not in (40, 41)]
    data = "date,followers\n" + "\n".join(f"{dates[i]},{round(counts[i])}" for i in keep)
    fit = read_and_fit(data.encode(), BASE)
    notes = " ".join(fit.notes)
    assert "gap of 16 weeks" in notes and "bridged" in notes
    assert fit.weekly.dates[0] == dates[25]


def test_bad_deals_files() -> None:
    with pytest.raises(HistoryProblem, match="date,fee_usd,kind"):
        read_deals(b"date,amount\n2024-01-01,5\n")
    with pytest.raises(HistoryProblem, match="no usable row"):
        read_deals(b"date,fee_usd,kind\n2024-01-01,0,paid\n2024-01-02,5,barter\n")
    deals = read_deals(b"date,fee_usd,kind\n2024-01-01,80,paid\n2024-01-02,,gifted\nx,1,paid\n")
    assert deals.paid.tolist() == [True, False] and "1 deal rows" in deals.notes[1]


# --- The fitted plan -------------------------------------------------------------------


def test_fitted_plan_starts_today_and_carries_the_uncertainty() -> None:
    counts = growing(52)
    deals = b"date,fee_usd,kind\n" + b"".join(
        f"2024-{m:02d}-10,{90 + 5 * m},paid\n".encode() for m in range(2, 12)
    )
    fit = read_and_fit(weekly_csv(counts), BASE, deals)
    sc = fit.scenario
    assert sc.start_followers == round(counts[-1]) and sc.start_month == fit.last_date.month
    assert sc.platform == BASE.platform and sc.posts_per_week == BASE.posts_per_week
    assert 0 < sc.growth_creator_sigma < BASE.growth_creator_sigma  # the data narrowed it
    assert sc.my_fee_usd_per_post > 0  # ten fees pin the fee level
    g = fit.estimates["growth_pct_per_month"]
    realised = (counts[-1] / counts[0]) ** (52 / 12 / 52) - 1
    assert g.p10 < realised < g.p90
    report = fit_json(fit, 0.5)
    json.dumps(report, allow_nan=False)
    assert report["history"]["last_followers"] == sc.start_followers
    assert any("faster than 50%" in line for line in words(fit, 0.5))


def test_a_short_history_leans_on_the_priors_and_a_long_one_on_the_data() -> None:
    rng = np.random.default_rng(2)
    noisy = 2000 * np.exp(np.r_[0.0, np.cumsum(rng.normal(0.004, 0.1, 8))])
    short = read_and_fit(weekly_csv(noisy), BASE)
    long = read_and_fit(weekly_csv(growing(150)), BASE)
    assert (
        short.estimates["growth_pct_per_month"].data_weight
        < long.estimates["growth_pct_per_month"].data_weight
    )
    assert any("leans on the model's figures" in line for line in words(short, None))
    assert not any("leans on" in line for line in words(long, None))


def test_the_words_never_say_both_the_data_decide_and_the_priors_do() -> None:
    """An 8-week export read 'the data decide most of it' beside 'the forecast leans on the
    model's priors' (one sentence went by the weight, the other by the number of weeks)."""
    for weeks in (8, 12, 20, 40):
        text = " ".join(words(read_and_fit(weekly_csv(growing(weeks)), BASE), None))
        assert not ("the data decide" in text and "leans on" in text), text


def test_the_same_file_gives_the_same_fit() -> None:
    data = weekly_csv(growing(30))
    assert read_and_fit(data, BASE).scenario == read_and_fit(data, BASE).scenario


def test_the_forecast_says_how_many_futures_stopped_posting() -> None:
    """The fan includes futures that stop posting (their followers fall); the share still
    posting is the engine's own status count, and with burnout and stop rules off it is 1."""
    from sim.history.fit import forecast
    from sim.model.engine import run_all
    from sim.model.metrics import Status
    from ui.fit_view import stopped_words

    fit = read_and_fit(weekly_csv(growing(40)), BASE)
    ahead = forecast(fit, 200, 5, months=12)
    status = run_all(fit.scenario.model_copy(update={"months": 12}), 200, 5).monthly["status"]
    expected = (status == Status.ACTIVE).mean(axis=0)
    assert ahead["still_posting"].tolist() == pytest.approx(expected.tolist())
    assert ahead["still_posting"].iloc[0] == 1.0
    assert "after 12 months" in stopped_words(ahead)

    steady = fit.scenario.model_copy(
        update={"model_fatigue": False, "stop_if_lost_usd": 0, "stop_if_no_paid_deal_by_month": 0}
    )
    calm = dataclasses.replace(fit, scenario=steady)
    calm_ahead = forecast(calm, 200, 5, months=12)
    assert (calm_ahead["still_posting"] == 1.0).all()
    assert stopped_words(calm_ahead) == "In every future you are still posting after 12 months."


# --- Coverage at a small scale (bench/bench_fit.py: at scale) ------------------------


def test_recovery_of_known_parameters_at_a_small_scale() -> None:
    base = recovery_base("instagram")
    hits: dict[str, list[bool]] = {}
    for known in engine_histories(base, 48, 52, 11):
        fit = fit_history(known.history, known.base, known.deals)
        for name, ok in covered(fit, known.truth).items():
            hits.setdefault(name, []).append(ok)
    rates = {name: float(np.mean(v)) for name, v in hits.items()}
    # nominal 0.80; at this scale a share within about +-0.2 of it
    for name in ("followers_per_post_at_1k", "weekly_churn_rate", "deal_level"):
        assert 0.55 <= rates[name] <= 0.97, rates


def test_hold_out_coverage_at_a_small_scale() -> None:
    base = Scenario.from_preset("instagram", "fashion", **plans()["side_hustle"].values)
    knowns = ar1_histories(base, 16, 52, 5) + engine_histories(
        base.model_copy(update={"start_followers": 3000}), 8, 52, 23
    )
    inside = points = 0
    widths = []
    for known in knowns:
        ho = hold_out(known, paths=300)
        inside += ho.inside
        points += ho.points
        widths.append(ho.log_width)
    assert 0.6 <= inside / points <= 0.95
    # narrow enough to inform: over the 16 held-out weeks the median band spans at most
    # P90 = 1.28 x P10 (bench/bench_fit.py: 0.05-0.22 fitted; the unfitted plan 0.10-0.30)
    assert float(np.median(widths)) <= 0.25


# --- Command line ----------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_cli_fit_prints_the_estimates_and_writes_a_scenario_run_can_use(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_bytes(weekly_csv(growing(30)))
    (tmp_path / "d.csv").write_text("date,fee_usd,kind\n2024-03-01,120,paid\n")
    done = run_cli(
        "fit",
        "h.csv",
        "--deals",
        "d.csv",
        "--platform",
        "tiktok",
        "--preset",
        "side_hustle",
        "--out",
        "s.json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"history", "estimates", "scenario_changes", "notes", "words"} <= report.keys()
    decoded = decode_upload((tmp_path / "s.json").read_bytes())
    assert decoded.scenario is not None, decoded.error
    assert decoded.scenario.platform == "tiktok"
    assert decoded.scenario.start_followers == report["history"]["last_followers"]
    run = run_cli("run", "--scenario", "s.json", "--paths", "200", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert math.isfinite(json.loads(run.stdout)["followers_p50"])
    # the provenance names the module that fitted it, at its place in this tree
    method = json.loads((tmp_path / "s.json").read_text())["provenance"]["fitted_from"]["method"]
    module = re.fullmatch(r"python -m sim fit \((\S+)\)", method)
    assert module is not None and (ROOT / module.group(1)).is_file(), method


@pytest.mark.parametrize(
    ("files", "args"),
    [
        ({"h.csv": b"date,followers\n2024-01-01,5\n"}, ["h.csv"]),
        ({"h.csv": b"a,b\n1,2\n"}, ["h.csv"]),
        ({}, ["missing.csv"]),
        ({"h.csv": None, "d.csv": b"date,fee\n"}, ["h.csv", "--deals", "d.csv"]),
        ({"h.csv": None}, ["h.csv", "--preset", "nonsense"]),
        ({"h.csv": None}, ["h.csv", "--posts-per-week", "99"]),
    ],
    ids=["few-rows", "columns", "missing", "deals", "preset", "posts"],
)
def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, files: dict[str, bytes | None], args: list[str]
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(weekly_csv(growing(20)) if data is None else data)
    done = run_cli("fit", *args, "--out", "s.json", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and len(lines[0]) < 300
    assert not (tmp_path / "s.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)  # no temporary left


def test_fitting_again_from_the_fitted_plan_gives_the_same_plan() -> None:
    """The fit's priors are the model's figures, never an earlier fit that became the plan
    (issue 19: three presses gave three plans)."""
    data = weekly_csv(growing(30))
    deals = b"date,fee_usd,kind\n2024-03-01,120,paid\n2024-05-01,150,paid\n"
    for files in ((data, None), (data, deals)):
        first = read_and_fit(files[0], BASE, files[1])
        again = read_and_fit(files[0], first.scenario, files[1])
        assert again.scenario == first.scenario
        tweaked = BASE.model_copy(update={"base_followers_per_post": 9.0, "start_followers": 7})
        assert read_and_fit(files[0], tweaked, files[1]).scenario == first.scenario


def test_the_words_start_from_the_files_first_count() -> None:
    """Daily counts are reduced to one a week counting back from the last; the words still
    say the file's first count ('from 800', not the first week's last count, 809)."""
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    counts = 800 + 3 * np.arange(days.size)
    data = "date,followers\n" + "\n".join(f"{d},{c}" for d, c in zip(days, counts, strict=True))
    fit = read_and_fit(data.encode(), BASE)
    assert fit.weekly.followers[0] > 800
    assert "from 800 to" in words(fit, None)[0]
    assert fit_json(fit)["history"]["first_followers"] == 800
    assert fit_json(fit)["history"]["first_date"] == "2024-01-01"
