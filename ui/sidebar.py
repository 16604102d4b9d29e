"""The shared scenario sidebar, built from the Scenario schema.

Flow of one rerun:

1. On a session's first run the scenario comes from the address bar (``sim.io.codec``), and the
   link's notices are kept to be shown once. Every input's value is kept in a draft (a dict in
   session state, ``sb.draft``) and mirrored under ``in.<field>``; widgets are created with a
   key only (no ``value=``), seeded from the draft when they (re)appear.
2. A load requested elsewhere (Compare's "load", a file) is applied before any widget exists.
3. The preset picker (platform, niche) comes first; changing it resets every preset-dependent
   field.
4. The person's own plan in grouped expanders (``sim.model.scenario.PLAN_GROUPS``); the model's
   assumptions in one "Advanced: model assumptions" expander, one group at a time. Label,
   unit, range, step and help all come from the schema through ``ui.inputs`` (shares as
   percentages; the main inputs as sliders unless "Type exact numbers" is on; a typed value
   out of range is brought into range and said so). The expanders are lazy
   (``on_change="rerun"``): a closed group draws no widgets, and its values come from the
   draft. Drawing ~90 inputs on every rerun cost more server time than the simulation itself
   (Streamlit scans session state once per widget).
5. The timeline of planned changes (a data editor) and the stop rules; then Advanced
   (paths, seed).
6. The values are validated into one ``Scenario`` and ``RunSettings``. An invalid combination
   keeps the last valid scenario and says what is wrong. The address bar is rewritten from
   ``encode_query`` whenever the scenario changed, so it is always the share link (not while
   a first visit's quick start is still open: a reload then offers it again).

The draft holds values in the scenario's units; a widget's key holds them in the widget's
(``ui.inputs.to_widget``: 30 for a share of 0.3).
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import cache
from typing import Any, get_args
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from sim import PlannedChange, RunSettings, Scenario
from sim.io import codec
from sim.io.labels import field_label
from sim.io.safe_text import markdown_safe
from sim.model import format as fmt
from sim.model.presets import PLATFORMS, all_presets, niches, preset_values
from sim.model.quick_start import QUERY_MARK
from sim.model.scenario import (
    ASSUMPTION_GROUPS,
    CHANGE_LABELS,
    CHOICE_LABELS,
    PLAN_GROUPS,
    fields_in_group,
)
from sim.model.settings import MAX_PATHS, MAX_SEED, MIN_PATHS
from ui import inputs, link_probe, state
from ui.phone import show_results_ui
from ui.upload import upload_ui

PRESET_FIELDS = ("platform", "niche")
STOP_RULES = ("stop_if_lost_usd", "stop_if_no_paid_deal_by_month")
PATHS_KEY = state.WIDGET_PREFIX + "paths"
SEED_KEY = state.WIDGET_PREFIX + "seed"

# session-state keys owned by the sidebar
_INIT = "sb.init"
_NOTICES = "sb.notices"
_PENDING = "sb.pending"
_TIMELINE_BASE = "sb.timeline_base"
_TIMELINE_REV = "sb.timeline_rev"
_TIMELINE_NOW = "sb.timeline_now"  # the valid planned changes, also while the editor is closed
TIMELINE_GROUP = "timeline"
UPLOAD_GROUP = "upload"
_LAST_QUERY = "sb.last_query"
_PRESET_NOTE = "sb.preset_note"
_DRAFT = "sb.draft"
_OPEN = "sb.open."
_PROBE = "sb.probe"  # the first run got no link: ask the browser whether Streamlit dropped one
_QUICKSTART = "sb.quickstart"  # a first visit without a link: the quick start is offered
_CLAMPED = "sb.clamped."  # a typed value brought into range, said under its input once
SCROLL_TOP = "sb.scroll_top"
"""The next Plan page run starts at the top (the quick start's button sat lower down)."""
EXACT_KEY = "sb.exact"
"""The "Type exact numbers" toggle: number inputs instead of sliders."""
ASSUMPTION_GROUP_KEY = "sb.assumption_group"

TIMELINE_COLUMNS = ("month", "what", "value")
GROUPS_OPEN = ("Profile", "Your goal", "Your time")
GROUP_TITLES = {
    "Profile": "Your account",
    "Your goal": "What would make it worth it",
    "Your time": "Your time",
    "Your policy": "Your rules for brand deals",
    "Your numbers": "Your numbers, if you know them",
    "Costs": "Costs",
    "Other income": "Other income",
    "Mechanisms": "Model switches (off = left out)",
}
ADVANCED_TITLE = "Advanced: model assumptions"


def key(name: str) -> str:
    """Session-state key of the widget for field ``name``."""
    return state.WIDGET_PREFIX + name


def timeline_key() -> str:
    """Key of the timeline editor; it changes when the timeline is replaced from outside."""
    return f"{state.WIDGET_PREFIX}timeline.{st.session_state.get(_TIMELINE_REV, 0)}"


@cache
def widget_fields() -> tuple[str, ...]:
    """Every field that has its own widget (all but the timeline)."""
    return tuple(name for name in Scenario.model_fields if name != "timeline")


@cache
def preset_dependent_fields() -> frozenset[str]:
    """Fields whose default differs between presets: these follow a change of preset."""
    seen: dict[str, set[str]] = {}
    for combo in all_presets():
        for name, value in preset_values(*combo).items():
            seen.setdefault(name, set()).add(repr(value))
    return frozenset(
        name for name, values in seen.items() if len(values) > 1 and name not in PRESET_FIELDS
    )


def timeline_frame(changes: tuple[PlannedChange, ...]) -> pd.DataFrame:
    """The editor's table for a timeline (always the three columns, maybe no rows)."""
    frame = pd.DataFrame(
        [{"month": c.month, "what": c.what, "value": c.value} for c in changes],
        columns=list(TIMELINE_COLUMNS),
    )
    return frame.astype({"month": "Int64", "what": "object", "value": "float64"})


def _draft() -> dict[str, Any]:
    """Every input's current value, drawn or not (the widgets of closed groups are not);
    filled by ``_seed_widgets`` on a session's first run."""
    draft: dict[str, Any] = st.session_state[_DRAFT]
    return draft


def _set_input(name: str, value: Any) -> None:
    """Set one input: in the draft and, if its widget has state, in its key (a widget not
    drawn gets no key: ~90 idle keys would slow every widget, which scans session state)."""
    value = inputs.from_widget(name, inputs.to_widget(name, value))
    _draft()[name] = value
    if key(name) in st.session_state:
        st.session_state[key(name)] = inputs.to_widget(name, value)


def _ensure_key(name: str) -> None:
    """Seed a widget's key from the draft before the widget is drawn."""
    if key(name) not in st.session_state:
        st.session_state[key(name)] = inputs.to_widget(name, _draft()[name])


def _seed_widgets(scenario: Scenario, settings: RunSettings) -> None:
    st.session_state[_DRAFT] = {}
    for name in widget_fields():
        _set_input(name, getattr(scenario, name))
    st.session_state[PATHS_KEY] = settings.paths
    st.session_state[SEED_KEY] = settings.seed
    st.session_state[_TIMELINE_BASE] = timeline_frame(scenario.timeline)
    st.session_state[_TIMELINE_REV] = st.session_state.get(_TIMELINE_REV, 0) + 1
    st.session_state[_TIMELINE_NOW] = scenario.timeline
    if scenario.timeline:
        # a plan with planned changes shows them (the lazy expander's state, set before it is
        # drawn; its ``expanded=`` stays fixed, since a new value would make a new widget)
        st.session_state[group_key(TIMELINE_GROUP)] = True
    st.session_state[state.SCENARIO] = scenario
    st.session_state[state.SETTINGS] = settings


def request_load(scenario: Scenario, settings: RunSettings) -> None:
    """Ask the sidebar to show ``scenario`` on the next rerun (call ``st.rerun()`` after)."""
    st.session_state[_PENDING] = (scenario, settings)


def _initialise() -> None:
    """Seed the widgets once per session: from the link if there is one, else defaults."""
    if st.session_state.get(_INIT):
        return
    # get_all keeps repeated keys, so the link reader can say which one it used
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if params and QUERY_MARK not in params:
        link = codec.decode_query(params)
        scenario, settings, notices = link.scenario, link.settings, link.notices
        kept = state.capped(settings, scenario.months)
        if kept != settings:
            notices = (*notices, state.budget_notice(settings, kept, scenario.months))
            settings = kept
    else:
        # No link, or the quick start's own answers (a reload while it was open: it reopens
        # with them, ``ui.quickstart.restore_from_address``). The schema's start month stays
        # fixed (a command gives the same numbers on any date); a person starting now starts
        # this month.
        scenario = Scenario(start_month=date.today().month)
        settings, notices = RunSettings(), ()
        st.session_state[_PROBE] = not params
        st.session_state[_QUICKSTART] = True
    _seed_widgets(scenario, settings)
    st.session_state[_NOTICES] = (tuple(notices), None)
    st.session_state[_INIT] = True


def _probe_dropped_link() -> None:
    """Until the browser has answered: a link Streamlit dropped (too many parameters) gets the
    same notice as any link that could not be read; the default scenario stays."""
    report = link_probe.dropped_link()
    if report is not None:
        st.session_state[_PROBE] = False
        st.session_state[_QUICKSTART] = False  # the person came with a link
        notice = codec.dropped_link_notice(
            report["fields"],
            report["chars"],
            link_probe.STREAMLIT_MAX_QUERY_FIELDS,
            link_probe.STREAMLIT_MAX_QUERY_CHARS,
        )
        st.session_state[_NOTICES] = ((notice,), None)


def apply_inputs(values: dict[str, Any]) -> None:
    """Set some inputs from a button's callback (a suggested change, a goal seek's answer):
    the sidebar shows them and the page reruns with them."""
    for name, value in values.items():
        _set_input(name, value)


def quickstart_pending() -> bool:
    """A first visit without a link whose quick start was neither used nor skipped."""
    return bool(st.session_state.get(_QUICKSTART))


def finish_quickstart(scenario: Scenario | None = None) -> None:
    """Close the quick start; with a scenario, show it (call ``st.rerun()`` after)."""
    st.session_state[_QUICKSTART] = False
    st.session_state[SCROLL_TOP] = True
    if scenario is not None:
        _, settings = state.current()
        request_load(scenario, settings)


def take_link_notices() -> tuple[str, ...]:
    """The share link's notices, for as long as the page shows the plan the link opened: a
    rerun that changes nothing (the suggestions arriving, an expander) keeps them, and the
    first change to the plan ends them."""
    notices, shown_for = st.session_state.get(_NOTICES) or ((), None)
    scenario, _ = state.current()
    if shown_for is None:
        st.session_state[_NOTICES] = (notices, scenario)
    elif shown_for != scenario:
        st.session_state[_NOTICES] = ((), None)
        return ()
    return tuple(notices)


# --- callbacks ----------------------------------------------------------------------------


def _on_preset_change() -> None:
    """Reset the preset-dependent fields to the newly chosen preset's values."""
    combo = tuple(st.session_state[key(name)] for name in PRESET_FIELDS)
    values = preset_values(*combo)
    draft = _draft()
    changed = 0
    for name in sorted(preset_dependent_fields()):
        new = values[name]
        if draft.get(name) != new:
            changed += 1
        _set_input(name, new)
    st.session_state[_PRESET_NOTE] = changed


def _on_reset_all() -> None:
    """Every field back to the chosen preset's defaults; the timeline emptied."""
    combo = tuple(st.session_state[key(name)] for name in PRESET_FIELDS)
    start_month = _draft().get("start_month", 1)
    scenario = Scenario.from_preset(*combo, start_month=start_month)
    _, settings = state.current()
    _seed_widgets(scenario, settings)


def _on_exact_change() -> None:
    """Sliders <-> number boxes: drop the main inputs' keys so the new widgets are seeded
    from the draft."""
    for name in inputs.SLIDERS:
        st.session_state.pop(key(name), None)


def _on_typed(name: str) -> None:
    """A typed value out of range is brought into range, and the person is told, so the
    input never keeps a value the figures do not use."""
    typed = st.session_state.get(key(name))
    if typed is None:
        st.session_state[key(name)] = inputs.to_widget(name, _draft()[name])
        st.session_state[_CLAMPED + name] = "An empty box keeps the last value."
        return
    value, note = inputs.clamp(name, float(typed))
    if note is not None:
        spec = inputs.spec(name)
        st.session_state[key(name)] = int(value) if spec.kind == "int" else float(value)
        st.session_state[_CLAMPED + name] = note


# --- widgets ------------------------------------------------------------------------------


def preset_ui() -> tuple[str, str]:
    """Platform and niche; returns the two keys."""
    for name in PRESET_FIELDS:
        _ensure_key(name)
    left, right = st.columns(2)
    left.selectbox(
        "Platform",
        options=list(PLATFORMS),
        format_func=PLATFORMS.__getitem__,
        key=key("platform"),
        on_change=_on_preset_change,
        help=Scenario.model_fields["platform"].description,
    )
    niche_labels = niches()
    right.selectbox(
        "Niche",
        options=list(niche_labels),
        format_func=niche_labels.__getitem__,
        key=key("niche"),
        on_change=_on_preset_change,
        help=Scenario.model_fields["niche"].description,
    )
    note = st.session_state.pop(_PRESET_NOTE, None)
    if note:
        st.caption(f"{note} inputs were set to this platform's and niche's usual values.")
    return st.session_state[key("platform")], st.session_state[key("niche")]


def field_ui(name: str) -> Any:
    """One schema field as a widget (seeded from the draft if it was not drawn last run);
    returns its value in the scenario's units, also written to the draft."""
    _ensure_key(name)
    value = inputs.from_widget(name, _field_widget(name))
    note = st.session_state.pop(_CLAMPED + name, None)
    if note:
        st.caption(f":orange[{markdown_safe(note)}]")
    _draft()[name] = value
    return value


def _field_widget(name: str) -> Any:
    spec = inputs.spec(name)
    label = inputs.label(name)
    help_text = inputs.help_text(name)
    if spec.kind == "bool":
        return st.checkbox(label, key=key(name), help=help_text)
    if spec.kind == "choice":
        return st.selectbox(
            label,
            options=list(get_args(Scenario.model_fields[name].annotation)),
            format_func=lambda v: CHOICE_LABELS.get(name, {}).get(v, str(v)),
            key=key(name),
            help=Scenario.model_fields[name].description,
        )
    if name == "start_month":
        return st.selectbox(
            inputs.spec(name).label,
            options=list(range(1, 13)),
            format_func=calendar.month_name.__getitem__,
            key=key(name),
            help=Scenario.model_fields[name].description,
        )
    if spec.slider is not None and not st.session_state.get(EXACT_KEY):
        return _slider(name, label, help_text)
    # No min/max on the box: a value typed out of range is clamped by ``_on_typed`` (and
    # said), instead of a red outline while the figures silently keep the old value.
    step = spec.step or (1.0 if spec.kind == "int" else None)
    if spec.kind == "int":
        return st.number_input(
            label,
            step=int(step or 1),
            key=key(name),
            help=help_text,
            on_change=_on_typed,
            args=(name,),
        )
    return st.number_input(
        label,
        step=float(step) if step else None,
        format=f"%.{spec.decimals}f",
        key=key(name),
        help=help_text,
        on_change=_on_typed,
        args=(name,),
    )


def _slider(name: str, label: str, help_text: str) -> Any:
    spec = inputs.spec(name)
    current = st.session_state[key(name)]
    if spec.slider == "grid":
        options = inputs.slider_options(name, float(current))
        st.session_state[key(name)] = float(current)
        return st.select_slider(
            label,
            options=options,
            format_func=lambda v: inputs.show(name, v),
            key=key(name),
            help=help_text,
        )
    if spec.kind == "int":
        return st.slider(
            label,
            min_value=int(spec.lo),
            max_value=int(spec.hi),
            step=int(spec.step or 1),
            key=key(name),
            help=help_text,
        )
    return st.slider(
        label,
        min_value=float(spec.lo),
        max_value=float(spec.hi),
        step=float(spec.step or 0.5),
        format=f"%.{spec.decimals}f",
        key=key(name),
        help=help_text,
    )


def group_key(group: str) -> str:
    """Session-state key of a group's expander: True when it is open."""
    return _OPEN + group


def group_ui(group: str) -> dict[str, Any]:
    """The fields of one plan group in a lazy expander: drawn only while it is open, else
    their values come from the draft."""
    names = _group_fields(group)
    if not names:
        return {}
    expander = st.expander(
        GROUP_TITLES.get(group, group),
        expanded=group in GROUPS_OPEN,
        key=group_key(group),
        on_change="rerun",
    )
    if not expander.open:
        return _from_draft(names)
    with expander:
        if group == "Your numbers":
            st.caption("Leave at 0 if you don't know: each simulated future then draws one.")
        return {name: field_ui(name) for name in names}


def _group_fields(group: str) -> list[str]:
    return [n for n in fields_in_group(group) if n not in PRESET_FIELDS and n not in STOP_RULES]


def _from_draft(names: list[str]) -> dict[str, Any]:
    draft = _draft()
    return {name: draft[name] for name in names}


def assumptions_ui() -> dict[str, Any]:
    """The model's assumptions, one group at a time, in one lazy expander."""
    every = [n for g in ASSUMPTION_GROUPS for n in _group_fields(g)]
    expander = st.expander(ADVANCED_TITLE, key=group_key(ADVANCED_TITLE), on_change="rerun")
    values = _from_draft(every)
    if not expander.open:
        return values
    with expander:
        st.caption(
            "What the model assumes about platforms, brands and people, set from published "
            "figures (Methodology and sources says which). Change them to test the model, "
            "not your plan."
        )
        group = st.selectbox(
            "Which assumptions",
            options=list(ASSUMPTION_GROUPS),
            format_func=lambda g: GROUP_TITLES.get(g, g),
            key=ASSUMPTION_GROUP_KEY,
        )
        values.update({name: field_ui(name) for name in _group_fields(group)})
    return values


def _error_text(error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = ", ".join(field_label(str(p)) for p in item["loc"] if isinstance(p, str))
        msg = codec.error_reason(item)
        out.append(f"{where}: {msg}" if where else msg)
    return out


def parse_timeline(frame: pd.DataFrame) -> tuple[tuple[PlannedChange, ...], list[str]]:
    """Rows of the editor -> planned changes, and one message per bad row."""
    changes: list[PlannedChange] = []
    errors: list[str] = []
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        cells = {c: row.get(c) for c in TIMELINE_COLUMNS}
        if all(v is None or pd.isna(v) or v == "" for v in cells.values()):
            continue
        missing = [c for c, v in cells.items() if v is None or pd.isna(v) or v == ""]
        if missing:
            errors.append(f"Row {number}: fill in {' and '.join(missing)}.")
            continue
        month = float(cells["month"])
        if not month.is_integer():
            errors.append(f"Row {number}: the month must be a whole number, got {month:g}.")
            continue
        try:
            changes.append(
                PlannedChange(month=int(month), what=cells["what"], value=float(cells["value"]))
            )
        except ValidationError as exc:
            detail = "; ".join(
                codec.error_reason(e) if not e["loc"] else f"{e['loc'][0]}: {codec.error_reason(e)}"
                for e in exc.errors()
            )
            errors.append(f"Row {number}: {detail}.")
    limit = _timeline_limit()
    if len(changes) > limit:
        errors.append(f"At most {limit} planned changes; the rest were ignored.")
        changes = changes[:limit]
    return tuple(sorted(changes, key=lambda c: c.month)), errors


@cache
def _timeline_limit() -> int:
    for meta in Scenario.model_fields["timeline"].metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return 24


def timeline_ui(months: int) -> tuple[tuple[PlannedChange, ...], dict[str, Any]]:
    """Planned changes over time and the stop rules; returns (timeline, stop-rule values).

    A lazy expander, open from the start when the plan has planned changes: closed, it draws
    no table editor (a large script for the browser to fetch on a first visit), and the
    changes and rules come from the draft; closing it folds the edits into the table it
    reopens with."""
    now: tuple[PlannedChange, ...] = st.session_state.get(_TIMELINE_NOW, ())
    expander = st.expander(
        "Plans over time and stop rules", key=group_key(TIMELINE_GROUP), on_change="rerun"
    )
    if not expander.open:
        if not timeline_frame(now).equals(st.session_state[_TIMELINE_BASE]):
            st.session_state[_TIMELINE_BASE] = timeline_frame(now)
            st.session_state[_TIMELINE_REV] = st.session_state.get(_TIMELINE_REV, 0) + 1
        return now, _from_draft(list(STOP_RULES))
    with expander:
        st.caption(
            "Each row changes one thing from a given month on, e.g. from month 6 the day job "
            "drops to 30 hours a week."
        )
        frame = st.data_editor(
            st.session_state[_TIMELINE_BASE],
            key=timeline_key(),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "month": st.column_config.NumberColumn(
                    "From month", min_value=1, max_value=60, step=1, required=True
                ),
                "what": st.column_config.SelectboxColumn(
                    "Change",
                    options=list(CHANGE_LABELS),
                    format_func=CHANGE_LABELS.__getitem__,
                    required=True,
                    width="medium",
                ),
                "value": st.column_config.NumberColumn("Value", required=True),
            },
        )
        timeline, errors = parse_timeline(frame)
        st.session_state[_TIMELINE_NOW] = timeline
        for message in errors:
            st.error(markdown_safe(message))
        late = [c for c in timeline if c.month > months]
        if late:
            st.caption(
                f"{fmt.counted(len(late), 'change')} "
                f"{'falls' if len(late) == 1 else 'fall'} after month {months}, the end of the "
                f"horizon, and {'has' if len(late) == 1 else 'have'} no effect."
            )
        stops = {name: field_ui(name) for name in STOP_RULES}
    return timeline, stops


def advanced_ui() -> RunSettings:
    """Precision (number of simulated futures) and the seed."""
    with st.expander("Precision and repeatability"):
        paths = st.number_input(
            "Simulated futures",
            min_value=MIN_PATHS,
            max_value=MAX_PATHS,
            step=500,
            key=PATHS_KEY,
            help=RunSettings.model_fields["paths"].description,
        )
        seed = st.number_input(
            "Random seed (the same seed gives the same futures)",
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            key=SEED_KEY,
            help=RunSettings.model_fields["seed"].description,
        )
        st.button("Reset every input to the usual values", on_click=_on_reset_all)
    return RunSettings(paths=int(paths), seed=int(seed))


def _sync_query(scenario: Scenario, settings: RunSettings) -> None:
    """Write the share link into the address bar when it changed (not while the quick start
    is open, so that a reload offers it again)."""
    params = codec.encode_query(scenario, settings)
    st.session_state[_LAST_QUERY] = params
    if quickstart_pending():
        return
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def share_query() -> dict[str, str]:
    """The current share link's query parameters."""
    scenario, settings = state.current()
    return dict(st.session_state.get(_LAST_QUERY) or codec.encode_query(scenario, settings))


def share_link() -> str:
    """The share link: the app's address (when the browser told it) and the query."""
    query = urlencode(share_query(), safe=":,")
    base = st.context.url or ""
    return f"{base}?{query}"


QUICK_START_SIDEBAR = (
    "Answer the questions on the right, or start from a typical plan: every input of the plan "
    "then appears here, to change."
)
"""The sidebar while the Plan page shows the quick start: its inputs would repeat the
questions beside them in another format, before there is a plan to change."""


def sidebar_ui(quick_start_page: bool = False) -> tuple[Scenario, RunSettings]:
    """Draw the sidebar; return the validated scenario and run settings. On the page that
    shows the quick start (``quick_start_page``), while it is open, only a line saying where
    the inputs went."""
    _initialise()
    pending = st.session_state.pop(_PENDING, None)
    if pending is not None:
        _seed_widgets(*pending)
    if quick_start_page and quickstart_pending():
        with st.sidebar:
            st.caption(QUICK_START_SIDEBAR)
            if st.session_state.get(_PROBE):
                _probe_dropped_link()
        return state.current()

    values: dict[str, Any] = {}
    with st.sidebar:
        st.header("Your plan")
        platform, niche = preset_ui()
        values.update(platform=platform, niche=niche)
        _draft().update(platform=platform, niche=niche)
        st.toggle(
            "Type exact numbers",
            key=EXACT_KEY,
            on_change=_on_exact_change,
            help="Number boxes instead of sliders for the main inputs.",
        )
        for group in PLAN_GROUPS:
            values.update(group_ui(group))
        timeline, stops = timeline_ui(int(values.get("months", 24)))
        values.update(stops)
        values["timeline"] = timeline
        values.update(assumptions_ui())
        settings = advanced_ui()
        # lazy: closed, no file uploader for the browser to fetch on a first visit
        upload_box = st.expander(
            "Open a saved scenario", key=group_key(UPLOAD_GROUP), on_change="rerun"
        )
        if upload_box.open:
            with upload_box:
                upload_ui(request_load)
        if st.session_state.get(_PROBE):
            _probe_dropped_link()

        try:
            scenario = Scenario.model_validate(values)
        except ValidationError as exc:
            scenario, _ = state.current()
            st.error(
                "These inputs do not fit together, so the last valid plan is shown:\n\n"
                + "\n".join(f"- {markdown_safe(m)}" for m in _error_text(exc))
            )

    kept = state.capped(settings, scenario.months)
    if kept != settings:
        st.sidebar.caption(markdown_safe(state.budget_notice(settings, kept, scenario.months)))
        settings = kept
    with st.sidebar:
        # on a phone the sidebar stays open while inputs change; this closes it
        show_results_ui()
    st.session_state[state.SCENARIO] = scenario
    st.session_state[state.SETTINGS] = settings
    _sync_query(scenario, settings)
    return scenario, settings
