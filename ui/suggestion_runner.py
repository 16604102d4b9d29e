"""The suggestions' runner: what would change a plan, worked out off a change's critical path.

Trying the changes a person controls takes several runs, about four times the plan's own
(``sim.analysis.advice.suggest``). Done inside the page script, every change of every visitor paid
for them before the script ended, and they held the server's cores while other visitors'
figures waited. Here they run in one background process per server, at a lower CPU priority
(``nice``), so the figures of every session come first:

- the Plan page draws the verdict and figures, then asks ``request(plan)``: the suggestions
  if they are ready (from this runner's memory: a revisit costs nothing), else None, and the
  page says they are on their way and polls with a fragment;
- a session keeps at most one job in the queue: asking for a new plan cancels the previous
  plan's job if it has not started (``cancel``);
- the worker exits when the server does (it watches its parent), so a killed server leaves
  nothing behind; a worker that dies is replaced at the next request.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import streamlit as st

from sim import RunSettings, Scenario
from sim.analysis.advice import Suggestion, suggest
from sim.model.results import Summary

log = logging.getLogger(__name__)

WORKER_NICE = 19
"""The worker's CPU priority: the lowest, so that it works in the time the server (and, on a
shared machine, anything else) leaves idle; under load the suggestions wait, not the figures."""
KEPT_PLANS = 512
"""Plans whose suggestions are kept (a few kB each)."""
PARENT_CHECK_S = 1.0


@dataclass(frozen=True)
class PlanKey:
    """One plan's run: the scenario (as a hash of its JSON), futures and seed."""

    scenario_sha: str
    paths: int
    seed: int

    @classmethod
    def of(cls, scenario: Scenario, settings: RunSettings) -> PlanKey:
        digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()
        return cls(digest, settings.paths, settings.seed)


@dataclass(frozen=True)
class Pending:
    """Suggestions on their way: how many plans are ahead of this one in the queue."""

    ahead: int


@dataclass(frozen=True)
class Failed:
    """The worker could not work them out (it died, or the run raised)."""

    reason: str


Outcome = list[Suggestion] | Pending | Failed


def _watch_parent(parent: int) -> None:
    """In the worker: exit as soon as the server that started it is gone."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(0)


def _start_worker(parent: int) -> None:
    """The worker's initializer: lower priority, and die with the server."""
    with contextlib.suppress(OSError):  # a platform without nice runs it as it is
        os.nice(WORKER_NICE)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _worker_process() -> Executor:
    """One spawned worker process (no fork of a server with threads), niced, that exits with
    the server."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


class Runner:
    """One background worker process and the suggestions it worked out (thread-safe: every
    session's script thread calls it)."""

    def __init__(self, make_executor: Callable[[], Executor] | None = None) -> None:
        self._make_executor = make_executor or _worker_process
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._jobs: dict[PlanKey, Future[list[Suggestion]]] = {}
        self._order: list[PlanKey] = []
        """Jobs in the order they were asked for (to say how many are ahead)."""
        self._done: OrderedDict[PlanKey, Outcome] = OrderedDict()

    def _executor(self) -> Executor:
        if self._pool is None:
            self._pool = self._make_executor()
        return self._pool

    def _finish(self, key: PlanKey, future: Future[list[Suggestion]]) -> None:
        error: BaseException | None = None
        if future.cancelled():
            outcome: Outcome | None = None
        else:
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                log.warning("suggestion worker died; a new one starts at the next request")
                outcome = Failed("the background worker stopped")
            elif error is not None:
                log.error("suggestions failed: %r", error)
                outcome = Failed("a run failed")
            else:
                outcome = future.result()
        with self._lock:
            if self._jobs.get(key) is future:
                del self._jobs[key]
                self._order.remove(key)
            if isinstance(outcome, Failed) and isinstance(error, BrokenProcessPool):
                self._pool = None
            if outcome is not None:
                self._done[key] = outcome
                self._done.move_to_end(key)
                while len(self._done) > KEPT_PLANS:
                    self._done.popitem(last=False)

    def request(self, key: PlanKey, scenario: Scenario, plan: Summary) -> Outcome:
        """The plan's suggestions if ready; else queue them (once) and say how many are ahead."""
        with self._lock:
            done = self._done.get(key)
            if done is not None:
                self._done.move_to_end(key)
                return done
            if key not in self._jobs:
                try:
                    future = self._executor().submit(suggest, scenario, plan, key.seed)
                except (BrokenProcessPool, RuntimeError):
                    self._pool = None
                    future = self._executor().submit(suggest, scenario, plan, key.seed)
                self._jobs[key] = future
                self._order.append(key)
                future.add_done_callback(lambda f, k=key: self._finish(k, f))
            return Pending(self._order.index(key) if key in self._order else 0)

    def peek(self, key: PlanKey) -> Outcome | None:
        """The outcome if there is one, without queueing anything."""
        with self._lock:
            done = self._done.get(key)
            if done is not None:
                return done
            if key in self._jobs:
                return Pending(self._order.index(key))
            return None

    def cancel(self, key: PlanKey) -> bool:
        """Drop a plan's job if it has not started (a person who moved on to another plan)."""
        with self._lock:
            future = self._jobs.get(key)
        return bool(future is not None and future.cancel())

    def queued(self) -> int:
        with self._lock:
            return len(self._jobs)

    def wait(self, key: PlanKey, timeout_s: float) -> Outcome | None:
        """Block until the plan's job is done (for tests and benchmarks, never for a page)."""
        with self._lock:
            future = self._jobs.get(key)
        if future is not None:
            with contextlib.suppress(Exception):  # the outcome says what happened
                future.result(timeout=timeout_s)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:  # the done-callback may still be storing it
            outcome = self.peek(key)
            if not isinstance(outcome, Pending):
                return outcome
            time.sleep(0.01)
        return self.peek(key)


@st.cache_resource(show_spinner=False)
def runner() -> Runner:
    """The server's one runner, shared by every session."""
    return Runner()
