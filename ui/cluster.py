"""Where the What matters page's many runs go: an existing Dask cluster, if the server has one.

Start the server with ``CREATOR_SIM_DASK_SCHEDULER`` set to a Dask scheduler's address (for
example ``tcp://10.0.0.5:8786``; the workers need this build of creator-sim installed) and
the runs of a sensitivity sweep (all at once) and of a goal seek (one after the other, as the
search goes) are made on that cluster instead of in the server's process. The numbers are the
same: a run's seed travels with it. Unset, which is the default, nothing changes: every run is
made here, as before.

A cluster that cannot be used (it does not answer within ``CONNECT_TIMEOUT_S``, has no
workers, stops answering mid-way, or its workers run another build) is left alone for
``RETRY_AFTER_S`` by every session, and the runs are made here: the server's log says why once
each time, and each person is told once, in a toast, that their runs are made on this server
and whether the cluster did not answer or refused.
"""

from __future__ import annotations

import contextvars
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from sim.many.executor import (
    DaskExecutor,
    ExecutorError,
    RunTask,
    TaskError,
    WorkerRefused,
    run_task,
)

SCHEDULER_ENV = "CREATOR_SIM_DASK_SCHEDULER"
"""The environment variable that names the cluster's scheduler."""
CONNECT_TIMEOUT_S = 3.0
"""Bound on the handshake, each reply and a worker's presence: a page waits no longer."""
TASK_TIMEOUT_S = 120.0
"""A batch of the app's runs with no result for this long is given up and made here."""
RETRY_AFTER_S = 60.0
"""A cluster that could not be used is not tried again for this long (by any session)."""
TOLD_KEY = "cluster.told"
"""Session state: this person has been told that their runs are made on this server."""

_log = logging.getLogger(__name__)


def scheduler_address() -> str | None:
    """The scheduler the server was given, or None (run everything here)."""
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


@st.cache_resource(show_spinner=False)
def _left_alone() -> dict[str, tuple[float, bool]]:
    """Clusters not to try for now, shared by every session: address -> (until, on
    ``time.monotonic()``; whether the cluster refused rather than did not answer)."""
    return {}


def _why_left_alone(address: str) -> bool | None:
    """None when the cluster may be tried; else whether it refused (or did not answer)."""
    until, refused = _left_alone().get(address, (0.0, False))
    return refused if time.monotonic() < until else None


class _LeftAlone(ExecutorError):
    """Another session gave up on the cluster while this one waited to connect."""


@st.cache_resource(show_spinner=False)
def _connect(address: str) -> DaskExecutor:
    # one connection per server process, shared by every session's thread; sessions that
    # waited here while another failed to connect do not try again
    if _why_left_alone(address) is not None:
        raise _LeftAlone(address)
    return DaskExecutor(address, timeout_s=CONNECT_TIMEOUT_S, task_timeout_s=TASK_TIMEOUT_S)


def _give_up(address: str, exc: Exception, ex: DaskExecutor | None = None) -> None:
    """Leave the cluster alone for ``RETRY_AFTER_S``, say why in the log, close a connection
    that failed mid-way (the next try connects and checks every worker again)."""
    if isinstance(exc, _LeftAlone):
        _tell(bool(_why_left_alone(address)))
        return
    refused = isinstance(exc, WorkerRefused)
    _left_alone()[address] = (time.monotonic() + RETRY_AFTER_S, refused)
    _log.warning("%s; running here for the next %.0f s", exc, RETRY_AFTER_S)
    if ex is not None:
        _connect.clear()
        try:
            ex.close()
        except Exception as close_error:  # already gone: nothing to release
            _log.debug("closing the Dask client: %s", close_error)
    _tell(refused)


def _tell(refused: bool) -> None:
    """Tell this person, once, that their runs are made on this server, and why."""
    if st.session_state.get(TOLD_KEY):
        return
    st.session_state[TOLD_KEY] = True
    why = (
        "refused the runs (its workers run another build of this app)"
        if refused
        else "did not answer"
    )
    _toast_outside_cache(
        f"The computing cluster {why}, so your runs are made on this server: they take "
        "longer, the numbers are the same."
    )


def _toast_outside_cache(text: str) -> None:
    """``st.toast``, even when called inside an ``st.cache_data`` function (a summary run
    falls back from there): Streamlit would record the toast with the cached value and show
    it again on every later hit, to anyone, so it is sent as if outside the cache."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import in_cached_function
    except ImportError:  # another Streamlit: say it only where it cannot be replayed
        st.toast(text)
        return

    def send() -> None:
        in_cached_function.set(False)
        st.toast(text)

    contextvars.copy_context().run(send)


def connected() -> DaskExecutor | None:
    """The cluster, when the server was given one that answers, has workers of this build and
    is not being left alone; else None (and this person is told, once)."""
    address = scheduler_address()
    if address is None:
        return None
    refused = _why_left_alone(address)
    if refused is not None:
        _tell(refused)
        return None
    ex: DaskExecutor | None = None
    try:
        ex = _connect(address)
        if ex.client.status != "running":  # the scheduler went away since: connect again
            _connect.clear()
            ex = None
            ex = _connect(address)
        if not ex.client.nthreads(callback_timeout=CONNECT_TIMEOUT_S):
            raise ExecutorError(f"the Dask cluster at {address} has no workers")
    except (ExecutorError, OSError, TimeoutError) as exc:
        _give_up(address, exc, ex)
        return None
    return ex


def run_there(tasks: Sequence[RunTask], on_done: Callable[[int], None]) -> list[Any] | None:
    """Each task's result made on the cluster, in task order, with None for a task that
    failed there (the caller runs it here); ``on_done(index)`` as each one arrives. None
    when there is no cluster to use."""
    if not tasks:
        return None
    ex = connected()
    if ex is None:
        return None
    results: list[Any] = [None] * len(tasks)
    try:
        for index, result in ex.as_completed(run_task, tasks):
            if isinstance(result, TaskError):
                _log.warning("A run failed on the Dask cluster (%s); running it here", result)
            else:
                results[index] = result
                on_done(index)
    except (ExecutorError, OSError, TimeoutError) as exc:  # refused, or stopped answering
        _give_up(ex.address, exc, ex)
    return results


def run_one_there(task: RunTask) -> Any | None:
    """One task's result made on the cluster; None when there is none or the run failed."""
    results = run_there([task], lambda _: None)
    return None if results is None else results[0]
