"""Compare, What matters and A life in weeks, driven through their widgets."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from sim import simulate
from sim.goal_seek import Goal, goal_scenario, measure, with_lever
from sim.safe_text import markdown_safe, shown
from tests.app.conftest import go, plan_input, set_input


def _save(at: AppTest, name: str) -> None:
    at.text_input[0].input(name)
    at.button(key="FormSubmitter:save-Save current plan").click().run()
    assert not at.exception, at.exception


def test_save_and_compare_scenarios(app: AppTest) -> None:
    go(app, "compare")
    assert any("No saved plans yet" in i.value for i in app.info)
    _save(app, "three posts")
    set_input(app, "posts_per_week", 6.0)
    _save(app, "six posts")
    saved = app.session_state["saved"]
    assert [s.name for s in saved] == ["three posts", "six posts"]
    assert saved[1].scenario.posts_per_week == 6.0
    assert app.multiselect(key="cmp.chosen").value == ["three posts", "six posts"]
    tables = app.table
    assert len(tables) == 2  # headline figures, differences against the baseline
    headline = tables[0].value
    assert list(headline.columns) == ["three posts", "six posts"]
    assert shown(headline.index[0]) == "Chance it works out"  # ranked by it, first
    differences = tables[1].value.rename(columns=shown)
    assert differences.index.tolist() == ["six posts"]
    assert "point" in shown(differences["Difference (likely range)"].iloc[0])
    assert any(shown(m.value).startswith("Most likely to work out:") for m in app.markdown)


def test_plan_names_are_shown_as_typed_never_as_markup(app: AppTest) -> None:
    """Issue 9: st.table, st.subheader and st.toast render markdown; a plan name is text."""
    go(app, "compare")
    hostile = "**[x](https://e.example)** :red[!]"
    _save(app, hostile)
    _save(app, "__b__ www.e.example")
    names = list(app.table[0].value.columns)
    assert [shown(n) for n in names] == [hostile, "__b__ www.e.example"]
    assert names == [markdown_safe(hostile), markdown_safe("__b__ www.e.example")]
    assert app.table[1].value.index.tolist() == [markdown_safe("__b__ www.e.example")]
    assert any(s.value == markdown_safe(f"Differences against “{hostile}”") for s in app.subheader)


def test_load_a_saved_plan_back_into_the_sidebar(app: AppTest) -> None:
    go(app, "compare")
    _save(app, "base")
    set_input(app, "posts_per_week", 7.0)
    app.selectbox(key="cmp.pick").set_value("base")
    app.button[1].click().run()  # "Load into the sidebar"
    assert not app.exception
    assert plan_input(app, "posts_per_week").value == 3.0
    assert app.session_state["scenario"].posts_per_week == 3.0


def test_sensitivity_sweep_draws_a_tornado(app: AppTest) -> None:
    go(app, "what_matters")
    app.number_input(key="wm.paths").set_value(100)
    next(b for b in app.button if b.label == "Run the sweep").click().run()
    assert not app.exception
    sweep = app.session_state["wm.sweep"]
    table = sweep["table"]
    assert "posts_per_week" in set(table["field"])
    assert "months" not in set(table["field"])
    assert (table["low_input"] <= table["value"]).all()
    assert (table["high_input"] >= table["value"]).all()
    assert any(s.value == "Median net profit" for s in app.subheader)


def test_goal_seek_finds_a_value_that_meets_the_target_when_rerun(app: AppTest) -> None:
    # a follower count that 5 posts a week reaches in 6 of 10 futures by month 12
    scenario = app.session_state["scenario"]
    probe = simulate(with_lever(scenario, "posts_per_week", 5.0), 200, 42)
    followers = float(np.floor(np.quantile(probe.monthly["followers"][:, 12], 0.4) / 10) * 10)
    go(app, "what_matters")
    app.radio(key="wm.goal").set_value("followers_chance").run()
    app.number_input(key="wm.month").set_value(12)
    app.number_input(key="wm.f").set_value(int(followers))
    app.slider(key="wm.fp").set_value(60)
    app.selectbox(key="wm.lever").set_value("posts_per_week").run()
    app.number_input(key="wm.seek_paths").set_value(200)
    next(b for b in app.button if b.label == "Find it").click().run()
    assert not app.exception
    result = app.session_state["wm.seek"]["result"]
    assert result.met and result.value is not None
    assert any("reaches" in s.value for s in app.success)
    goal = Goal("followers_chance", 12, 0.6, followers=followers)
    rerun = simulate(
        with_lever(goal_scenario(scenario, goal), "posts_per_week", result.value),
        200,
        app.session_state["settings"].seed,
    )
    assert measure(rerun, goal) >= 0.6
    # and the full-horizon run agrees at month 12
    full = simulate(with_lever(scenario, "posts_per_week", result.value), 200, 42)
    assert measure(full, goal) >= 0.6


def test_life_in_weeks_shows_the_chosen_path_diary(app: AppTest) -> None:
    go(app, "life_in_weeks")
    assert app.expander, "no months shown"
    assert any("Month 1" in e.label for e in app.expander)
    events = "\n".join(m.value for m in app.markdown)
    assert "Week 1:" in events and "equipment" in events.lower()
    median_title = app.subheader[0].value
    app.segmented_control(key="life.which").set_value("worst").run()
    assert not app.exception
    worst_title = app.subheader[0].value
    assert worst_title != median_title
    worst = simulate(app.session_state["scenario"], 200, 42).pick_path("worst")
    assert worst_title.startswith(f"Future #{worst + 1}:")
    assert "Ranked 1 of" in " ".join(c.value for c in app.caption)
    next(b for b in app.button if b.label == "Another at random").click().run()
    assert not app.exception
    assert app.session_state["life.random"] == 1
    assert app.segmented_control(key="life.which").value == "random"


def test_methodology_reads_the_current_preset(app: AppTest) -> None:
    go(app, "methodology")
    assert len(app.latex) >= 10
    app.sidebar.selectbox(key="in.platform").set_value("youtube").run()
    assert not app.exception
    assert any("YouTube" in c.value for c in app.caption)
    tables = app.table
    assert len(tables) >= 3
