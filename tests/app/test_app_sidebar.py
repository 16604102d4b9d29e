"""The scenario sidebar: inputs drive the KPIs, presets reset their fields, the link syncs."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from sim import PlannedChange, Scenario
from sim.presets import preset_values
from sim.safe_text import shown
from sim.scenario import GROUPS, fields_in_group
from tests.app.conftest import link, metrics, new_app, set_group_open
from ui.sidebar import GROUPS_OPEN, PRESET_FIELDS, STOP_RULES


def drawn_inputs(at: AppTest) -> set[str]:
    return {str(w.key) for w in [*at.sidebar.number_input, *at.sidebar.checkbox]}


def group_inputs(group: str) -> set[str]:
    return {
        f"in.{n}" for n in fields_in_group(group) if n not in PRESET_FIELDS and n not in STOP_RULES
    }


def test_closed_groups_draw_no_inputs_and_open_ones_draw_all(app: AppTest) -> None:
    drawn = drawn_inputs(app)
    for group in GROUPS:
        if group in GROUPS_OPEN:
            assert group_inputs(group) <= drawn, group
        else:
            assert not group_inputs(group) & drawn, group
    labels = {e.label for e in app.sidebar.expander}
    assert {"Audience", "Deals and pay", "Model switches (off = neutral)"} <= labels


def test_a_closed_group_keeps_its_values_in_the_plan_and_the_link(app: AppTest) -> None:
    set_group_open(app, "Deals and pay")
    fee = app.sidebar.number_input(key="in.fee_usd_at_1k_followers")
    assert fee.value == app.session_state["scenario"].fee_usd_at_1k_followers
    fee.set_value(33.0).run()
    before = metrics(app)
    set_group_open(app, "Deals and pay", False)
    assert "in.fee_usd_at_1k_followers" not in drawn_inputs(app)
    assert app.session_state["scenario"].fee_usd_at_1k_followers == 33.0
    assert app.query_params["fee_usd_at_1k_followers"] == "33"
    assert metrics(app) == before
    # an input in an open group changes; the closed group's value stays
    app.sidebar.number_input(key="in.posts_per_week").set_value(4.0).run()
    assert app.session_state["scenario"].fee_usd_at_1k_followers == 33.0
    set_group_open(app, "Deals and pay")
    assert app.sidebar.number_input(key="in.fee_usd_at_1k_followers").value == 33.0


def test_changing_an_input_changes_the_kpis_and_the_link(app: AppTest) -> None:
    before = metrics(app)
    assert app.query_params.get("posts_per_week") is None
    app.sidebar.number_input(key="in.posts_per_week").set_value(6.0).run()
    assert not app.exception
    after = metrics(app)
    assert after != before
    changed = {k for k in before if before[k] != after.get(k)}
    assert {"Followers (median)", "Net profit (median)"} <= changed
    assert app.query_params["posts_per_week"] == "6"
    assert app.session_state["scenario"].posts_per_week == 6.0


def test_rerun_without_change_keeps_the_figures(app: AppTest) -> None:
    before = metrics(app)
    app.run()
    assert metrics(app) == before


def test_link_sets_the_scenario_and_its_notices_show_once() -> None:
    query = link(Scenario(posts_per_week=5.0))
    query["hours_per_post"] = "999"  # out of range: clamped, with a notice
    at = new_app(query)
    at.run()
    assert at.sidebar.number_input(key="in.posts_per_week").value == 5.0
    assert at.sidebar.number_input(key="in.hours_per_post").value == 40.0
    assert len(at.warning) == 1 and "hours_per_post" in shown(at.warning[0].value)
    at.run()
    assert not [w for w in at.warning if "share link" in w.value]
    assert at.query_params["hours_per_post"] == "40"


def test_changing_the_preset_resets_preset_fields_only(app: AppTest) -> None:
    app.sidebar.number_input(key="in.posts_per_week").set_value(5.0).run()
    set_group_open(app, "Deals and pay")
    app.sidebar.number_input(key="in.fee_usd_at_1k_followers").set_value(33.0).run()
    app.sidebar.radio(key="in.price_source").set_value("marketplace").run()
    assert not app.exception
    expected = preset_values("instagram", "fashion", "marketplace")["fee_usd_at_1k_followers"]
    assert app.sidebar.number_input(key="in.fee_usd_at_1k_followers").value == expected
    assert app.sidebar.number_input(key="in.posts_per_week").value == 5.0  # a personal choice
    assert any("IZEA" in c.value for c in app.sidebar.caption)  # the source is named
    # a change of platform while the group is closed reaches its inputs all the same
    app.sidebar.selectbox(key="in.platform").set_value("tiktok").run()
    tiktok = preset_values("tiktok", "fashion", "marketplace")
    assert app.session_state["scenario"].platform == "tiktok"
    assert app.session_state["scenario"].engagement_rate_nano == tiktok["engagement_rate_nano"]
    set_group_open(app, "Audience")
    assert (
        app.sidebar.number_input(key="in.engagement_rate_nano").value
        == tiktok["engagement_rate_nano"]
    )


def test_inputs_that_do_not_fit_together_keep_the_last_valid_plan(app: AppTest) -> None:
    set_group_open(app, "Deals and pay")
    app.sidebar.number_input(key="in.share_net60").set_value(0.7).run()
    app.sidebar.number_input(key="in.share_net90").set_value(0.6).run()
    assert not app.exception
    assert any("do not fit together" in e.value for e in app.sidebar.error)
    assert (
        app.session_state["scenario"].share_net90 + app.session_state["scenario"].share_net60 <= 1.0
    )


def _timeline_key(at: AppTest) -> str:
    keys = [k for k in at.session_state if str(k).startswith("in.timeline.")]
    assert len(keys) == 1, keys
    return str(keys[0])


def test_timeline_rows_are_validated_with_clear_messages(app: AppTest) -> None:
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
