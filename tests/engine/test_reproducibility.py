"""Seeds, streams and common random numbers: the same inputs give the same bits, however the
run is split, and one decision changed leaves the other mechanisms' luck alone."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from sim import Scenario, simulate, trace_path
from sim.model.results import Results
from sim.model.streams import BLOCK_PATHS, MECHANISMS, Streams
from tests.engine.support import assert_same_monthly, scenario

SEED = 20240611
# Fatigue, burnout, deals, events and payment delays all on: every stream gets used.
BUSY = scenario(
    months=12,
    job_hours_per_week=45,
    inbound_deals_per_month_at_10k=3.0,
    start_followers=4_000,
    ugc_gigs_per_month=1.0,
)
TWO_BLOCKS = BLOCK_PATHS + 188  # 700 paths: one full block and part of a second


def assert_same_results(a: Results, b: Results) -> None:
    assert_same_monthly(a, b)
    np.testing.assert_array_equal(a.ever_burnout, b.ever_burnout)
    np.testing.assert_array_equal(a.burnouts, b.burnouts)
    assert a.summary == b.summary
    assert a.diaries == b.diaries
    assert (a.scenario, a.paths, a.seed) == (b.scenario, b.paths, b.seed)


def test_same_seed_gives_identical_results() -> None:
    a = simulate(BUSY, 300, SEED)
    b = simulate(BUSY, 300, SEED)
    assert_same_results(a, b)
    assert a.diaries[0].events, "the traced path should have a diary to compare"


def test_another_seed_gives_other_results() -> None:
    a = simulate(BUSY, 300, SEED)
    b = simulate(BUSY, 300, SEED + 1)
    for name in ("followers", "deals_paid", "creator_hours", "net_cash_usd"):
        assert not np.array_equal(a.monthly[name], b.monthly[name]), name
    assert a.summary != b.summary


def test_two_workers_give_the_bits_of_one() -> None:
    trace = (3, BLOCK_PATHS - 1, BLOCK_PATHS, TWO_BLOCKS - 1)
    one = simulate(BUSY, TWO_BLOCKS, SEED, trace=trace)
    two = simulate(BUSY, TWO_BLOCKS, SEED, workers=2, trace=trace)
    assert_same_results(one, two)
    assert set(two.diaries) == set(trace)


def test_the_first_paths_of_a_bigger_run_are_a_smaller_run() -> None:
    big = simulate(BUSY, TWO_BLOCKS, SEED)
    for n in (1, 100, BLOCK_PATHS, BLOCK_PATHS + 1):
        small = simulate(BUSY, n, SEED)
        for name, arr in small.monthly.items():
            np.testing.assert_array_equal(arr, big.monthly[name][:n], err_msg=f"{n} {name}")
        np.testing.assert_array_equal(small.burnouts, big.burnouts[:n])
        assert small.diaries == {k: v for k, v in big.diaries.items() if k < n}


@pytest.mark.parametrize("path", [0, 37, BLOCK_PATHS + 5, TWO_BLOCKS - 1])
def test_trace_path_replays_the_path_of_the_full_run(path: int) -> None:
    full = simulate(BUSY, TWO_BLOCKS, SEED, trace=(path,))
    diary = trace_path(BUSY, TWO_BLOCKS, SEED, path)
    assert diary == full.diaries[path]
    assert diary.path == path
    assert len(diary.weeks) == 52  # one snapshot per week of a 12-month horizon
    # the diary's end-of-month follower counts are the recorded ones
    month_end = {}
    for week in diary.weeks:
        month_end[week.month] = week.followers
    recorded = full.monthly["followers"][path]
    for month, followers in month_end.items():
        assert np.float32(followers) == recorded[month]


def test_tracing_changes_nothing_but_the_diaries() -> None:
    plain = simulate(BUSY, 200, SEED, trace=())
    traced = simulate(BUSY, 200, SEED, trace=tuple(range(0, 200, 7)))
    assert_same_monthly(plain, traced)
    assert plain.summary == traced.summary
    assert plain.diaries == {} and len(traced.diaries) == len(range(0, 200, 7))


def test_bad_run_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="paths"):
        simulate(BUSY, 0, SEED)
    with pytest.raises(ValueError, match="path"):
        trace_path(BUSY, 100, SEED, 100)


def test_results_and_scenario_pickle_round_trip() -> None:
    sc = BUSY.model_copy()
    assert pickle.loads(pickle.dumps(sc)) == sc
    res = simulate(sc, 150, SEED)
    back = pickle.loads(pickle.dumps(res))
    assert isinstance(back, Results)
    assert_same_results(res, back)
    assert back.scenario == sc and back.summary == res.summary
    assert (back.model_version, back.preset_version) == (res.model_version, res.preset_version)


# --- streams ----------------------------------------------------------------------------------


def test_two_streams_with_one_seed_draw_the_same_numbers() -> None:
    a = Streams(SEED, 0, 300)
    b = Streams(SEED, 0, 300)
    for name in MECHANISMS:
        for _ in range(3):  # successive weeks too
            np.testing.assert_array_equal(a.uniform(name, 4), b.uniform(name, 4), err_msg=name)
            np.testing.assert_array_equal(a.normal(name), b.normal(name), err_msg=name)


def test_each_mechanism_has_its_own_stream() -> None:
    s = Streams(SEED, 0, 300)
    draws = {name: s.uniform(name) for name in MECHANISMS}
    for i, x in enumerate(MECHANISMS):
        for y in MECHANISMS[i + 1 :]:
            assert not np.array_equal(draws[x], draws[y]), (x, y)
    other = Streams(SEED + 1, 0, 300).uniform("growth")
    assert not np.array_equal(Streams(SEED, 0, 300).uniform("growth"), other)


def test_a_path_draws_depend_only_on_seed_and_path() -> None:
    """Block b of a long run is the same stream as a run that starts at block b, and a short
    run is the head of a long one."""
    long = Streams(SEED, 0, 3 * BLOCK_PATHS)
    tail = Streams(SEED, 1, 2 * BLOCK_PATHS)
    head = Streams(SEED, 0, 100)
    for name in ("growth", "deals", "capacity"):
        x = long.uniform(name, 2)
        np.testing.assert_array_equal(tail.uniform(name, 2), x[BLOCK_PATHS:])
        np.testing.assert_array_equal(head.uniform(name, 2), x[:100])
    x = long.uniform("growth")
    assert ((x >= 0) & (x < 1)).all()
    assert abs(x.mean() - 0.5) < 0.05


# --- common random numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"software_usd_per_month": 499.0},
        {"equipment_cost_usd": 2_500.0, "equipment_replacement_months": 4},
        {"tax_rate": 0.6},
        {"agency_cut_share": 0.3},
        {"share_net90": 0.7, "late_payment_probability": 0.9, "nonpayment_probability": 0.5},
        {"day_job_wage_usd_per_hour": 90.0},
    ],
    ids=["software", "equipment", "tax", "agency", "payment-terms", "wage"],
)
def test_money_only_changes_leave_the_audience_bit_identical(change: dict[str, float]) -> None:
    """Costs, tax, agency cut and payment terms touch only money (no money stop rule is set,
    and money worry is off: with it, being out of pocket strains the creator, as the next
    test shows), so followers, deals, posts, hours, fatigue and status are the same bits: the
    comparison of two scenarios isolates the decision, not a reshuffle of luck."""
    calm = {**BUSY.model_dump(), "money_stress_hours": 0.0}
    base = simulate(Scenario.model_validate(calm), 300, SEED)
    other = simulate(Scenario.model_validate({**calm, **change}), 300, SEED)
    for name in ("followers", "deals_paid", "deals_gifted", "posts", "fatigue", "status"):
        np.testing.assert_array_equal(base.monthly[name], other.monthly[name], err_msg=name)
    np.testing.assert_array_equal(base.burnouts, other.burnouts)
    assert not np.array_equal(base.monthly["net_cash_usd"], other.monthly["net_cash_usd"]) or (
        "day_job_wage_usd_per_hour" in change
    )


def test_money_worry_strains_the_creator() -> None:
    """With money worry on, a dearer plan (being further out of pocket) wears the creator down
    sooner: more futures reach what surveys call burnout."""
    cheap = simulate(BUSY, 500, SEED)
    dear = simulate(
        Scenario.model_validate({**BUSY.model_dump(), "equipment_cost_usd": 5_000.0}), 500, SEED
    )
    assert dear.ever_strain.mean() > cheap.ever_strain.mean()
    assert (dear.ever_strain | ~cheap.ever_strain).all(), "being poorer never relieves strain"


def test_a_mechanism_turned_on_does_not_shift_other_streams() -> None:
    """UGC gigs draw from their own stream: turning them on (with fatigue off, so their hours
    cannot feed back) leaves the audience and the brand deals bit-identical."""
    sc = {**BUSY.model_dump(), "model_fatigue": False}
    without = simulate(Scenario.model_validate({**sc, "ugc_gigs_per_month": 0.0}), 300, SEED)
    with_ugc = simulate(Scenario.model_validate({**sc, "ugc_gigs_per_month": 4.0}), 300, SEED)
    assert with_ugc.total("income_booked_ugc_usd").sum() > 0
    for name in ("followers", "deals_paid", "deals_declined", "income_booked_sponsorship_usd"):
        np.testing.assert_array_equal(without.monthly[name], with_ugc.monthly[name], err_msg=name)


def test_scenario_is_not_mutated_by_a_run() -> None:
    sc = Scenario(months=6)
    before = sc.model_dump()
    simulate(sc, 120, SEED)
    assert sc.model_dump() == before
    with pytest.raises(ValueError):
        sc.months = 3  # type: ignore[misc]
