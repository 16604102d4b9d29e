"""Hostile and odd histories for the fit (issue 17): every history either fits or is refused
with one line naming what was not used; no NaN reaches the scenario, no traceback, no
warning beside the error line."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.history.fit import HistoryProblem, fit_json, read_and_fit
from sim.model.presets import plans
from sim.model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
BASE = Scenario.from_preset("instagram", "fashion", **plans()["side_hustle"].values)


def weekly_csv(followers: list[float] | list[str] | np.ndarray, start: str = "2024-01-01") -> bytes:
    day = np.datetime64(start)
    rows = [f"{day + 7 * i},{f}" for i, f in enumerate(followers)]
    return ("date,followers\n" + "\n".join(rows) + "\n").encode()


def growing(weeks: int = 30, start: float = 2000.0, seed: int = 3) -> list[int]:
    rng = np.random.default_rng(seed)
    return [round(x) for x in start * np.exp(np.r_[0.0, np.cumsum(rng.normal(0.006, 0.01, weeks))])]


def refused(data: bytes, **kwargs: int) -> str:
    with pytest.raises(HistoryProblem) as info:
        read_and_fit(data, BASE, **kwargs)
    text = str(info.value)
    assert "\n" not in text and len(text) < 300, text
    return text


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ([500] * 20, "the count is 500 in every week"),
        ([0] * 20, "every weekly count is 0"),
        ([10] * 10 + [900_000] * 10, "jump from 10 to 900,000"),
        ([100, 5000] * 10, "swing up and down"),
        (["1e20"] * 20, "over 1,000,000,000"),
        (["1e308"] * 20, "over 1,000,000,000"),
        ([5_000_000] * 19 + [5_000_100], "over the app's limit of 1,000,000"),
        ([10] * 29 + [100_000], "jump from 10 to 100,000"),
    ],
    ids=["dormant", "zeros", "jump", "alternating", "1e20", "1e308", "over-limit", "10-then-100k"],
)
def test_odd_histories_are_refused_in_one_line_naming_what(
    counts: list[float] | list[str], said: str
) -> None:
    assert said in refused(weekly_csv(counts))


def test_a_jump_the_account_could_not_make_is_said_and_not_fitted_as_a_loss() -> None:
    """10 followers for 29 weeks then 100,000 was fitted as 'you lose about 15.4% a month'."""
    text = refused(weekly_csv([10] * 29 + [100_000]))
    assert "29 weekly counts before it were not used" in text
    # with enough weeks after the jump, the fit uses those and says what it left out
    after = growing(20, 100_000)
    fit = read_and_fit(weekly_csv([10] * 12 + after), BASE)
    assert fit.weekly.followers[0] == after[0] and fit.weekly.followers.size == len(after)
    assert any("jump from 10 to" in note and "12 weekly counts" in note for note in fit.notes)
    assert fit.estimates["growth_pct_per_month"].median > 0


def test_a_single_typo_among_the_counts_is_left_out_and_said() -> None:
    counts = growing(30)
    typo = counts.copy()
    typo[12] = 1_000_000
    fit = read_and_fit(weekly_csv(typo), BASE)
    assert 1_000_000 not in fit.weekly.followers and fit.weekly.followers.size == 30
    assert any("left out as likely typos" in note and "1,000,000" in note for note in fit.notes)
    assert any("1,000,000" in line for line in fit_json(fit)["not_used"])
    clean = read_and_fit(weekly_csv(counts[:12] + counts[13:]), BASE)
    assert fit.scenario.base_followers_per_post == pytest.approx(
        clean.scenario.base_followers_per_post, rel=0.2
    )


def youtube_changes(per_day: int, days: int = 60) -> bytes:
    rows = [f"{np.datetime64('2024-03-01') + d},{per_day}" for d in range(days)]
    return ("Date,Subscribers\n" + "\n".join(rows) + "\n").encode()


def test_daily_changes_adding_up_to_more_than_todays_count_are_refused() -> None:
    """+50 a day for 60 days is 3,000: with 1,000 today the early counts would be negative.
    Before: a crash (more than today's count) or a silent clamp to 0 ('growth 101.7% a
    month')."""
    text = refused(youtube_changes(50), followers_now=1000)
    assert "below 0" in text and "at least 2,950" in text
    assert "at least 2,950" in refused(youtube_changes(50), followers_now=2900)
    fit = read_and_fit(youtube_changes(50), BASE, followers_now=10_000)
    assert fit.weekly.followers[-1] == 10_000 and fit.weekly.followers.min() > 7000


def test_no_nan_reaches_the_scenario_for_nearly_flat_or_nearly_zero_histories() -> None:
    for counts in ([0] * 19 + [5], [500] * 19 + [501], [0, 0, 0, 0, 0, 3, 8, 12, 20, 25, 31]):
        try:
            fit = read_and_fit(weekly_csv(counts), BASE)
        except HistoryProblem as exc:
            assert "\n" not in str(exc)
            continue
        values = fit.scenario.model_dump()
        assert all(math.isfinite(v) for v in values.values() if isinstance(v, float))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("counts", "said"),
    [([500] * 20, "every week"), ([100, 5000] * 10, "swing"), (["1e308"] * 20, "1,000,000,000")],
    ids=["dormant", "alternating", "1e308"],
)
def test_cli_refuses_odd_histories_with_one_line_and_no_warning(
    tmp_path: Path, counts: list[float] | list[str], said: str
) -> None:
    (tmp_path / "h.csv").write_bytes(weekly_csv(counts))
    done = run_cli("fit", "h.csv", "--out", "s.json", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: FOLLOWERS.csv: ") and said in lines[0]
    assert not (tmp_path / "s.json").exists()


def test_cli_months_out_of_range_names_the_allowed_range(tmp_path: Path) -> None:
    """Before: 'error: months'."""
    (tmp_path / "h.csv").write_bytes(weekly_csv(growing(20)))
    done = run_cli("fit", "h.csv", "--months", "100000", "--out", "s.json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: --months: 100000 is outside the allowed range, 1 to 60"


# --- Deals: outliers and dates outside the history -------------------------------------


def deals_csv(rows: list[tuple[str, float, str]]) -> bytes:
    return ("date,fee_usd,kind\n" + "\n".join(f"{d},{f},{k}" for d, f, k in rows) + "\n").encode()


def test_one_typed_fee_far_from_the_others_is_left_out_and_said() -> None:
    """One fee of 1,000,000 among 100/120/90 made the fitted fee 9x and entered it as the
    person's own."""
    history = weekly_csv(growing(30))
    fees = [("2024-02-05", 100, "paid"), ("2024-03-04", 120, "paid"), ("2024-04-01", 90, "paid")]
    clean = read_and_fit(history, BASE, deals_csv(fees))
    typo = read_and_fit(history, BASE, deals_csv([*fees, ("2024-05-06", 1_000_000, "paid")]))
    fee = typo.estimates["fee_usd_per_post"].median
    assert fee == pytest.approx(clean.estimates["fee_usd_per_post"].median, rel=0.25)
    assert fee < 300 and typo.median_paid_fee_usd == 100
    assert typo.paid_deals == 4  # the deal happened; only its fee is doubtful
    assert any("$1,000,000" in n and "left out of the fee fit" in n for n in typo.notes)


def test_deals_dated_outside_the_history_are_not_used_and_said() -> None:
    """A deal dated 9999-12-31 gave '2 paid deal(s) in 96039 months' and a 14-35 s fit."""
    history = weekly_csv(growing(30))  # 2024-01-01 to 2024-07-22
    deals = deals_csv(
        [("2024-03-01", 100, "paid"), ("9999-12-31", 120, "paid"), ("2019-05-01", 80, "paid")]
    )
    fit = read_and_fit(history, BASE, deals)
    assert fit.paid_deals == 1 and fit.deal_months < 8
    notes = " ".join(fit.notes)
    assert "1 row dated after today" in notes and "9999-12-31" in notes
    assert "1 deal dated outside the history's weeks" in notes and "2019-05-01" in notes
    only_outside = read_and_fit(history, BASE, deals_csv([("2019-05-01", 80, "paid")]))
    assert only_outside.deal_months == 0 and "my_paid_deals_per_month" not in only_outside.changed
    assert any("the deals file was not used" in n for n in only_outside.notes)


def test_history_rows_dated_after_today_are_not_used_and_said() -> None:
    data = weekly_csv(growing(20)).decode() + "9999-12-31,5000\n"
    fit = read_and_fit(data.encode(), BASE)
    assert fit.weekly.followers[-1] != 5000
    assert any("1 row dated after today" in n for n in fit.notes)


def test_a_numerical_failure_inside_the_fit_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sim.history.fit

    def broken(*args: object) -> None:
        raise FloatingPointError("overflow")

    monkeypatch.setattr(sim.history.fit, "_fit_growth", broken)
    assert "could not settle on figures" in refused(weekly_csv(growing(20)))
