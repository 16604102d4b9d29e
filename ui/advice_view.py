"""Under the verdict: why the plan does or doesn't work out, and what would change it.

The reasons and the changes come from ``sim.advice`` (cached per run in ``ui.state``); each
change has a button (key ``apply_lever_<field>``) that sets that input in the sidebar.
"""

from __future__ import annotations

import streamlit as st

from sim import RunSettings, Scenario
from sim.advice import Suggestion
from ui import state
from ui.sidebar import apply_inputs


def lever_key(field: str) -> str:
    """Widget key of the button that applies a change to ``field``."""
    return f"apply_lever_{field}"


def _apply(field: str, value: float) -> None:
    apply_inputs({field: value})


def suggestion_ui(s: Suggestion) -> None:
    with st.container(border=True):
        st.markdown(f"**{s.change.what}**  \n{s.effect()[:1].upper() + s.effect()[1:]}.")
        st.button(
            "Use this",
            key=lever_key(s.change.field),
            on_click=_apply,
            args=(s.change.field, s.change.value),
            icon=":material/check:",
        )


NO_CHANGE_MOVES_THE_CHANCE = (
    "None of these moves the chance it works out by a whole point: they only cut what the "
    "middle future loses."
)


def raises_the_chance(s: Suggestion) -> bool:
    """The change moves the chance it works out by at least one point (as the card shows it)."""
    return round(s.p_success_diff * 100) >= 1


def advice_ui(scenario: Scenario, settings: RunSettings) -> None:
    reasons, suggestions = state.advice(scenario, settings)
    st.subheader("Why, and what would change it")
    st.markdown("\n".join(f"- {r}" for r in reasons))
    if suggestions:
        st.caption(
            "Changes you control, each tried on the same simulated futures as your plan, so "
            "the difference is the change and not luck:"
        )
        with st.container(horizontal=True, gap="small"):
            for s in suggestions:
                with st.container(width=320):
                    suggestion_ui(s)
        if not any(raises_the_chance(s) for s in suggestions):
            st.caption(NO_CHANGE_MOVES_THE_CHANCE)
    else:
        st.caption(
            "None of the simple changes tried (cheaper costs, posting more or less, quicker "
            "posts, more pitching, a longer horizon) improves the chance it works out."
        )
