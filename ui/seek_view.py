"""What matters, third part: "what would it take?": the goal, the input to change and its range,
the search (``sim.analysis.goal_seek``), what it found, and a button that puts the value into
the plan, with how the plan's figures moved once it is there."""

from __future__ import annotations

from typing import Any, cast

import streamlit as st

from sim import RunSettings
from sim.analysis import sensitivity
from sim.analysis.goal_seek import (
    GOAL_LABELS,
    Goal,
    GoalKind,
    LimitKind,
    SeekResult,
    goal_scenario,
    what_would_it_take,
    with_lever,
)
from sim.io.labels import decimals_for, field_label, field_name_words, field_step
from sim.model import format as fmt
from sim.model.scenario import Scenario, field_range
from sim.model.settings import MIN_PATHS
from ui import row_charts, state
from ui.prose import section
from ui.sidebar import request_load
from ui.sweep_view import FUTURES_HELP, FUTURES_LABEL

SEEK = "wm.seek"
APPLIED = "wm.applied"
SEEK_PATHS = 1_000  # the goal seek's default futures per run (the plan's own when fewer)
LIMITS: dict[str, str] = {
    "none": "No limit",
    "burnout": "Burnout (a break from posting)",
    "quit": "Quitting",
}


def applied_ui(sc: Scenario, run_settings: RunSettings) -> None:
    """After "use this value": what changed in the plan and how its figures moved."""
    applied: dict[str, Any] | None = st.session_state.get(APPLIED)
    if applied is None:
        return
    if applied["after"] != sc:  # the plan has changed again since
        del st.session_state[APPLIED]
        return
    lever = applied["lever"]
    before = state.summary(applied["before"], run_settings.paths, run_settings.seed)
    after = state.summary(sc, run_settings.paths, run_settings.seed)
    st.success(
        f"Your plan now has **{field_name_words(lever)}** at "
        f"**{sensitivity.value_text(lever, applied['after_value'])}** (it was "
        f"{sensitivity.value_text(lever, applied['before_value'])}). With the Plan page's "
        f"{fmt.count(run_settings.paths)} futures the chance it works out went from "
        f"{fmt.pct(before.p_success)} to **{fmt.pct(after.p_success)}** and the median net "
        f"profit from {fmt.money(before.net_profit_usd_p50)} to "
        f"**{fmt.money(after.net_profit_usd_p50)}**."
    )


def goal_ui(sc: Scenario) -> Goal:
    """The target to reach, and a limit on burnout or quitting."""
    kind = st.radio(
        "Goal",
        options=list(GOAL_LABELS),
        format_func=GOAL_LABELS.__getitem__,
        horizontal=True,
        key="wm.goal",
    )
    a, b, c = st.columns(3)
    month = a.number_input(
        "By month", min_value=1, max_value=60, value=sc.months, step=1, key="wm.month"
    )
    followers = 0.0
    if kind in ("success_chance", "profit_chance"):
        target = b.slider("With a chance of at least (%)", 5, 95, 50, 5, key="wm.p") / 100
    elif kind == "followers_chance":
        followers = float(
            b.number_input(
                "Followers at least",
                min_value=100,
                max_value=10_000_000,
                value=10_000,
                step=1_000,
                key="wm.f",
            )
        )
        target = c.slider("With a chance of at least (%)", 5, 95, 50, 5, key="wm.fp") / 100
    else:
        target = float(
            b.number_input(
                "Median hourly wage at least (USD an hour)",
                min_value=-100.0,
                max_value=1000.0,
                value=float(sc.day_job_wage_usd_per_hour),
                step=1.0,
                key="wm.w",
            )
        )
    d, e = st.columns(2)
    limit_kind: LimitKind = d.selectbox(  # type: ignore[assignment]
        "Keep in check",
        options=list[LimitKind](LIMITS),  # type: ignore[arg-type]
        format_func=LIMITS.__getitem__,
        key="wm.limit_kind",
        help="Only count a value that reaches the goal without more than this share of "
        "futures burning out or quitting.",
    )
    limit = 1.0
    if limit_kind != "none":
        limit = (
            e.slider(
                "In at most this share of futures (%)", 0, 100, 20, 5, key=f"wm.limit.{limit_kind}"
            )
            / 100
        )
    return Goal(cast(GoalKind, kind), int(month), float(target), followers, limit_kind, limit)


def lever_ui(sc: Scenario, run_settings: RunSettings) -> tuple[str, float, float, int, bool]:
    """The input to change, its search range, futures per run and the button."""
    names = sensitivity.levers()
    lever = st.selectbox("Input to change", options=names, format_func=field_label, key="wm.lever")
    a, b, c, d = st.columns([1.5, 1.5, 1.5, 1.2], vertical_alignment="bottom")
    lo_default, hi_default = sensitivity.default_search_range(sc, lever)
    f_lo, f_hi = field_range(lever)
    step = field_step(lever) or 1.0
    number_format = f"%.{decimals_for(step)}f"
    lo = a.number_input(
        "From",
        min_value=f_lo,
        max_value=f_hi,
        value=lo_default,
        step=step,
        format=number_format,
        key=f"wm.lo.{lever}",
    )
    hi = b.number_input(
        "To",
        min_value=f_lo,
        max_value=f_hi,
        value=hi_default,
        step=step,
        format=number_format,
        key=f"wm.hi.{lever}",
    )
    paths = c.number_input(
        FUTURES_LABEL,
        min_value=MIN_PATHS,
        max_value=5_000,
        value=max(MIN_PATHS, min(run_settings.paths, SEEK_PATHS)),
        step=100,
        key="wm.seek_paths",
        help=FUTURES_HELP,
    )
    clicked = d.button("Find it", type="primary")
    return lever, float(lo), float(hi), int(paths), clicked


def apply_ui(sc: Scenario, run_settings: RunSettings, result: SeekResult) -> None:
    """A button that puts the value found into the plan (the sidebar loads it)."""
    value = result.value
    if value is None or result.search.start_met:
        return
    lever = result.lever
    label = f"Use {sensitivity.value_text(lever, value)} in my plan"
    if st.button(label, key=f"apply_lever_{lever}", type="primary"):
        after = with_lever(sc, lever, value)
        st.session_state[APPLIED] = {
            "lever": lever,
            "before": sc,
            "after": after,
            "before_value": float(getattr(sc, lever)),
            "after_value": float(getattr(after, lever)),
        }
        request_load(after, run_settings)
        st.rerun()


def seek_result_ui(
    scenario: Scenario, settings: RunSettings, result: SeekResult, goal: Goal
) -> None:
    """What the search found, in words and as the curve it climbed, and the button to use it."""
    base = goal_scenario(scenario, goal)

    def raw(value: float) -> tuple[float, float]:
        candidate = with_lever(base, result.lever, value)
        return state.goal_raw_measures(candidate, goal, result.paths, result.seed)

    (st.success if result.met else st.warning)(sensitivity.describe_seek(result, raw))
    apply_ui(scenario, settings, result)
    wage = goal.kind == "hourly_wage"
    st.altair_chart(
        row_charts.search_curve(
            sensitivity.search_points(result, raw),
            x_title=field_label(result.lever),
            y_title=sensitivity.goal_axis_title(goal),
            target=goal.target,
            current=result.current_value,
            found=result.value,
            y_format="$,.2f" if wage else ".0%",
        ),
        width="stretch",
    )
    st.caption(section("what_matters", "curve"))
    st.caption(sensitivity.search_note(result))


def seek_ui(scenario: Scenario, settings: RunSettings) -> None:
    """The goal and the lever, the search when asked, and what it found while the goal, the
    lever and the plan stay as they were."""
    goal = goal_ui(scenario)
    lever, lo, hi, seek_paths, run_seek = lever_ui(scenario, settings)
    seek_key = (scenario.model_dump_json(), goal, lever, lo, hi, seek_paths, settings.seed)
    if any(c.what == lever for c in scenario.timeline):
        st.caption(
            f"Note: your timeline changes {field_name_words(lever)} later on; the search sets "
            "its starting value only."
        )

    if run_seek:
        if hi < lo:
            st.error("The range is empty: 'From' must not exceed 'To'.")
        else:
            bar = st.progress(0.0, text="Searching…")

            def progress(done: int, total: int, value: float) -> None:
                bar.progress(
                    min(done / total, 1.0),
                    text=f"Tried {field_name_words(lever)} = "
                    f"{sensitivity.value_text(lever, value)} ({done} runs)",
                )

            result = what_would_it_take(
                scenario,
                lever,
                goal,
                paths=seek_paths,
                seed=settings.seed,
                lo=lo,
                hi=hi,
                measure_scenario=lambda sc: state.goal_measure(sc, goal, seek_paths, settings.seed),
                on_eval=progress,
            )
            bar.empty()
            st.session_state[SEEK] = {"key": seek_key, "result": result}

    searched = st.session_state.get(SEEK)
    if searched is not None and searched["key"] == seek_key:
        seek_result_ui(scenario, settings, searched["result"], goal)
    elif searched is not None and st.session_state.get(APPLIED) is None:
        st.info("The goal, the input or the plan changed since the last search: search again.")
