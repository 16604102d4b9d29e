"""The scenario sidebar: inputs (sliders, exact numbers, percentages) drive the figures,
presets reset their fields, the link syncs, the model's assumptions sit apart."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sim import PlannedChange, Scenario
from sim.io.safe_text import shown
from sim.model.presets import preset_values
from sim.model.scenario import ASSUMPTION_GROUPS, PLAN_GROUPS, fields_in_group
from tests.app.conftest import (
    link,
    metrics,
    new_app,
    open_assumptions,
    plan_input,
    set_group_open,
    set_input,
)
from ui.sidebar import (
    ADVANCED_TITLE,
    EXACT_KEY,
    GROUPS_OPEN,
    PRESET_FIELDS,
    STOP_RULES,
    TIMELINE_GROUP,
)


def drawn_inputs(at: AppTest) -> set[str]:
    kinds = ("number_input", "checkbox", "slider", "select_slider", "selectbox")
    return {str(w.key) for kind in kinds for w in getattr(at.sidebar, kind)}


def group_inputs(group: str) -> set[str]:
    return {
        f"in.{n}" for n in fields_in_group(group) if n not in PRESET_FIELDS and n not in STOP_RULES
    }


def test_closed_groups_draw_no_inputs_and_open_ones_draw_all(app: AppTest) -> None:
    drawn = drawn_inputs(app)
    for group in PLAN_GROUPS:
        if group in GROUPS_OPEN:
            assert group_inputs(group) <= drawn, group
        else:
            assert not group_inputs(group) & drawn, group
    for group in ASSUMPTION_GROUPS:
        assert not group_inputs(group) & drawn, group
    labels = {e.label for e in app.sidebar.expander}
    assert {"Your account", "Your numbers, if you know them", ADVANCED_TITLE} <= labels
    # the model's assumptions are not among the plan's groups
    assert not {"Audience", "Deals", "Burnout"} & labels


def test_assumptions_open_one_group_at_a_time(app: AppTest) -> None:
    open_assumptions(app, "Deals")
    drawn = drawn_inputs(app)
    assert group_inputs("Deals") <= drawn
    assert not group_inputs("Audience") & drawn
    open_assumptions(app, "Mechanisms")
    assert group_inputs("Mechanisms") <= drawn_inputs(app)


def test_a_closed_group_keeps_its_values_in_the_plan_and_the_link(app: AppTest) -> None:
    open_assumptions(app, "Deals")
    fee = plan_input(app, "fee_usd_at_1k_followers")
    assert fee.value == app.session_state["scenario"].fee_usd_at_1k_followers
    set_input(app, "fee_usd_at_1k_followers", 33.0)
    before = metrics(app)
    set_group_open(app, ADVANCED_TITLE, False)
    assert "in.fee_usd_at_1k_followers" not in drawn_inputs(app)
    assert app.session_state["scenario"].fee_usd_at_1k_followers == 33.0
    assert app.query_params["fee_usd_at_1k_followers"] == "33"
    assert metrics(app) == before
    # an input in an open group changes; the closed group's value stays
    set_input(app, "posts_per_week", 4.0)
    assert app.session_state["scenario"].fee_usd_at_1k_followers == 33.0
    open_assumptions(app, "Deals")
    assert plan_input(app, "fee_usd_at_1k_followers").value == 33.0


def test_sliders_move_the_figures_and_the_link(app: AppTest) -> None:
    assert plan_input(app, "posts_per_week").type == "slider"
    before = metrics(app)
    assert app.query_params.get("posts_per_week") is None
    set_input(app, "posts_per_week", 6.0)
    after = metrics(app)
    changed = {k for k in before if before[k] != after.get(k)}
    assert {"Followers", "Median net profit"} <= changed, changed
    assert app.query_params["posts_per_week"] == "6"
    assert app.session_state["scenario"].posts_per_week == 6.0
    # followers on a log grid: a value of the grid, and the link follows
    slider = plan_input(app, "start_followers")
    assert slider.type == "select_slider" and "10,000" in slider.options
    set_input(app, "start_followers", 10_000.0)
    assert app.query_params["start_followers"] == "10000"
    assert metrics(app)["Followers"] != after["Followers"]


def test_exact_numbers_swap_sliders_for_boxes_and_keep_the_values(app: AppTest) -> None:
    set_input(app, "posts_per_week", 4.5)
    app.sidebar.toggle(key=EXACT_KEY).set_value(True).run()
    box = plan_input(app, "posts_per_week")
    assert box.type == "number_input" and box.value == 4.5
    set_input(app, "start_followers", 3_456)
    assert app.session_state["scenario"].start_followers == 3_456
    app.sidebar.toggle(key=EXACT_KEY).set_value(False).run()
    assert not app.exception
    slider = plan_input(app, "start_followers")
    assert slider.type == "select_slider" and slider.value == 3_456  # an exact value survives


def test_a_typed_value_out_of_range_is_clamped_and_said(app: AppTest) -> None:
    app.sidebar.toggle(key=EXACT_KEY).set_value(True).run()
    set_input(app, "posts_per_week", 40.0)
    assert plan_input(app, "posts_per_week").value == 21.0
    assert app.session_state["scenario"].posts_per_week == 21.0  # the figures use it too
    assert app.query_params["posts_per_week"] == "21"
    notes = [shown(c.value) for c in app.sidebar.caption]
    assert any("above the most allowed; set to 21" in n for n in notes), notes


def test_shares_are_percentages(app: AppTest) -> None:
    set_group_open(app, "Your policy")
    share = plan_input(app, "max_sponsored_share")
    assert share.value == 30.0 and "%" in share.label
    set_input(app, "max_sponsored_share", 45.0)
    assert app.session_state["scenario"].max_sponsored_share == 0.45
    assert app.query_params["max_sponsored_share"] == "0.45"


def test_your_numbers_are_plan_inputs(app: AppTest) -> None:
    set_group_open(app, "Your numbers")
    set_input(app, "my_fee_usd_per_post", 120.0)
    assert app.session_state["scenario"].my_fee_usd_per_post == 120.0
    assert app.query_params["my_fee_usd_per_post"] == "120"


def test_rerun_without_change_keeps_the_figures(app: AppTest) -> None:
    before = metrics(app)
    app.run()
    assert metrics(app) == before


def test_link_sets_the_scenario_and_its_notices_show_while_its_plan_is_shown() -> None:
    """The notices stay through reruns that change nothing (the suggestions arriving redraw
    the page) and go with the first change to the plan."""
    query = link(Scenario(posts_per_week=5.0))
    query["hours_per_post"] = "999"  # out of range: clamped, with a notice
    at = new_app(query)
    at.run()
    assert plan_input(at, "posts_per_week").value == 5.0
    assert plan_input(at, "hours_per_post").value == 40.0
    assert len(at.warning) == 1 and "hours_per_post" in shown(at.warning[0].value)
    at.run()
    assert len([w for w in at.warning if "share link" in w.value]) == 1, "still this plan"
    set_input(at, "posts_per_week", 4.0)
    assert not [w for w in at.warning if "share link" in w.value], "gone with a change"
    assert at.query_params["hours_per_post"] == "40"


def test_changing_the_preset_resets_preset_fields_only(app: AppTest) -> None:
    set_input(app, "posts_per_week", 5.0)
    open_assumptions(app, "Audience")
    set_input(app, "engagement_rate_nano", 9.0)
    app.sidebar.selectbox(key="in.platform").set_value("tiktok").run()
    assert not app.exception
    tiktok = preset_values("tiktok", "fashion")
    assert app.session_state["scenario"].platform == "tiktok"
    assert app.session_state["scenario"].engagement_rate_nano == tiktok["engagement_rate_nano"]
    assert plan_input(app, "engagement_rate_nano").value == pytest.approx(
        tiktok["engagement_rate_nano"] * 100
    )
    assert plan_input(app, "posts_per_week").value == 5.0  # a personal choice
    assert any("usual values" in c.value for c in app.sidebar.caption)


def test_inputs_that_do_not_fit_together_keep_the_last_valid_plan(app: AppTest) -> None:
    open_assumptions(app, "Payments")
    set_input(app, "share_net60", 70.0)
    set_input(app, "share_net90", 60.0)
    assert any("do not fit together" in e.value for e in app.sidebar.error)
    assert (
        app.session_state["scenario"].share_net90 + app.session_state["scenario"].share_net60 <= 1.0
    )


def _timeline_key(at: AppTest) -> str:
    keys = [k for k in at.session_state if str(k).startswith("in.timeline.")]
    assert len(keys) == 1, keys
    return str(keys[0])


def test_timeline_rows_are_validated_with_clear_messages(app: AppTest) -> None:
    assert not app.data_editor, "closed, the timeline draws no editor"
    set_group_open(app, TIMELINE_GROUP)
    key = _timeline_key(app)
    app.session_state[key] = {
        "edited_rows": {},
        "added_rows": [
            {"month": 6, "what": "job_hours_per_week", "value": 30.0},
            {"month": 3, "what": "posts_per_week", "value": 99.0},
            {"month": 9, "what": "purchase_usd"},
        ],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    messages = [shown(e.value) for e in app.sidebar.error]
    assert any(m.startswith("Row 2:") and "between 0 and 21" in m for m in messages), messages
    assert any(m.startswith("Row 3:") and "value" in m for m in messages), messages
    timeline = app.session_state["scenario"].timeline
    assert timeline == (PlannedChange(month=6, what="job_hours_per_week", value=30.0),)
    assert app.query_params["timeline"].startswith("6:job_hours_per_week:30")
    # closed, the plan keeps its changes; reopened, the editor shows them
    set_group_open(app, TIMELINE_GROUP, False)
    assert app.session_state["scenario"].timeline == timeline
    set_input(app, "posts_per_week", 4.0)
    assert app.session_state["scenario"].timeline == timeline
    set_group_open(app, TIMELINE_GROUP)
    assert app.data_editor[0].value.iloc[0]["what"] == "job_hours_per_week"


def test_timeline_from_a_link_fills_the_editor() -> None:
    change = PlannedChange(month=4, what="raise_rate_pct", value=20.0)
    at = new_app(link(Scenario(timeline=(change,))))
    at.run()
    editor = at.data_editor[0]
    assert editor.value.iloc[0]["what"] == "raise_rate_pct"
    assert at.session_state["scenario"].timeline == (change,)


def test_paths_and_seed_come_from_the_advanced_section(app: AppTest) -> None:
    assert app.session_state["settings"].paths == 200
    app.sidebar.number_input(key="in.seed").set_value(7).run()
    assert app.session_state["settings"].seed == 7
    assert app.query_params["seed"] == "7"


def test_export_offers_real_downloads(app: AppTest) -> None:
    labels = [b.label.lower() for b in app.get("download_button")]
    assert any("percentiles" in label and "csv" in label for label in labels), labels
    assert any("sample futures" in label and "csv" in label for label in labels), labels
    assert any("?v=" in c.value for c in app.code)  # the share link
