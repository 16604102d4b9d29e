"""Issue 21: the suggestions never sit on a change's critical path, and issue 17's first item:
memory bounded whatever links arrive.

The figures must render while the suggestion runner is blocked; a plan change cancels the
previous plan's queued job; the suggestions are kept per plan, so a revisit costs nothing; a
link asking for more futures x months than the server runs is cut to its first futures, with
a notice, and the Plan page keeps only what it draws.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor

import pytest
from streamlit.testing.v1 import AppTest

from sim import RunSettings, Scenario
from sim.model.settings import APP_PATH_MONTHS, within_budget
from tests.app.conftest import link, metrics, new_app, with_suggestions
from ui import advice_view, state
from ui.advice_view import ON_THEIR_WAY
from ui.suggestion_runner import Pending, PlanKey, Runner


class Blocked:
    """An executor whose one worker is stuck until ``release``: the runner is saturated."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pool.submit(self.gate.wait)  # occupies the only worker

    def make(self) -> Executor:
        return self.pool

    def release(self) -> None:
        self.gate.set()
        self.pool.shutdown(wait=True)


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Runner, Blocked]]:
    gate = Blocked()
    blocked_runner = Runner(gate.make)
    monkeypatch.setattr(advice_view, "runner", lambda: blocked_runner)
    yield blocked_runner, gate
    gate.release()


def waiting(at: AppTest) -> bool:
    return any(ON_THEIR_WAY in c.value for c in at.caption)


def test_the_figures_render_with_the_suggestion_runner_blocked(
    blocked: tuple[Runner, Blocked],
) -> None:
    runner, _ = blocked
    at = new_app()
    at.run(timeout=60)
    assert not at.exception, at.exception
    figures = metrics(at)
    assert figures["Chance it works out"] and figures["Median net profit"]
    text = " ".join(str(m.value) for m in at.markdown)
    assert "of your spending" in text, "the reasons are drawn"
    assert [s.value for s in at.subheader if s.value == "When do futures break even"]
    assert waiting(at), "the suggestions say they are on their way"
    assert not [b for b in at.button if b.key and b.key.startswith("apply_lever_")]
    assert runner.queued() == 1


def test_a_plan_change_cancels_the_previous_plans_suggestions(
    blocked: tuple[Runner, Blocked],
) -> None:
    runner, _ = blocked
    at = new_app()
    at.run()
    first = PlanKey.of(at.session_state["scenario"], at.session_state["settings"])
    assert isinstance(runner.peek(first), Pending)
    posts = at.sidebar.slider(key="in.posts_per_week")
    posts.set_value(float(posts.value) + 1).run()
    assert not at.exception, at.exception
    second = PlanKey.of(at.session_state["scenario"], at.session_state["settings"])
    assert second != first
    assert runner.peek(first) is None, "the first plan's job was cancelled before it started"
    assert isinstance(runner.peek(second), Pending)
    assert runner.queued() == 1


def test_suggestions_are_kept_per_plan_so_a_revisit_runs_nothing() -> None:
    at = with_suggestions(new_app().run())
    levers = [b.key for b in at.button if b.key and b.key.startswith("apply_lever_")]
    texts = [m.value for m in at.markdown if str(m.value).startswith("It ")]
    assert levers and len(texts) == len(levers), "each suggestion says what it costs"
    again = new_app()  # a new session on the same plan
    again.run()
    assert not waiting(again)
    assert [b.key for b in again.button if b.key and b.key.startswith("apply_lever_")] == levers


def test_a_suggestion_that_adds_hours_beyond_the_limit_is_marked() -> None:
    """A busy plan (45 h job, a 50 h limit): posting more breaks the limit and says so."""
    busy = Scenario(
        job_hours_per_week=45, sustainable_hours_per_week=50, posts_per_week=1, hours_per_post=1
    )
    at = with_suggestions(new_app(link(busy)).run())
    cards = [str(m.value) for m in at.markdown]
    adds = [t for t in cards if t.startswith("It adds")]
    for text in adds:
        assert "above the 50.0 h you said you can keep up" in text
    assert bool(adds) == any("More hours than you said you can keep up" in t for t in cards)


# --- memory: the run budget and what the Plan page keeps --------------------------------------


def test_within_budget_keeps_the_first_futures_of_the_same_seed() -> None:
    asked = RunSettings(paths=20_000, seed=7)
    kept = within_budget(asked, 60, APP_PATH_MONTHS)
    assert kept.seed == 7 and kept.paths == APP_PATH_MONTHS // 60 == 4_000
    assert within_budget(RunSettings(paths=2_000), 24, APP_PATH_MONTHS) == RunSettings(paths=2_000)
    assert within_budget(asked, 12, APP_PATH_MONTHS).paths == 20_000
    assert within_budget(asked, 60, 1).paths == 100  # never under the minimum


def test_a_heavy_link_is_cut_to_the_budget_with_a_notice() -> None:
    at = new_app(link(Scenario(months=60), paths=20_000, seed=3))
    at.run(timeout=120)
    assert not at.exception, at.exception
    settings: RunSettings = at.session_state["settings"]
    assert settings == RunSettings(paths=4_000, seed=3)
    notice = " ".join(w.value for w in at.warning)
    assert "20,000 simulated futures over 60 months" in notice.replace("\\", "")
    assert at.query_params["paths"] == "4000", "the link now says what was run"


def test_the_plan_page_keeps_what_it_draws_not_the_run() -> None:
    view = state._plan_view.__wrapped__(  # type: ignore[attr-defined]
        Scenario(months=60).model_dump_json(), 4_000, 1
    )
    assert len(pickle.dumps(view)) < 200_000, "quantiles and figures, not 4,000 x 61 arrays"
    assert view.summary.paths == 4_000 and set(view.charts) >= {"followers", "cash"}
