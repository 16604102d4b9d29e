"""Under the verdict: why the plan does or doesn't work out, and what would change it.

The reasons come with the plan's figures (``ui.state.plan_view``). The changes take several
runs, so they are worked out in the background (``ui.suggestion_runner``) once the figures
are on screen: until they are ready a fragment says they are on their way and checks again
every ``POLL_S``, then reruns the page once to draw them in place. Each change has a button
(key ``apply_lever_<field>``) that sets that input in the sidebar, and says what it costs:
hours a week, day-job pay, money.
"""

from __future__ import annotations

import streamlit as st

from sim import RunSettings, Scenario
from sim.analysis.advice import Suggestion
from sim.model import format as fmt
from sim.model.results import Summary
from ui.sidebar import apply_inputs
from ui.suggestion_runner import Failed, Pending, PlanKey, runner

POLL_S = 1.5
"""How often a waiting page asks whether its suggestions are ready, with no other plan ahead."""
POLL_MAX_S = 6.0
"""The longest wait between two asks, when many plans are ahead (each ask is a small rerun)."""
ASKED = "advice.asked"
"""Session state: the plan whose suggestions this session last asked for."""


def lever_key(field: str) -> str:
    """Widget key of the button that applies a change to ``field``."""
    return f"apply_lever_{field}"


def _apply(field: str, value: float) -> None:
    apply_inputs({field: value})


def suggestion_ui(s: Suggestion) -> None:
    with st.container(border=True):
        effect = s.effect()
        st.markdown(f"**{s.change.what}**  \n{effect[:1].upper() + effect[1:]}.")
        st.markdown(s.cost_text())
        if s.cost is not None and s.cost.breaks_limit:
            st.markdown(
                ":orange-badge[:material/warning: More hours than you said you can keep up]"
            )
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
ON_THEIR_WAY = "Trying the changes you control on the same simulated futures…"
NOTHING_HELPS = (
    "None of the simple changes tried (cheaper costs, posting more or less, quicker posts, UGC "
    "gigs, more pitching, the going rate, a shorter day job, a longer horizon) improves the "
    "chance it works out."
)


def raises_the_chance(s: Suggestion) -> bool:
    """The change moves the chance it works out by at least one point (as the card shows it)."""
    return round(s.p_success_after * 100) - round(s.p_success_before * 100) >= 1


def _caption(found: list[Suggestion]) -> str:
    tried = found[0].paths_tried
    where = (
        f"each tried on the first {fmt.count(tried)} of your plan's simulated futures"
        if tried
        else "each tried on the same simulated futures as your plan"
    )
    return f"Changes you control, {where}, so the difference is the change and not luck:"


def suggestions_ui(found: list[Suggestion]) -> None:
    if not found:
        st.caption(NOTHING_HELPS)
        return
    st.caption(_caption(found))
    with st.container(horizontal=True, gap="small"):
        for s in found:
            with st.container(width=320):
                suggestion_ui(s)
    if not any(raises_the_chance(s) for s in found):
        st.caption(NO_CHANGE_MOVES_THE_CHANCE)


def poll_every_s(ahead: int) -> float:
    """Seconds between two asks: ``POLL_S``, longer the more plans are ahead (a busy server is
    not asked more often for less)."""
    return min(POLL_S * (1 + ahead / 4), POLL_MAX_S)


def _waiting_ui(key: PlanKey, ahead: int) -> None:
    """On their way: asked again every ``poll_every_s``; once ready, one rerun of the page
    draws them in place."""
    st.fragment(run_every=poll_every_s(ahead))(_waiting_body)(key)


def _waiting_body(key: PlanKey) -> None:
    outcome = runner().peek(key)
    if outcome is not None and not isinstance(outcome, Pending):
        st.rerun()
    ahead = outcome.ahead if isinstance(outcome, Pending) else 0
    queue = f" ({fmt.count(ahead)} other plans first: the server is busy)" if ahead else ""
    st.caption(f":material/hourglass_top: {ON_THEIR_WAY}{queue}")


def advice_ui(
    scenario: Scenario, settings: RunSettings, summary: Summary, why: tuple[str, ...]
) -> None:
    """The reasons at once; the changes when the background runner has them."""
    st.subheader("Why, and what would change it")
    st.markdown("\n".join(f"- {r}" for r in why))
    key = PlanKey.of(scenario, settings)
    previous = st.session_state.get(ASKED)
    if previous is not None and previous != key:
        runner().cancel(previous)  # the person moved on: that plan's changes are not needed
    st.session_state[ASKED] = key
    outcome = runner().request(key, scenario, summary)
    if isinstance(outcome, Pending):
        _waiting_ui(key, outcome.ahead)
    elif isinstance(outcome, Failed):
        st.caption(
            f"The changes that would help could not be worked out just now ({outcome.reason}); "
            "they are tried again when the plan changes."
        )
    else:
        suggestions_ui(outcome)
