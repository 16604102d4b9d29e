"""A Streamlit session without a browser: the websocket messages the frontend sends and reads.

Used by ``bench/load_test.py --client protocol``: one ``ProtocolSession`` is one visitor's tab,
as the server sees it, at a tiny fraction of a browser's CPU (no page to lay out and draw).
What it does, as the frontend of Streamlit 1.67 does (``frontend/app/src/App.tsx`` and its
``WidgetStateManager``):

- GET ``/_stcore/health`` and ``/_stcore/host-config``, then open ``/_stcore/stream`` with the
  ``streamlit`` subprotocol, and send ``rerun_script`` with the link's query string, no widget
  states and no page (the main page);
- keep every widget's value from the element protos as they arrive: a value the server sets
  (``set_value``) replaces the one held, a widget seen for the first time starts at its
  default, and after a full run the widgets that are gone are dropped; each rerun sends all
  of them (``WidgetStates``), the page's ``page_script_hash`` and the current query string
  (``page_info_changed`` updates it, as the URL bar would);
- answer ``auto_rerun`` (a fragment with ``run_every``) with a timer that sends a fragment
  rerun (``fragment_id``, ``is_auto_rerun``) every interval, with the same widget states; a
  full run's ``new_session`` (and ``stop_auto_rerun``) ends the timers, as in the frontend;
- keep the large messages the server marks ``cacheable`` and list their hashes in
  ``cached_message_hashes``, so the server sends a reference (``ref_hash``) for an unchanged
  chart, as it does to a browser; a reference is resolved from that store;
- send the ``context_info`` a browser sends (its URL, time zone, locale, colour scheme);
- count an ``exception`` element (what a browser shows as ``stException``) as an error.

It leaves out what costs the server nothing per change or is not on this app's path: the
static files of the first visit (index.html, the JavaScript bundles, fonts), media and
deferred downloads (nothing here is fetched until clicked), heartbeats, reconnection, and
drawing. The figures are read from the ``markdown`` elements ``ui.kpis.figure_markdown`` writes.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import WebSocketClientConnection, WebSocketClosedError, websocket_connect

from ui.kpis import FIGURE_COUNT, FIGURE_KEY

STREAM_PATH = "/_stcore/stream"
FIGURE_RE = re.compile(r"\A(?P<label>[^\n]+)\n\n### (?P<value>[^\n]+)\Z")
"""A figure card's markdown (``ui.kpis.figure_markdown``): its label, then its value."""
FIGURE_BLOCK_RE = re.compile(re.escape(FIGURE_KEY) + r"\d+\Z")
"""The id of a figure's container ends with its key, ``figure_<i>``."""
WIDGET_ID_RE = re.compile(r"\A\$\$ID-[0-9a-f]+-(?P<key>.*)\Z")
"""Streamlit's widget ids: ``$$ID-<hash>-<user key>`` (``None`` when the widget has no key)."""
NO_STATE = frozenset({"button", "download_button", "link_button", "page_link", "form_submit"})
"""Elements with an id but no value held between runs (a click is a one-off trigger)."""


class ProtocolError(Exception):
    """The server closed the connection, or sent what this client cannot follow."""


def widget_key(widget_id: str) -> str | None:
    """The ``key=`` a widget was created with, from its id (None without one)."""
    match = WIDGET_ID_RE.match(widget_id)
    if match is None or match["key"] == "None":
        return None
    return match["key"]


def initial_state(kind: str, element: Any) -> WidgetState | None:
    """The value the frontend holds for a widget drawn for the first time (or set by the
    server): ``value`` when ``set_value``, else the default; None for a widget without a
    value to send, or of a kind this client does not know (then it sends nothing for it, and
    the server keeps the value it had)."""
    state = WidgetState(id=element.id)
    given = bool(getattr(element, "set_value", False))
    if kind == "checkbox":
        state.bool_value = element.value if given else element.default
    elif kind == "number_input":
        if given and element.HasField("value"):
            number = element.value
        elif element.HasField("default"):
            number = element.default
        else:
            return None  # an empty box (value=None) sends nothing
        if element.data_type == element.INT:
            state.int_value = int(number)
        else:
            state.double_value = number
    elif kind == "slider":
        if element.type == Slider.SELECT_SLIDER:
            chosen = (
                list(element.raw_value) if given else [element.options[i] for i in element.default]
            )
            state.string_array_value.data.extend(chosen)
        else:
            state.double_array_value.data.extend(element.value if given else element.default)
    elif kind in ("selectbox", "radio"):
        if given and element.HasField("raw_value"):
            state.string_value = element.raw_value
        elif element.HasField("default"):
            state.string_value = element.options[element.default]
        else:
            return None
    elif kind == "multiselect":
        chosen = (
            list(element.raw_values) if given else [element.options[i] for i in element.default]
        )
        state.string_array_value.data.extend(chosen)
    elif kind in ("text_input", "text_area"):
        if given and element.HasField("value"):
            state.string_value = element.value
        elif element.HasField("default"):
            state.string_value = element.default
        else:
            return None
    else:
        return None
    return state


@dataclass
class Run:
    """One script run as received: its id, and the figures it sent so far."""

    run_id: str
    fragment: bool
    started: float
    figures: dict[tuple[int, ...], str] = field(default_factory=dict)
    finished: bool = False

    def figure_text(self) -> str:
        """The figures in page order, as ``label value | ...`` (like the browser's KPI text)."""
        return " | ".join(self.figures[path] for path in sorted(self.figures))

    @property
    def all_figures(self) -> bool:
        return len(self.figures) == FIGURE_COUNT


@dataclass
class Counts:
    """What one session sent and received, for the report."""

    messages_in: int = 0
    bytes_in: int = 0
    ref_hash_in: int = 0
    full_reruns_sent: int = 0
    fragment_reruns_sent: int = 0
    fragment_runs: int = 0
    server_started_full_runs: int = 0
    exceptions: list[str] = field(default_factory=list)
    unknown_widgets: set[str] = field(default_factory=set)


class ProtocolSession:
    """One visitor's session over Streamlit's websocket protocol.

    ``async with ProtocolSession(port, query, on_error) as s: await s.open(timeout_s)`` opens
    the link; ``s.widget_id(key, kind)`` finds a widget drawn with ``key=``; then
    ``await s.change(WidgetState(id=..., double_value=...), timeout_s)`` commits a value and
    times the rerun (``set_widget`` does the same untimed)."""

    def __init__(self, port: int, query_string: str, on_error: Callable[[str], None]) -> None:
        self.port = port
        self.query_string = query_string
        self.on_error = on_error
        self.counts = Counts()
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}
        self.widget_kinds: dict[str, str] = {}
        self.active_ids: set[str] = set()
        self.block_ids: dict[tuple[int, ...], str] = {}
        self.cache: dict[str, tuple[ForwardMsg, int]] = {}
        self.max_cached_age = 2
        self.full_runs_done = 0
        self.current: Run | None = None
        self.last: Run | None = None
        self.runs: dict[str, Run] = {}
        self.auto_reruns: list[asyncio.Task[None]] = []
        self.auto_rerun_fragments: dict[str, asyncio.Task[None]] = {}
        self._ws: WebSocketClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self._closed: str | None = None
        self._asked_full = False
        self.figures_shown = ""
        """The last full set of figures received (what a page shows once they are in)."""

    # -- connection ----------------------------------------------------------------------

    async def __aenter__(self) -> ProtocolSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        http = AsyncHTTPClient()
        base = f"http://127.0.0.1:{self.port}"
        for path in ("/_stcore/health", "/_stcore/host-config"):
            await http.fetch(base + path, raise_error=True)
        self._ws = await websocket_connect(
            f"ws://127.0.0.1:{self.port}{STREAM_PATH}", subprotocols=["streamlit"]
        )
        self._reader = asyncio.create_task(self._read_loop())

    async def close(self) -> None:
        for task in [*self.auto_reruns, *self.auto_rerun_fragments.values()]:
            task.cancel()
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    # -- what the frontend sends -------------------------------------------------------------

    def _widget_states(self) -> WidgetStates:
        states = WidgetStates()
        states.widgets.extend(self.widgets.values())
        return states

    async def _send_rerun(self, fragment_id: str = "", auto: bool = False) -> None:
        if self._ws is None or self._closed is not None:
            raise ProtocolError(f"connection closed: {self._closed}")
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query_string
        rerun.widget_states.CopyFrom(self._widget_states())
        rerun.page_script_hash = self.page_script_hash
        rerun.cached_message_hashes.extend(self.cache)
        # what the browser says about itself (the app reads st.context.url for its links)
        context = rerun.context_info
        context.url = f"http://127.0.0.1:{self.port}/" + (
            f"?{self.query_string}" if self.query_string else ""
        )
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.is_embedded, context.color_scheme = False, "light"
        if fragment_id:
            rerun.fragment_id = fragment_id
            rerun.is_auto_rerun = auto
            self.counts.fragment_reruns_sent += 1
        else:
            self.counts.full_reruns_sent += 1
            self._asked_full = True
        try:
            await self._ws.write_message(msg.SerializeToString(), binary=True)
        except WebSocketClosedError as exc:
            raise ProtocolError("connection closed while sending") from exc

    async def _auto_rerun(self, fragment_id: str, interval_s: float) -> None:
        try:
            while True:
                await asyncio.sleep(interval_s)
                await self._send_rerun(fragment_id, auto=True)
        except ProtocolError:
            return

    # -- what the server sends ---------------------------------------------------------------

    async def _read_loop(self) -> None:
        assert self._ws is not None
        try:
            while True:
                data = await self._ws.read_message()
                if data is None:
                    self._closed = f"closed by the server ({self._ws.close_code})"
                    break
                if isinstance(data, str):
                    raise ProtocolError("a text frame")
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.counts.messages_in += 1
                self.counts.bytes_in += len(data)
                self._handle(msg)
                async with self._changed:
                    self._changed.notify_all()
        except asyncio.CancelledError:
            self._closed = self._closed or "closed by the client"
            raise
        except Exception as exc:  # a parse error, or a message this client cannot follow
            self._closed = f"{type(exc).__name__}: {exc}"
            self.on_error(f"protocol: {self._closed}")
        async with self._changed:
            self._changed.notify_all()

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            self.counts.ref_hash_in += 1
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"reference to an unknown message {msg.ref_hash}")
            self.cache[msg.ref_hash] = (cached[0], self.full_runs_done)
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, cached[0].WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = (msg, self.full_runs_done)
        if kind == "new_session":
            self._new_session(msg)
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished":
            self._script_finished(msg)
        elif kind == "auto_rerun":
            task = asyncio.create_task(
                self._auto_rerun(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            )
            self.auto_reruns.append(task)
            self.auto_rerun_fragments[msg.auto_rerun.fragment_id] = task
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                if fragment_id in self.auto_rerun_fragments:
                    self.auto_rerun_fragments.pop(fragment_id).cancel()
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string

    def _new_session(self, msg: ForwardMsg) -> None:
        fragment = len(msg.metadata.run.fragment_ids) > 0
        run = Run(msg.metadata.run.script_run_id, fragment, time.perf_counter())
        self.runs[run.run_id] = run
        self.last = run
        if fragment:
            self.counts.fragment_runs += 1
            return
        if not self._asked_full:
            self.counts.server_started_full_runs += 1  # st.rerun() in a fragment run
        self._asked_full = False
        self.current = run
        self.page_script_hash = msg.new_session.page_script_hash
        self.active_ids = set()
        if msg.new_session.HasField("config"):
            self.max_cached_age = msg.new_session.config.max_cached_message_age or 2
        # a full run ends every fragment's timer (App.tsx: cleanupAutoReruns)
        for task in self.auto_reruns:
            task.cancel()
        self.auto_reruns.clear()
        self.auto_rerun_fragments.clear()

    def _delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "add_block":
            block = delta.add_block
            self.block_ids[path] = block.id
            if block.WhichOneof("type") == "expandable" and block.expandable.id:
                # an expander with a key and on_change is a widget: open or not (the
                # server's value; this client never opens or closes one)
                widget_id = block.expandable.id
                self.active_ids.add(widget_id)
                self.widget_kinds[widget_id] = "expander"
                self.widgets[widget_id] = WidgetState(
                    id=widget_id, bool_value=block.expandable.expanded
                )
            return
        if which != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(element, kind)
        if kind == "exception":
            self.counts.exceptions.append(f"{proto.type}: {proto.message}"[:200])
            return
        if kind == "markdown" and self.current is not None and path and path[0] == 0:
            if FIGURE_BLOCK_RE.search(self.block_ids.get(path[:-1], "")):
                match = FIGURE_RE.match(proto.body)
                if match is not None:
                    self.current.figures[path] = f"{match['label']} {match['value']}"
                    if self.current.all_figures:
                        self.figures_shown = self.current.figure_text()
            return
        widget_id = getattr(proto, "id", "")
        if not isinstance(widget_id, str) or not widget_id.startswith("$$ID-"):
            return
        self.active_ids.add(widget_id)
        self.widget_kinds[widget_id] = kind
        if kind in NO_STATE:
            return
        if widget_id in self.widgets and not getattr(proto, "set_value", False):
            return  # the frontend keeps the value it holds
        state = initial_state(kind, proto)
        if state is None:
            self.counts.unknown_widgets.add(kind)
            return
        self.widgets[widget_id] = state

    def _script_finished(self, msg: ForwardMsg) -> None:
        run = self.runs.get(msg.metadata.run.script_run_id)
        if run is not None:
            run.finished = True
        if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and run is self.current:
            # WidgetStateManager.removeInactive: the values of widgets no longer drawn go
            self.widgets = {k: v for k, v in self.widgets.items() if k in self.active_ids}
            self.full_runs_done += 1
            # ForwardMsgCache.incrementRunCount: drop what no run used for a while
            self.cache = {
                h: (m, used)
                for h, (m, used) in self.cache.items()
                if self.full_runs_done - used <= self.max_cached_age
            }

    # -- waiting -------------------------------------------------------------------------

    async def _wait_for(self, ready: Callable[[], bool], timeout_s: float, what: str) -> None:
        async def wait() -> None:
            async with self._changed:
                while not ready():
                    if self._closed is not None:
                        raise ProtocolError(f"{what}: connection {self._closed}")
                    await self._changed.wait()

        try:
            await asyncio.wait_for(wait(), timeout_s)
        except TimeoutError:
            raise TimeoutError(f"Timeout {timeout_s:.0f} s waiting for {what}") from None

    def widget_id(self, key: str, kind: str | None = None) -> str:
        """The id of the widget drawn with ``key=`` (of ``kind``, if given) in the last run."""
        for widget_id in self.active_ids:
            if widget_key(widget_id) == key and kind in (None, self.widget_kinds[widget_id]):
                return widget_id
        raise ProtocolError(f"no {kind or 'widget'} with key {key!r} on the page")

    def figure_text(self) -> str:
        """The figures of the current run, as far as they have arrived."""
        return self.current.figure_text() if self.current is not None else ""

    def _figures_differ(self, before: str, sent: float) -> bool:
        """All the figures of a full run started after ``sent`` are in, and differ."""
        run = self.current
        return (
            run is not None
            and run.started >= sent
            and run.all_figures
            and run.figure_text() != before
        )

    def _idle(self) -> bool:
        """The last run the server started has ended (the browser's "not running"; a run
        replaced by a newer one may never say it ended)."""
        return self.last is not None and self.last.finished

    async def open(self, timeout_s: float) -> None:
        """Open the link: connect, ask for the first run, wait for every figure and its end."""
        await self.connect()
        await self._send_rerun()
        await self._wait_for(
            lambda: self.current is not None and self.current.all_figures and self._idle(),
            timeout_s,
            "the first run's figures",
        )

    async def set_widget(self, state: WidgetState, timeout_s: float) -> None:
        """Set one widget as a person would, and wait for the rerun to end (untimed)."""
        self.widgets[state.id] = state
        run_before = self.current
        await self._send_rerun()
        await self._wait_for(
            lambda: self.current is not run_before and self._idle(),
            timeout_s,
            "the rerun after setting a widget",
        )

    async def change(self, state: WidgetState, timeout_s: float) -> tuple[float, float]:
        """Send ``state`` with every other widget's value, as the frontend does when an input
        is committed; returns the seconds to new figures (all of them, differing from the
        figures before) and to the end of that run."""
        before = self.figures_shown
        self.widgets[state.id] = state
        start = time.perf_counter()
        await self._send_rerun()
        await self._wait_for(lambda: self._figures_differ(before, start), timeout_s, "new figures")
        kpi_s = time.perf_counter() - start
        run = self.current
        assert run is not None
        await self._wait_for(
            lambda: run.finished and self._idle(), timeout_s, "the end of the rerun"
        )
        return kpi_s, time.perf_counter() - start
