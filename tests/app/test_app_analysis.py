"""Compare, driven through its widgets (What matters, A life in weeks and Methodology have
their own test files)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from sim.io.safe_text import markdown_safe, shown
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
    assert "point" in shown(differences["Likely range of that difference"].iloc[0])
    # every difference beside two figures is the difference of the figures as shown
    headline_net = [
        shown(v) for v in headline.loc[headline.index.map(shown) == "Median net profit"].iloc[0]
    ]
    assert shown(differences["Median net profit"].iloc[0]).startswith(" → ".join(headline_net)) or (
        "about the same" in shown(differences["Median net profit"].iloc[0])
    )
    assert any(
        shown(m.value).startswith(("Most likely to work out:", "None of these plans"))
        for m in app.markdown
    )


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


def test_compare_never_ranks_a_plan_higher_for_more_futures_quitting() -> None:
    import pandas as pd

    from ui.compare_view import best_plan_text, quitting_warnings

    kpis = pd.DataFrame(
        [
            {"scenario": "keeps going", "p_success": 0.1, "p_quit": 0.2, "net_profit_usd_p50": -9},
            {"scenario": "gives up", "p_success": 0.1, "p_quit": 0.9, "net_profit_usd_p50": -1},
        ]
    )
    assert "keeps going" in shown(best_plan_text(kpis))
    (warning,) = quitting_warnings(kpis)
    assert shown(warning).startswith("“gives up” has a better median net")
