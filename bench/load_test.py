"""Load test of the real server: concurrent sessions, then memory over many scenarios.

    python bench/load_test.py [--sessions 20] [--changes 5] [--think-s 15] [--scenarios 200]
    python bench/load_test.py --client browser   # the same visits in headless Chromium pages
    python bench/load_test.py --think-s 0        # the stress case: every session at once
    python bench/load_test.py --quick            # a smoke run

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port) and, with ``--client browser``,
Debian's headless Chromium, and stops both when done. Prints one JSON document on stdout
(progress goes to stderr); exits 1 when a target below is missed. It asserts nothing else:
machines here are shared and noisy, so read the figures with the load averages printed next to
them (at the start, at the end of the concurrency phase, at the end).

Two kinds of client (``--client``), the same visits, the same JSON keys where they apply:

- ``protocol`` (the default): each session is a websocket speaking Streamlit's own protocol,
  as the frontend does (bench/protocol_client.py): it opens the link (``rerun_script`` with
  its query string), keeps every widget's value from the element protos and sends them all
  with each rerun, switches "Type exact numbers" on and commits the new posts a week as a
  typed value would, reads the twelve figure cards from the markdown deltas, and sends the
  reruns of the suggestions' polling fragment (``run_every``) on the frontend's timer, since a
  browser sends them too and they are part of the server's load. What it leaves out costs the
  server nothing per change: the first visit's static files (index.html, JavaScript, fonts)
  and drawing the page. A session costs a few hundredths of a CPU second per change, so the
  server has the machine's cores to itself, as it would with visitors on their own
  computers: this is the measure of the server, and the one the targets are about.
- ``browser``: Chromium contexts, as a person's tab. On this machine their renderers share the
  server's two cores and cost several times the server's CPU per change (the page's
  re-render in software), so under load their latencies are mostly the browsers' own; they
  show what the frontend adds, and that the page works, not the server's capacity.

1. Concurrency: ``--sessions`` sessions open the Plan page, arriving ``--ramp-s`` apart, each
   with its own seed (so no two sessions share a cached run). When all are in, each switches
   "Type exact numbers" on (one rerun, not timed, its CPU counted with the changes') and
   changes "posts per week" ``--changes`` times, to values no other change uses, pausing
   ``--think-s`` (times a random factor between 0.5 and 1.5, seeded per session) after each
   update, and first for a random part of it, so that changes arrive spread out. The default,
   15 s, is a person reading the new verdict, figures and charts before trying the next
   value; ``--think-s 0`` is the stress case, all sessions changing at once, again and again.
   For each change: the time from committing the input (Enter in a page; sending the rerun
   for a protocol session) to the twelve figures showing new values (``kpi_latency_s``: every
   figure of the new run in, and their text differs from before), and to the end of the
   rerun, charts included (``rerun_latency_s``: a page idle again; the run's
   ``script_finished`` and no newer run going for a protocol session). Errors: exceptions on
   the page (``exception`` elements for a protocol session), timeouts, broken connections,
   tracebacks in the server log. Targets: 0 errors, KPI p95 under 3 s, server CPU per change
   under 0.6 s. One Python process serves every session, so the server's capacity is about
   one change per ``server_cpu_s_per_change`` seconds. The suggestions' background worker
   (ui/suggestion_runner.py, a niced child process) is counted apart
   (``worker_cpu_s_per_change``) and with the server. The clients' CPU seconds are reported
   the same way (``client_cpu_s_per_change``: this script's process and what it started; with
   browsers also ``browser_cpu_s_per_change``, Chromium and Playwright's driver). The clients
   run at a lower CPU priority (``--browser-nice``, default 10) and the server keeps its
   share; with ``--browser-nice 0`` they compete as equals. A protocol run also reports what
   its sessions sent and received (``protocol``: full and fragment reruns sent, fragment runs,
   full runs the server started itself when the suggestions arrived, messages and bytes in).
2. Memory: ``--scenarios`` distinct links opened in a row (a new seed each, so each is a new
   session and a cache miss; one page navigating, or one protocol session after another),
   waiting for the figures each time; the server's RSS before and after. Target: growth under
   200 MB (the run caches in ui/state.py are bounded).

Every wait is bounded (``--timeout-s`` per step) and so is the whole run (``--budget-s``):
past the budget a phase stops early and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, Page, async_playwright  # noqa: E402
from playwright.async_api import Error as PlaywrightError  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.protocol_client import ProtocolError, ProtocolSession  # noqa: E402
from sim.model.settings import DEFAULT_PATHS  # noqa: E402
from tests.browser import driver  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402

POLL_MS = 100
"""How often the page is checked while a change is timed: the latency's resolution."""
SESSION_SEED0 = 10_000
MEMORY_SEED0 = 50_000
INPUT_KEY = "in.posts_per_week"
EXACT_KEY = "sb.exact"
"""The sidebar's "Type exact numbers" switch (``ui.sidebar.EXACT_KEY``): posts a week as a box."""
CLIENTS = ("protocol", "browser")
TARGET_CPU_S_PER_CHANGE = 0.6
KPIS_READY = driver.FIGURE_VALUES
TARGET_P95_S = 3.0
TARGET_GROWTH_MB = 200.0
RSS_EVERY = 20
"""Sample the server's RSS every this many scenarios in the memory phase."""


def log(message: str) -> None:
    print(f"[load_test {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def browser_cpu_s(server_pid: int) -> float:
    """CPU seconds used so far by the processes this script started other than the server:
    Playwright's driver and Chromium's processes (renderers that have exited included, through
    their parent's counts of reaped children). They share the machine's cores with the server."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        # utime, stime, cutime, cstime: fields 14 to 17 of proc(5)
        cpu[pid] = sum(int(f) for f in fields[11:15]) / tick
    me = os.getpid()

    def started_here(pid: int) -> bool:
        while pid not in (0, 1, server_pid):
            pid = parent.get(pid, 0)
            if pid == me:
                return True
        return False

    return sum(c for pid, c in cpu.items() if started_here(pid))


def client_cpu_s(server_pid: int) -> float:
    """CPU seconds of the whole client side: this script's own process (the protocol
    sessions, or Playwright's Python side) and everything it started but the server."""
    return time.process_time() + browser_cpu_s(server_pid)


def per(end: float | None, start: float | None, count: int) -> float | None:
    """CPU seconds between two readings, per event (None if a reading is missing)."""
    if end is None or start is None:
        return None
    return round((end - start) / max(count, 1), 3)


def stats(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None, "mean": None}
    arr = np.asarray(values)
    return {
        "n": len(values),
        "p50": round(float(np.percentile(arr, 50)), 3),
        "p95": round(float(np.percentile(arr, 95)), 3),
        "max": round(float(arr.max()), 3),
        "mean": round(float(arr.mean()), 3),
    }


def change_value(session: int, change: int) -> float:
    """Posts per week for one change: never the default (3), never the previous value, and
    with the per-session seed no two changes anywhere run the same scenario."""
    return 3.5 + change + 0.5 * (session % 2)


def plan_query(seed: int, paths: int) -> str:
    """The query string of a plan link, as the browser sessions open it."""
    return urlencode(driver.query(paths=paths, seed=seed))


def plan_link(server: StreamlitServer, seed: int, paths: int) -> str:
    return f"{server.url}/?{plan_query(seed, paths)}"


@dataclass
class Tally:
    """What the sessions measured, shared by all of them (one event loop, no locks needed)."""

    first_load_s: list[float] = field(default_factory=list)
    kpi_latency_s: list[float] = field(default_factory=list)
    rerun_latency_s: list[float] = field(default_factory=list)
    server_cpu_s_at_first_change: float | None = None
    worker_cpu_s_at_first_change: float | None = None
    browser_cpu_s_at_first_change: float | None = None
    client_cpu_s_at_first_change: float | None = None
    timeouts: int = 0
    exceptions: int = 0
    other_errors: int = 0
    details: list[str] = field(default_factory=list)
    protocol: dict[str, int] = field(default_factory=dict)
    """Protocol sessions: what they sent and received, summed (``Counts``)."""
    unknown_widgets: set[str] = field(default_factory=set)

    def mark_first_change(self, server: StreamlitServer) -> None:
        """CPU readings when every session is in, before the first change."""
        self.server_cpu_s_at_first_change = server.cpu_s()
        self.worker_cpu_s_at_first_change = server.children_cpu_s()
        self.browser_cpu_s_at_first_change = browser_cpu_s(server.pid)
        self.client_cpu_s_at_first_change = client_cpu_s(server.pid)

    def error(self, kind: str, detail: str) -> None:
        if kind == "timeout":
            self.timeouts += 1
        elif kind == "exception":
            self.exceptions += 1
        else:
            self.other_errors += 1
        if len(self.details) < 20:
            self.details.append(f"{kind}: {detail}"[:300])


async def exceptions_on(page: Page) -> int:
    return int(await page.locator('[data-testid="stException"]').count())


async def wait_js(page: Page, js: str, arg: Any, timeout_s: float) -> None:
    await page.wait_for_function(js, arg=arg, timeout=timeout_s * 1000, polling=POLL_MS)


async def one_session(
    browser: Browser,
    server: StreamlitServer,
    index: int,
    args: argparse.Namespace,
    all_in: asyncio.Barrier,
    tally: Tally,
) -> None:
    await asyncio.sleep(index * args.ramp_s)  # arrivals spread out, as people arrive
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(args.timeout_s * 1000)
    waited = False
    try:
        page = await context.new_page()
        start = time.perf_counter()
        try:
            await page.goto(plan_link(server, SESSION_SEED0 + index, args.paths))
            await wait_js(page, driver.READY_JS, KPIS_READY, args.timeout_s)
            tally.first_load_s.append(time.perf_counter() - start)
        finally:
            waited = True
            # Every session is on the page before the first change.
            if await all_in.wait() == 0:
                tally.mark_first_change(server)
        think = random.Random(index)
        # With a think time, sessions start changing at random moments, not all at once.
        await asyncio.sleep(args.think_s * think.random())
        # posts a week is a slider; "Type exact numbers" gives its box, to type into
        await page.locator(f"{driver.EXACT_TOGGLE} label").click()
        box_css = driver.number_input_selector(INPUT_KEY)
        await wait_js(page, driver.READY_JS, box_css, args.timeout_s)
        box = page.locator(box_css)
        for change in range(args.changes):
            value = change_value(index, change)
            before = await page.evaluate(driver.KPI_JS)
            await box.fill(f"{value:g}")
            start = time.perf_counter()
            await box.press("Enter")
            try:
                await wait_js(page, driver.KPIS_DIFFER_JS, before, args.timeout_s)
                tally.kpi_latency_s.append(time.perf_counter() - start)
                await wait_js(page, driver.KPIS_CHANGED_JS, before, args.timeout_s)
                tally.rerun_latency_s.append(time.perf_counter() - start)
            except PlaywrightError as exc:
                kind = "timeout" if "Timeout" in str(exc) else "playwright"
                tally.error(kind, f"session {index} change {change}: {exc}")
                continue
            if await exceptions_on(page):
                tally.error("exception", f"session {index} change {change} (posts {value:g})")
            # A person reads the new figures before the next change; not a synchronisation.
            await asyncio.sleep(args.think_s * (0.5 + think.random()))
    except PlaywrightError as exc:
        kind = "timeout" if "Timeout" in str(exc) else "playwright"
        tally.error(kind, f"session {index}: {exc}")
    finally:
        if not waited:
            await all_in.wait()
        await context.close()


async def one_protocol_session(
    server: StreamlitServer,
    index: int,
    args: argparse.Namespace,
    all_in: asyncio.Barrier,
    tally: Tally,
) -> None:
    """The same visit as ``one_session``, over Streamlit's websocket protocol: open the link,
    switch "Type exact numbers" on, then commit the changes to posts a week, pausing as a
    person would; the timer fragment's reruns are sent all along (bench/protocol_client.py)."""
    await asyncio.sleep(index * args.ramp_s)

    def on_error(detail: str) -> None:
        tally.error("protocol", f"session {index}: {detail}")

    session = ProtocolSession(server.port, plan_query(SESSION_SEED0 + index, args.paths), on_error)
    waited = False
    try:
        start = time.perf_counter()
        try:
            await session.open(args.timeout_s)
            tally.first_load_s.append(time.perf_counter() - start)
        finally:
            waited = True
            if await all_in.wait() == 0:
                tally.mark_first_change(server)
        think = random.Random(index)
        await asyncio.sleep(args.think_s * think.random())
        toggle = session.widget_id(EXACT_KEY, "checkbox")
        await session.set_widget(WidgetState(id=toggle, bool_value=True), args.timeout_s)
        box = session.widget_id(INPUT_KEY, "number_input")
        for change in range(args.changes):
            value = change_value(index, change)
            seen = len(session.counts.exceptions)
            try:
                kpi_s, rerun_s = await session.change(
                    WidgetState(id=box, double_value=value), args.timeout_s
                )
            except TimeoutError as exc:
                tally.error("timeout", f"session {index} change {change}: {exc}")
                continue
            tally.kpi_latency_s.append(kpi_s)
            tally.rerun_latency_s.append(rerun_s)
            if len(session.counts.exceptions) > seen:
                shown = session.counts.exceptions[seen]
                tally.error(
                    "exception", f"session {index} change {change} (posts {value:g}): {shown}"
                )
            await asyncio.sleep(args.think_s * (0.5 + think.random()))
    except (ProtocolError, TimeoutError, OSError) as exc:
        kind = "timeout" if isinstance(exc, TimeoutError) else "protocol"
        tally.error(kind, f"session {index}: {exc}")
    finally:
        if not waited:
            await all_in.wait()
        await session.close()
        counts = session.counts
        for name in (
            "full_reruns_sent",
            "fragment_reruns_sent",
            "fragment_runs",
            "server_started_full_runs",
            "messages_in",
            "bytes_in",
            "ref_hash_in",
        ):
            tally.protocol[name] = tally.protocol.get(name, 0) + getattr(counts, name)
        tally.unknown_widgets |= counts.unknown_widgets


async def concurrency_phase(
    browser: Browser | None, server: StreamlitServer, args: argparse.Namespace, budget_s: float
) -> dict[str, Any]:
    sessions, changes = args.sessions, args.changes
    log(
        f"concurrency: {sessions} {args.client} sessions x {changes} changes, {args.paths} "
        f"paths, ramp {args.ramp_s} s, think {args.think_s} s"
    )
    tally = Tally()
    rss_before = server.rss_mb()
    cpu_before = server.cpu_s()
    worker_before = server.children_cpu_s()
    browser_cpu_before = browser_cpu_s(server.pid)
    client_cpu_before = client_cpu_s(server.pid)
    log_start = server.log_size()
    start = time.perf_counter()
    all_in = asyncio.Barrier(sessions)
    if browser is None:
        coros = [one_protocol_session(server, i, args, all_in, tally) for i in range(sessions)]
    else:
        coros = [one_session(browser, server, i, args, all_in, tally) for i in range(sessions)]
    tasks = [asyncio.create_task(coro) for coro in coros]
    done, pending = await asyncio.wait(tasks, timeout=budget_s)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
        tally.error("budget", f"{len(pending)} sessions still running after {budget_s:.0f} s")
    for task in done:
        if task.exception() is not None:
            tally.error("crash", repr(task.exception()))
    wall = time.perf_counter() - start
    cpu_end = server.cpu_s()
    cpu = cpu_end - cpu_before
    cpu_mark = tally.server_cpu_s_at_first_change
    worker_end = server.children_cpu_s()
    worker_mark = tally.worker_cpu_s_at_first_change
    browser_end = browser_cpu_s(server.pid)
    browser_mark = tally.browser_cpu_s_at_first_change
    client_end = client_cpu_s(server.pid)
    client_mark = tally.client_cpu_s_at_first_change
    tracebacks = server.log_since(log_start).count("Traceback")
    errors = tally.timeouts + tally.exceptions + tally.other_errors + tracebacks
    measured = len(tally.kpi_latency_s)
    report: dict[str, Any] = {
        "client": args.client,
        "sessions": sessions,
        "changes_requested": sessions * changes,
        "changes_measured": measured,
        "paths": args.paths,
        "ramp_s": args.ramp_s,
        "think_s": args.think_s,
        "first_load_s": stats(tally.first_load_s),
        "kpi_latency_s": stats(tally.kpi_latency_s),
        "rerun_latency_s": stats(tally.rerun_latency_s),
        "errors": errors,
        "timeouts": tally.timeouts,
        "exceptions_on_page": tally.exceptions,
        "other_errors": tally.other_errors,
        "server_tracebacks": tracebacks,
        "error_details": tally.details,
        "wall_s": round(wall, 1),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_s_per_first_load": per(cpu_mark, cpu_before, sessions),
        "server_cpu_s_per_change": per(cpu_end, cpu_mark, measured),
        "worker_cpu_s": round(worker_end - worker_before, 1),
        "worker_cpu_s_per_first_load": per(worker_mark, worker_before, sessions),
        "worker_cpu_s_per_change": per(worker_end, worker_mark, measured),
        "server_and_worker_cpu_s_per_change": per(
            cpu_end + worker_end,
            None if cpu_mark is None or worker_mark is None else cpu_mark + worker_mark,
            measured,
        ),
        "client_cpu_s": round(client_end - client_cpu_before, 1),
        "client_cpu_s_per_first_load": per(client_mark, client_cpu_before, sessions),
        "client_cpu_s_per_change": per(client_end, client_mark, measured),
        "server_rss_mb_before": round(rss_before, 1),
        "server_rss_mb_after": round(server.rss_mb(), 1),
        "server_peak_rss_mb": round(server.peak_rss_mb(), 1),
        "server_and_worker_rss_mb_after": round(server.total_rss_mb(), 1),
        "loadavg_at_end": list(os.getloadavg()),
    }
    if browser is not None:
        report["browser_cpu_s"] = round(browser_end - browser_cpu_before, 1)
        report["browser_cpu_s_per_first_load"] = per(browser_mark, browser_cpu_before, sessions)
        report["browser_cpu_s_per_change"] = per(browser_end, browser_mark, measured)
    else:
        report["protocol"] = {
            **tally.protocol,
            "widget_kinds_not_sent": sorted(tally.unknown_widgets),
        }
    return report


VISIT_ERRORS = (PlaywrightError, ProtocolError, TimeoutError, OSError)


class BrowserVisits:
    """The memory phase's visits in one browser page: each link replaces the last."""

    def __init__(self, browser: Browser, server: StreamlitServer, timeout_s: float) -> None:
        self.browser, self.server, self.timeout_s = browser, server, timeout_s
        self.page: Page | None = None

    async def start(self) -> None:
        context = await self.browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(self.timeout_s * 1000)
        self.page = await context.new_page()

    async def visit(self, seed: int, paths: int) -> bool:
        """Open a plan link and wait for its figures; True if an exception is shown."""
        assert self.page is not None
        await self.page.goto(plan_link(self.server, seed, paths))
        await wait_js(self.page, driver.READY_JS, KPIS_READY, self.timeout_s)
        return await exceptions_on(self.page) > 0

    async def stop(self) -> None:
        if self.page is not None:
            await self.page.context.close()

    async def one_more(self, seed: int, paths: int) -> None:
        """One visit in a new page (a new session), then the page is closed."""
        poke = await self.browser.new_page()
        try:
            await poke.goto(plan_link(self.server, seed, paths))
            await wait_js(poke, driver.READY_JS, KPIS_READY, self.timeout_s)
        finally:
            await poke.close()


class ProtocolVisits:
    """The memory phase's visits as protocol sessions: each link opens a new one and the
    previous one is closed, as a tab navigating to a new link does."""

    def __init__(self, server: StreamlitServer, timeout_s: float) -> None:
        self.server, self.timeout_s = server, timeout_s
        self.session: ProtocolSession | None = None
        self.errors: list[str] = []

    async def start(self) -> None:
        pass

    async def visit(self, seed: int, paths: int) -> bool:
        await self.stop()
        self.session = ProtocolSession(
            self.server.port, plan_query(seed, paths), self.errors.append
        )
        await self.session.open(self.timeout_s)
        return bool(self.session.counts.exceptions)

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    async def one_more(self, seed: int, paths: int) -> None:
        async with ProtocolSession(
            self.server.port, plan_query(seed, paths), self.errors.append
        ) as session:
            await session.open(self.timeout_s)


async def memory_phase(
    visits: BrowserVisits | ProtocolVisits,
    server: StreamlitServer,
    scenarios: int,
    paths: int,
    timeout_s: float,
    budget_s: float,
    settle_s: float,
) -> dict[str, Any]:
    log(f"memory: {scenarios} distinct links in a row, {paths} paths")
    await visits.start()
    log_start = server.log_size()
    rss_before = server.rss_mb()
    trace: list[tuple[int, float]] = [(0, round(rss_before, 1))]
    errors: list[str] = []
    loads: list[float] = []
    completed = 0
    start = time.perf_counter()
    try:
        for k in range(scenarios):
            if time.perf_counter() - start > budget_s:
                errors.append(f"budget: stopped after {completed} scenarios ({budget_s:.0f} s)")
                break
            t0 = time.perf_counter()
            try:
                shows_exception = await visits.visit(MEMORY_SEED0 + k, paths)
            except VISIT_ERRORS as exc:
                errors.append(f"scenario {k}: {exc}"[:300])
                continue
            loads.append(time.perf_counter() - t0)
            if shows_exception:
                errors.append(f"scenario {k}: exception on the page")
            completed += 1
            if completed % RSS_EVERY == 0 or completed == scenarios:
                trace.append((completed, round(server.rss_mb(), 1)))
                log(f"memory: {completed} scenarios, server RSS {trace[-1][1]:.0f} MB")
    finally:
        await visits.stop()
    rss_after = server.rss_mb()
    if trace[-1][0] != completed:
        trace.append((completed, round(rss_after, 1)))
    # A closed page's session is kept for a reconnection: up to 128 of them, each for
    # server.disconnectedSessionTTL (120 s by default), and expired ones are dropped only when
    # the store is next touched. So: wait --settle-s, then one more visit, then read RSS.
    # The sleep only delays a reading, it synchronises nothing.
    await asyncio.sleep(settle_s)
    try:
        await visits.one_more(MEMORY_SEED0 - 1, paths)
    except VISIT_ERRORS as exc:
        errors.append(f"visit after settling: {exc}"[:300])
    if isinstance(visits, ProtocolVisits):
        errors.extend(visits.errors)
    rss_settled = server.rss_mb()
    tracebacks = server.log_since(log_start).count("Traceback")
    return {
        "scenarios_requested": scenarios,
        "scenarios_completed": completed,
        "paths": paths,
        "load_s": stats(loads),
        "errors": len(errors) + tracebacks,
        "server_tracebacks": tracebacks,
        "error_details": errors[:20],
        "wall_s": round(time.perf_counter() - start, 1),
        "rss_mb_min_max_along_the_way": [
            min(rss for _, rss in trace),
            max(rss for _, rss in trace),
        ],
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_after": round(rss_after, 1),
        "rss_mb_growth": round(rss_after - rss_before, 1),
        "settle_s": settle_s,
        "rss_mb_after_settle_and_one_visit": round(rss_settled, 1),
        "rss_mb_growth_second_half": round(
            trace[-1][1] - min(trace, key=lambda kv: abs(kv[0] - completed / 2))[1], 1
        ),
        "rss_mb_trace": trace,
        "server_peak_rss_mb": round(server.peak_rss_mb(), 1),
    }


async def browser_phases(
    browser: Browser,
    server: StreamlitServer,
    args: argparse.Namespace,
    report: dict[str, Any],
    began: float,
) -> None:
    # One visit first, so the server's imports are not timed as a user's wait.
    warm = await browser.new_page()
    warm.set_default_timeout(2 * args.timeout_s * 1000)
    t0 = time.perf_counter()
    await warm.goto(plan_link(server, 1, args.paths))
    await wait_js(warm, driver.READY_JS, KPIS_READY, 2 * args.timeout_s)
    report["cold_first_load_s"] = round(time.perf_counter() - t0, 2)
    await warm.close()
    report["server_rss_mb_after_warm_up"] = round(server.rss_mb(), 1)
    report["concurrency"] = await concurrency_phase(browser, server, args, args.budget_s / 2)
    left = max(args.budget_s - (time.perf_counter() - began), 30.0)
    report["memory"] = await memory_phase(
        BrowserVisits(browser, server, args.timeout_s),
        server,
        args.scenarios,
        args.paths,
        args.timeout_s,
        left,
        args.settle_s,
    )


async def protocol_phases(
    server: StreamlitServer, args: argparse.Namespace, report: dict[str, Any], began: float
) -> None:
    # One visit first, so the server's imports are not timed as a user's wait.
    t0 = time.perf_counter()
    async with ProtocolSession(server.port, plan_query(1, args.paths), log) as warm:
        await warm.open(2 * args.timeout_s)
    report["cold_first_load_s"] = round(time.perf_counter() - t0, 2)
    report["server_rss_mb_after_warm_up"] = round(server.rss_mb(), 1)
    report["concurrency"] = await concurrency_phase(None, server, args, args.budget_s / 2)
    left = max(args.budget_s - (time.perf_counter() - began), 30.0)
    report["memory"] = await memory_phase(
        ProtocolVisits(server, args.timeout_s),
        server,
        args.scenarios,
        args.paths,
        args.timeout_s,
        left,
        args.settle_s,
    )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    began = time.perf_counter()
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "loadavg_at_start": list(os.getloadavg())},
        "settings": {
            "sessions": args.sessions,
            "changes": args.changes,
            "scenarios": args.scenarios,
            "paths": args.paths,
            "ramp_s": args.ramp_s,
            "think_s": args.think_s,
            "timeout_s": args.timeout_s,
            "settle_s": args.settle_s,
            "budget_s": args.budget_s,
            "browser_nice": args.browser_nice,
            "client": args.client,
        },
        "client": args.client,
    }
    with StreamlitServer() as server:
        report["server"] = {"url": server.url, "pid": server.pid}
        report["server_rss_mb_at_start"] = round(server.rss_mb(), 1)
        # The server is running at its own priority; what starts from here (this script's
        # protocol sessions, or Playwright's driver and Chromium) inherits a lower one,
        # standing in for visitors' own computers.
        os.nice(args.browser_nice)
        if args.client == "protocol":
            await protocol_phases(server, args, report, began)
        else:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                try:
                    await browser_phases(browser, server, args, report, began)
                finally:
                    await browser.close()
        report["server_peak_rss_mb"] = round(server.peak_rss_mb(), 1)
        report["server_rss_mb_at_end"] = round(server.rss_mb(), 1)
    report["machine"]["loadavg_at_end"] = list(os.getloadavg())
    report["wall_s"] = round(time.perf_counter() - began, 1)
    conc, mem = report["concurrency"], report["memory"]
    p95 = conc["kpi_latency_s"]["p95"]
    cpu = conc["server_cpu_s_per_change"]
    report["targets"] = {
        "errors_zero": conc["errors"] == 0 and mem["errors"] == 0,
        "kpi_p95_under_3s": p95 is not None and p95 < TARGET_P95_S,
        "server_cpu_s_per_change_under_0_6": cpu is not None and cpu < TARGET_CPU_S_PER_CHANGE,
        "every_change_measured": conc["changes_measured"] == conc["changes_requested"],
        "memory_growth_under_200mb": mem["rss_mb_growth"] < TARGET_GROWTH_MB
        and mem["scenarios_completed"] == mem["scenarios_requested"],
    }
    report["ok"] = all(report["targets"].values())
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--client",
        choices=CLIENTS,
        default="protocol",
        help="protocol: sessions speaking Streamlit's websocket protocol (the default: the "
        "server's figures); browser: Chromium pages (the server's and the rendering's)",
    )
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--changes", type=int, default=5, help="input changes per session")
    parser.add_argument("--scenarios", type=int, default=200, help="links in the memory phase")
    parser.add_argument(
        "--paths", type=int, default=DEFAULT_PATHS, help="futures per run (the app's default)"
    )
    parser.add_argument(
        "--ramp-s", type=float, default=1.0, help="seconds between two sessions' arrivals"
    )
    parser.add_argument(
        "--think-s",
        type=float,
        default=15.0,
        help="mean pause after each update before the next change (0: none, the stress case)",
    )
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=10,
        help="CPU niceness of the clients, browsers or protocol sessions (0: the same "
        "priority as the server)",
    )
    parser.add_argument("--timeout-s", type=float, default=180.0, help="limit for any one wait")
    parser.add_argument(
        "--settle-s",
        type=float,
        default=5.0,
        help="wait before the last RSS reading (past 120 s, closed sessions have expired)",
    )
    parser.add_argument("--budget-s", type=float, default=1500.0, help="limit for the whole run")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 3 sessions x 2 changes, 10 scenarios"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.changes, args.scenarios = 3, 2, 10
        args.budget_s = min(args.budget_s, 300.0)
    for name in ("sessions", "changes", "scenarios"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if not 0 <= args.browser_nice <= 19:
        parser.error("--browser-nice must be between 0 and 19")
    if min(args.ramp_s, args.think_s, args.settle_s) < 0:
        parser.error("--ramp-s, --think-s and --settle-s cannot be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.client == "browser" and not CHROMIUM.exists():
        print(json.dumps({"error": f"{CHROMIUM} is not installed"}))
        return 2
    report = asyncio.run(run(args))
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
