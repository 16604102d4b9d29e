"""The verdict and the figures of one run: the headline first, then the rest.

The headline leads with the chance the plan works out (in profit at the end and still
creating), with median net profit beside it; a plan never reads better because more of its
futures gave up. Gifted products are counted in kind, apart from cash. Every figure is written
by ``sim.model.format``.
"""

from __future__ import annotations

import streamlit as st

from sim import Scenario
from sim.calibration.validate import known_misses
from sim.model import format as fmt
from sim.model.results import Summary, goal_words
from ui.methodology import kind_of

VERDICT_KEY = "verdict"
HEADLINE_KEY = "headline"
FIGURE_WIDTH_PX = 170
"""Two figures side by side on a phone (390 px: 358 px inside the margins), five or more on a
laptop. Labels are kept short enough to show whole at this width."""


def verdict_tone(s: Summary) -> str:
    """``good``, ``mixed`` or ``bad``: how likely the plan works out."""
    if s.p_success >= 0.6:
        return "good"
    if s.p_success >= 0.3:
        return "mixed"
    return "bad"


def verdict_ui(s: Summary) -> None:
    """The plain-language verdict, coloured by the chance the plan works out."""
    with st.container(key=VERDICT_KEY):
        tone = verdict_tone(s)
        if tone == "good":
            st.success(s.verdict, icon=":material/thumb_up:")
        elif tone == "mixed":
            st.warning(s.verdict, icon=":material/balance:")
        else:
            st.error(s.verdict, icon=":material/money_off:")


def break_even_spread(s: Summary) -> str:
    """How spread out break-even is, in words, also when most futures never break even."""
    if s.p_break_even == 0:
        return f"no future breaks even within {fmt.months(s.months)}"
    if s.break_even_month_p25 is None:
        return f"only {fmt.pct(s.p_break_even)} of futures break even within {fmt.months(s.months)}"
    if s.break_even_month_p75 is None:
        return (
            f"a quarter by {fmt.month(s.break_even_month_p25)}; "
            f"{fmt.pct(1 - s.p_break_even)} never do"
        )
    return (
        f"half of futures between {fmt.month(s.break_even_month_p25)} and "
        f"{fmt.month(s.break_even_month_p75)}"
    )


def headline_rows(s: Summary) -> list[tuple[str, str, str]]:
    """(label, value, help) of the headline figures, in order: what the page shows first."""
    gap = s.hourly_wage_usd_p50 - s.day_job_wage_usd_per_hour
    return [
        (
            "Chance it works out",
            fmt.pct(s.p_success),
            f"Share of simulated futures where, after {fmt.months(s.months)}, it "
            f"{goal_words(s, third_person=True)} and you are still creating (your measure: "
            f"{fmt.figure('goal', s.goal).lower()}). A future that gave up never counts, even "
            f"if stopping saved money.{model_uncertainty_words(s)}",
        ),
        (
            "Median net profit",
            fmt.money(s.net_profit_usd_p50),
            f"Cash received minus costs and tax after {fmt.months(s.months)}, in the middle "
            f"future. 1 in 10 does worse than {fmt.money(s.net_profit_usd_p10)}, 1 in 10 "
            f"better than {fmt.money(s.net_profit_usd_p90)}.",
        ),
        (
            "Must be able to lose",
            fmt.money(s.max_out_of_pocket_usd_p90),
            "The deepest you go out of pocket along the way in 9 futures of 10 "
            f"(median future: {fmt.money(s.max_out_of_pocket_usd_p50)}).",
        ),
        (
            "Median pay an hour",
            fmt.money(s.hourly_wage_usd_p50, cents=True),
            "Net profit divided by the hours spent creating; your day job pays "
            f"{fmt.money(s.day_job_wage_usd_per_hour, cents=True)} "
            f"({fmt.signed_money(gap, cents=True)} against it).",
        ),
    ]


def more_rows(s: Summary) -> list[tuple[str, str, str]]:
    """(label, value, help) of the other figures."""
    return [
        (
            "Chance of profit",
            fmt.pct(s.p_profitable),
            "In profit at the end, whether or not you are still creating.",
        ),
        (
            "Break-even",
            fmt.month(s.break_even_month_p50).capitalize(),
            "Median month from which your total stays at or above zero; "
            + break_even_spread(s)
            + ".",
        ),
        (
            "Paid brand deal",
            fmt.pct(s.p_paid_deal),
            f"Share of futures with at least one paid deal within {fmt.months(s.months)}.",
        ),
        (
            "Gifted products",
            fmt.money(s.gifted_value_usd_p50),
            "Median value of products received as gifts: in kind, not cash, and not in net profit.",
        ),
        (
            "Feel burnt out",
            fmt.pct(s.p_strain),
            f"Futures that wear you down to what surveys call burnout; {fmt.pct(s.p_burnout)} "
            f"to a break from posting, {fmt.pct(s.p_quit)} to stopping.",
        ),
        (
            "Followers",
            fmt.count(s.followers_p50),
            f"At the end, median; 1 in 10 futures below {fmt.count(s.followers_p10)}, "
            f"1 in 10 above {fmt.count(s.followers_p90)}.",
        ),
        (
            "Creating a week",
            fmt.hours(s.creator_hours_per_week_p50),
            "Median over futures, in the weeks you create (rest and after stopping left out); "
            f"{fmt.hours_a_week(s.total_hours_per_week_p50)} with the day job.",
        ),
        (
            "People who engage",
            fmt.count(s.community_per_week_p50),
            "People who like, comment or reply in a week at the end, in the median future: "
            "the community, if that is what you are there for.",
        ),
    ]


def model_uncertainty_words(s: Summary) -> str:
    """How far the model's own uncertainty moves the chance, as a sentence (or nothing)."""
    if s.p_success_model_p10 is None or s.p_success_model_p90 is None:
        return ""
    if fmt.pct(s.p_success_model_p10) == fmt.pct(s.p_success_model_p90):
        return ""  # "between 0% and 0%" says nothing
    return (
        " What the surveys leave open about the model itself moves it between "
        f"{fmt.pct(s.p_success_model_p10)} and {fmt.pct(s.p_success_model_p90)}."
    )


FIGURE_KEY = "figure_"
"""Headline figure ``i`` is in the container ``figure_<i>`` (class ``st-key-figure_<i>``)."""


def figure_markdown(label: str, value: str) -> str:
    """A headline figure as plain markdown: its label, then its value as a heading. Not
    ``st.metric``, nor HTML: the browser draws plain markdown with the code it already has for
    the title and the verdict, while a metric (or raw HTML) waits for scripts of its own, which
    arrived seconds after the verdict on a first visit (issue 11, speed). Dollar signs are
    escaped so that two of them never read as a formula."""
    return f"{label}\n\n### {value.replace('$', chr(92) + '$')}"


def headline_ui(s: Summary) -> None:
    """The headline figures, two to a row on a phone; what they mean in one line below (a
    help icon would leave too little room for the label)."""
    rows = headline_rows(s)
    with st.container(key=HEADLINE_KEY, horizontal=True, gap="small"):
        for i, (label, value, _) in enumerate(rows):
            with st.container(border=True, width=FIGURE_WIDTH_PX, key=f"{FIGURE_KEY}{i}"):
                st.markdown(figure_markdown(label, value))
    st.caption(" ".join(f"**{label}**: {text}" for label, _, text in rows))


def more_figures_ui(s: Summary) -> None:
    """The other figures, as cards like the headline's (so they arrive with it), each with its
    meaning behind a help icon."""
    first = len(headline_rows(s))
    with st.container(key="more_figures", horizontal=True, gap="small"):
        for i, (label, value, help_text) in enumerate(more_rows(s), start=first):
            with st.container(border=True, width=FIGURE_WIDTH_PX, key=f"{FIGURE_KEY}{i}"):
                st.markdown(figure_markdown(label, value), help=help_text)


FIGURE_COUNT = 12
"""Headline and other figures on the Plan page (``headline_rows`` + ``more_rows``)."""


COMPARISON_LINK = "/methodology#how-the-model-compares-with-what-creators-report"


def known_misses_ui(scenario: Scenario) -> None:
    """Under the verdict: where the model is known to say something other than the surveys for
    plans like this one (a documented miss or gap of the validation), one line each."""
    for row, target in known_misses(scenario):
        said = kind_of(row.statistic).text(row.model)
        st.caption(
            ":material/info: The model is known to miss for plans like yours: "
            f"{target.figure} ({target.source}), where the model says {said}. "
            f"[How the model compares]({COMPARISON_LINK})".replace("$", "\\$")
        )
