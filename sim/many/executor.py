"""One executor for many runs: a function mapped over tasks, here or elsewhere, same numbers.

Sweeps, goal seeks, batches of profiles and calibration are all many ``(scenario, paths,
seed)`` tasks. ``executor()`` gives one object that maps a picklable top-level function over
them in one of three places:

- ``serial``: in this process, one after the other;
- ``local``: a pool of worker processes on this machine, started once and reused by every
  call until the executor is closed (starting processes costs more than a small run);
- ``dask``: an existing Dask distributed cluster, given by its scheduler's address.

Where a task runs never changes its result: a task carries its own seed, and
``derive_seed(root_seed, identity)`` makes that seed from the root seed and what the task *is*
(a profile's row, a grid point), never from the order in which tasks were scheduled.

A task that raises does not stop the batch: its result is a ``TaskError`` with a one-line
message, and the other tasks go on. A worker process that dies mid-batch does not stop it
either: Dask reschedules its tasks on the other workers (and the nanny starts a new worker);
the local pool is started again and the unfinished tasks are submitted again. A task that
kills its worker every time it runs becomes a ``TaskError`` after ``ALLOWED_FAILURES`` tries.

Nothing waits for a cluster without a bound: the scheduler's handshake, its replies, the
presence of workers and the wait for each result are all under timeouts, and a cluster that
misses one is an ``ExecutorError`` (one line), never a hang. Every Dask worker must run this
very build (``build_fingerprint()``: a hash of the package's code and data): checked on
connection and again by every task's result, so a worker of another build that joins later
is refused too. Local pool workers exit when the process that started them dies.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import importlib
import multiprocessing
import os
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

import numpy as np

from sim.io.safe_text import one_line
from sim.model.results import Results, Summary
from sim.model.scenario import Scenario

T = TypeVar("T")
R = TypeVar("R")
Kind = Literal["serial", "local", "dask"]

ALLOWED_FAILURES = 3
"""Times a task may take its worker process down before it is reported as an error (Dask's
own default for ``distributed.scheduler.allowed-failures``)."""
MESSAGE_CHARS = 300
"""A task's error message is cut to this length: one line in a table cell or a log."""
CONNECT_TIMEOUT_S = 10
"""How long to wait for a Dask scheduler to answer (its handshake, each reply) and to have a
worker, before giving up."""
TASK_TIMEOUT_S = 600
"""How long a Dask batch may go without a single result before it is given up (a run of the
largest size takes well under a minute on one worker)."""
PARENT_POLL_S = 0.5
"""How often a local pool worker checks that the process that started it is still alive."""
FINGERPRINT_SUFFIXES = (".py", ".toml", ".json")
"""The package's files that make a build: its code and its data (presets, calibration)."""


class ExecutorError(Exception):
    """An executor that cannot be used (bad options, an unreachable scheduler); one line."""


class WorkerRefused(ExecutorError):
    """A Dask worker that runs another build of creator-sim, or none: refused, because its
    results would differ."""


@dataclass(frozen=True)
class TaskError:
    """What a task gives instead of its result when it failed: why, in one line."""

    message: str

    def __str__(self) -> str:
        return self.message


def describe_exception(exc: BaseException) -> str:
    """An exception as one bounded line; its type is named unless it is a ``ValueError`` or
    ``KeyError``, which carry the engine's and the schema's own messages."""
    raw = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    text = one_line(raw, MESSAGE_CHARS)
    if not text:
        return type(exc).__name__
    if isinstance(exc, ValueError | KeyError):
        return text
    return one_line(f"{type(exc).__name__}: {text}", MESSAGE_CHARS)


def derive_seed(root_seed: int, identity: str) -> int:
    """The seed of the task ``identity`` (e.g. ``"row:17"``) in a batch seeded ``root_seed``.

    The identity's UTF-8 bytes are hashed with SHA-256 and mixed with the root seed by
    ``numpy.random.SeedSequence``; both are fixed algorithms, so the seed is the same on every
    machine, Python and numpy version, and for any order or place the tasks run in. The seed
    is in [0, 2**32 - 1], the range ``RunSettings`` accepts.
    """
    if root_seed < 0:
        raise ValueError(f"root_seed must be non-negative, got {root_seed}")
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    words = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, len(digest), 4)]
    state = np.random.SeedSequence([root_seed, *words]).generate_state(1, np.uint32)
    return int(state[0])


def call_guarded(fn: Callable[[T], R], item: T) -> R | TaskError:
    """``fn(item)``, or a ``TaskError`` saying why it raised (runs where the task runs, so an
    exception never has to travel back, and Dask never retries a task that simply fails)."""
    try:
        return fn(item)
    except Exception as exc:
        return TaskError(describe_exception(exc))


class Executor(ABC):
    """Maps a picklable top-level function over items, serially or in parallel. A context
    manager: leaving it closes the pool or the connection."""

    kind: Kind

    @property
    @abstractmethod
    def workers(self) -> int:
        """Tasks that can run at once (for Dask: the cluster's threads right now)."""

    @abstractmethod
    def as_completed(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[int, R | TaskError]]:
        """``(index, result)`` for every item, as tasks finish (in any order). ``items`` is
        read lazily, a few more than ``workers`` ahead, so it may be a generator."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R | TaskError]:
        """Every result, in the order of ``items``."""
        found = dict(self.as_completed(fn, items))
        return [found[i] for i in range(len(found))]

    @abstractmethod
    def close(self) -> None:
        """Release the workers; the executor cannot be used after it."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} workers={self.workers}>"


class SerialExecutor(Executor):
    """Every task in this process, in order: the reference the others must match."""

    kind: Kind = "serial"

    @property
    def workers(self) -> int:
        return 1

    def as_completed(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[int, R | TaskError]]:
        for index, item in enumerate(items):
            yield index, call_guarded(fn, item)

    def close(self) -> None:
        """Nothing to release."""


@functools.cache
def build_fingerprint() -> str:
    """A hash of this build of creator-sim: every code and data file of the package, by path
    and content (the version string is the same in every commit, so it cannot tell builds
    apart). Two processes with the same fingerprint compute the same numbers. Hashed once
    per process, on first use (about 50 files, a few ms)."""
    root = Path(__file__).resolve().parents[1]  # the sim package, not this subpackage
    digest = hashlib.sha256()
    files = (p for p in root.rglob("*") if p.suffix in FINGERPRINT_SUFFIXES and p.is_file())
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix()
        if "__pycache__" in name:
            continue
        content = path.read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:16]


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a killed process not yet reaped by its parent, a zombie,
    does not; seen in /proc where there is one)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid is another user's now
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _exit_with(parent_pid: int) -> None:
    """In a pool worker: exit as soon as ``parent_pid`` (the process that made the pool) is
    gone. A worker's parent is the fork server, not that process, so it is polled by pid; a
    killed parent would otherwise leave its workers blocked on their task queue for ever (and
    with them the fork server and the resource tracker)."""

    def watch() -> None:
        while _alive(parent_pid):
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _pool_context() -> multiprocessing.context.BaseContext:
    # Not fork: the caller may hold threads (a Dask client, a web server), and a forked copy
    # of a process with threads can deadlock. The fork server starts clean processes quickly.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # imported once in the server, so a new worker (or a restarted pool) starts in ms
    context.set_forkserver_preload(["sim.model.simulate"])
    return context


class LocalExecutor(Executor):
    """A pool of ``workers`` processes on this machine, started on first use and reused until
    ``close()``. A pool broken by a dying worker is started again and the unfinished tasks
    are submitted again; those that were running then are rerun one at a time, so a task that
    kills its worker is found and reported after ``ALLOWED_FAILURES`` tries, and no other task
    is blamed for it."""

    kind: Kind = "local"

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ExecutorError(f"workers must be at least 1, got {workers}")
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        """How many times a broken pool was started again (for tests and benchmarks)."""

    @property
    def workers(self) -> int:
        return self._workers

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=_pool_context(),
                initializer=_exit_with,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        self.restarts += 1

    def as_completed(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[int, R | TaskError]]:
        source = enumerate(items)
        ahead = 2 * self._workers
        running: dict[Future[R | TaskError], tuple[int, T]] = {}
        suspects: deque[tuple[int, T]] = deque()
        deaths: dict[int, int] = {}
        exhausted = False
        try:
            while True:
                if suspects:
                    # after a break: run the tasks that were in flight alone, one at a time
                    if not running:
                        index, item = suspects.popleft()
                        future = self._get_pool().submit(call_guarded, fn, item)
                        running[future] = (index, item)
                else:
                    while not exhausted and len(running) < ahead:
                        try:
                            index, item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        future = self._get_pool().submit(call_guarded, fn, item)
                        running[future] = (index, item)
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    index, item = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        running[future] = (index, item)  # handled with the others below
                        continue
                    except Exception as exc:  # e.g. the item or result could not be pickled
                        result = TaskError(describe_exception(exc))
                    yield index, result
                if broken:
                    alone = len(running) == 1
                    lost = sorted(running.values(), key=lambda pair: pair[0])
                    running.clear()
                    self._restart()
                    for index, item in lost:
                        if alone:
                            deaths[index] = deaths.get(index, 0) + 1
                        if deaths.get(index, 0) >= ALLOWED_FAILURES:
                            message = (
                                f"the worker process died while running this task "
                                f"{deaths[index]} times"
                            )
                            yield index, TaskError(message)
                        else:
                            suspects.append((index, item))
        finally:
            for future in running:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _remote_fingerprint() -> Callable[[], tuple[str | None, str]]:
    """What a Dask worker is asked on connection: ``(its build fingerprint, "")``, or
    ``(None, why)`` when it has no creator-sim, or a build too old to have a fingerprint.

    The function is made here, inside another, so that it travels by value (cloudpickle
    sends a nested function's code): it runs even where ``sim`` cannot be imported."""

    def fingerprint() -> tuple[str | None, str]:
        try:
            from sim.many.executor import build_fingerprint
        except Exception as exc:
            return None, f"{type(exc).__name__}: {exc}"
        return build_fingerprint(), ""

    return fingerprint


def _remote_call() -> Callable[[bytes], tuple[str | None, str, Any]]:
    """What a Dask worker runs for each task: the pickled ``(fn, item)`` under
    ``call_guarded``, returned with the worker's build fingerprint and address, so that a
    worker of another build (say one that joined after the connection was checked) is caught
    by its first result. By value, like ``_remote_fingerprint``; ``(None, address, why)``
    where the task cannot even be read."""

    def call(payload: bytes) -> tuple[str | None, str, Any]:
        import pickle

        try:
            from distributed import get_worker

            where = str(get_worker().address)
        except Exception:
            where = "that ran a task"
        try:
            from sim.many.executor import build_fingerprint, call_guarded

            fn, item = pickle.loads(payload)
        except Exception as exc:
            return None, where, f"{type(exc).__name__}: {exc}"
        return build_fingerprint(), where, call_guarded(fn, item)

    return call


def _handshake(address: str, timeout_s: float) -> None:
    """Open a connection to the scheduler and complete Dask's handshake, all within
    ``timeout_s``, then close it. ``distributed.Client`` waits for the handshake without a
    bound, so a listener that accepts and never answers would hang it for ever; checked
    here first, in a thread of its own (the caller may run an event loop)."""
    import distributed

    # untyped library: calls checked by the tests
    connect: Any = importlib.import_module("distributed.comm").connect
    security: Any = distributed.Security
    args = security().get_connection_args("client")

    async def probe() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=timeout_s, **args), timeout_s)
        await asyncio.wait_for(comm.close(), timeout_s)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dask-handshake") as pool:
        pool.submit(asyncio.run, probe()).result()


class DaskExecutor(Executor):
    """Tasks on an existing Dask distributed cluster (``tcp://host:8786``, ``tls://...``, or
    any address ``distributed.Client`` takes). The workers must run this very build of
    creator-sim (``build_fingerprint()``): opening checks every worker there is, and every
    result says which build made it, so a worker of another build is refused whenever it
    joins.

    Opening gives up after ``timeout_s`` when the scheduler does not answer or has no
    worker; a batch gives up when the scheduler stops answering for ``timeout_s``, has no
    worker for ``timeout_s``, or no result comes for ``task_timeout_s``: each an
    ``ExecutorError``.

    Dask reschedules the tasks of a worker that dies; a task whose workers keep dying is
    reported as a ``TaskError`` after ``distributed.scheduler.allowed-failures`` tries."""

    kind: Kind = "dask"

    def __init__(
        self,
        address: str,
        timeout_s: float = CONNECT_TIMEOUT_S,
        task_timeout_s: float = TASK_TIMEOUT_S,
    ) -> None:
        import distributed

        self.address = address
        self.timeout_s = timeout_s
        self.task_timeout_s = task_timeout_s
        self.fingerprint = build_fingerprint()
        self._call = _remote_call()
        shown = one_line(address, 100)
        try:
            _handshake(address, timeout_s)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            why = describe_exception(exc) if str(exc) else f"no answer within {timeout_s:g} s"
            raise ExecutorError(f"cannot reach the Dask scheduler at {shown}: {why}") from None
        client_class: Any = distributed.Client  # untyped library: calls checked by the tests
        try:
            self._client: Any = client_class(address, timeout=timeout_s, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {shown}: {describe_exception(exc)}"
            ) from None
        try:
            self._wait_for_a_worker()
            self._check_workers()
        except BaseException:
            self._client.close(timeout=timeout_s)
            raise

    def _wait_for_a_worker(self) -> None:
        try:
            self._client.wait_for_workers(1, timeout=self.timeout_s)
        except (OSError, TimeoutError):
            raise ExecutorError(
                f"the Dask scheduler at {one_line(self.address, 100)} has no workers (none "
                f"joined within {self.timeout_s:g} s); start some with "
                "`dask worker ADDRESS --nthreads 1`"
            ) from None

    def _check_workers(self) -> None:
        try:
            seen = self._client.run(_remote_fingerprint(), callback_timeout=self.timeout_s)
        except Exception as exc:
            raise WorkerRefused(
                f"the Dask workers at {one_line(self.address, 100)} cannot run creator-sim "
                f"({describe_exception(exc)}); install this build of creator-sim on every worker"
            ) from None
        for worker, (there, why) in seen.items():
            self._refuse_unless_same(worker, there, why)

    def _refuse_unless_same(self, worker: str, there: str | None, why: str) -> None:
        if there == self.fingerprint:
            return
        build = f"build {there}" if there is not None else f"no creator-sim ({why})"
        raise WorkerRefused(
            one_line(
                f"the Dask worker {worker} runs {build}, not build {self.fingerprint}: results "
                "would differ; install this build of creator-sim on every worker",
                MESSAGE_CHARS,
            )
        )

    @property
    def workers(self) -> int:
        try:
            threads: dict[str, int] = self._client.nthreads(callback_timeout=self.timeout_s)
        except (OSError, TimeoutError):
            raise self._silent() from None
        return max(1, sum(threads.values()))

    def _silent(self) -> ExecutorError:
        return ExecutorError(
            f"the Dask scheduler at {one_line(self.address, 100)} stopped answering (no reply "
            f"within {self.timeout_s:g} s)"
        )

    def __repr__(self) -> str:
        return f"<DaskExecutor {one_line(self.address, 100)}>"

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (for callers that want Dask's own tools)."""
        return self._client

    def _still_usable(self, quiet_since: float, idle_since: list[float]) -> None:
        """After ``timeout_s`` without a result: an ``ExecutorError`` if the scheduler no
        longer answers, has had no worker for ``timeout_s``, or nothing has finished for
        ``task_timeout_s``. ``idle_since`` holds when the workers were first seen gone."""
        shown = one_line(self.address, 100)
        now = time.monotonic()
        try:
            threads = self._client.nthreads(callback_timeout=self.timeout_s)
        except Exception:
            raise self._silent() from None
        if threads:
            idle_since.clear()
        elif not idle_since:
            idle_since.append(now)
        elif now - idle_since[0] >= self.timeout_s:
            raise ExecutorError(
                f"the Dask scheduler at {shown} has had no workers for {now - idle_since[0]:.0f} s"
            )
        if now - quiet_since >= self.task_timeout_s:
            raise ExecutorError(
                f"no task finished on the Dask cluster at {shown} in {self.task_timeout_s:g} s"
            )

    def as_completed(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[int, R | TaskError]]:
        import distributed

        dumps: Any = importlib.import_module("cloudpickle").dumps  # untyped; Dask's own pickler
        wait_for: Any = distributed.wait
        source = enumerate(items)
        batch = uuid.uuid4().hex[:12]
        name = getattr(fn, "__name__", "task")
        running: dict[Any, int] = {}
        # enough queued work for every thread, without shipping a million tasks at once
        ahead = max(16, 4 * self.workers)
        quiet_since = time.monotonic()
        idle_since: list[float] = []

        def submit_more() -> None:
            while len(running) < ahead:
                try:
                    index, item = next(source)
                except StopIteration:
                    return
                payload = dumps((fn, item))
                future = self._client.submit(
                    self._call, payload, key=f"{name}-{batch}-{index}", pure=False
                )
                running[future] = index

        try:
            submit_more()
            while running:
                try:
                    with self._client.as_current():  # the client ``wait`` talks through
                        done, _ = wait_for(
                            list(running), timeout=self.timeout_s, return_when="FIRST_COMPLETED"
                        )
                except TimeoutError:
                    self._still_usable(quiet_since, idle_since)
                    continue
                quiet_since = time.monotonic()
                for future in done:
                    index = running.pop(future)
                    yield index, self._result_of(future)
                submit_more()
        except (OSError, TimeoutError):  # a reply that did not come (the caller's own
            raise self._silent() from None  # errors are raised where it runs, not here)
        finally:
            for future in running:
                future.cancel()

    def _result_of(self, future: Any) -> Any:
        """A finished future's result, once its worker's build is checked."""
        if future.status == "finished":
            there, worker, result = future.result(timeout=self.timeout_s)
            future.release()
            self._refuse_unless_same(worker, there, str(result))
            return result
        if self._client.status != "running":
            raise ExecutorError(
                f"lost the connection to the Dask scheduler at {one_line(self.address, 100)}"
            )
        if future.status == "error":
            result = TaskError(describe_exception(future.exception(timeout=self.timeout_s)))
        else:
            result = TaskError(f"the task was {future.status} by the cluster")
        future.release()
        return result

    def close(self) -> None:
        self._client.close(timeout=self.timeout_s)


def executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """Serial for one worker, a local process pool for more, a Dask cluster for an address.

    Use it as a context manager, so that the pool or the connection is closed::

        with executor(workers=4) as ex:
            summaries = ex.map(summary_of, tasks)
    """
    if scheduler is not None:
        address = scheduler.strip()
        if not address:
            raise ExecutorError("the scheduler address is empty")
        return DaskExecutor(address, timeout_s=CONNECT_TIMEOUT_S, task_timeout_s=TASK_TIMEOUT_S)
    if workers < 1:
        raise ExecutorError(f"workers must be at least 1, got {workers}")
    if workers == 1:
        return SerialExecutor()
    return LocalExecutor(workers)


# --- tasks: one run, its small result ----------------------------------------------------


@dataclass(frozen=True)
class RunTask:
    """One run: ``paths`` futures of ``scenario`` with ``seed``.

    ``reduce`` turns the run's ``Results`` (~10 MB at 2,000 paths) into what the caller
    needs, on the worker; by default the ``Summary`` (a few hundred bytes). It must pickle:
    a top-level function, or ``functools.partial`` of one (e.g. ``partial(measure,
    goal=goal)`` for a goal seek)."""

    scenario: Scenario
    paths: int
    seed: int
    reduce: Callable[[Results], Any] | None = None


def run_task(task: RunTask) -> Any:
    """Simulate one task (no diaries kept) and return its reduced result (the summary by
    default). The function to map over ``RunTask`` items."""
    from sim.model.simulate import simulate

    results = simulate(task.scenario, task.paths, task.seed, trace=())
    return results.summary if task.reduce is None else task.reduce(results)


def summaries(ex: Executor, tasks: Iterable[RunTask]) -> Iterator[tuple[int, Summary | TaskError]]:
    """``(index, Summary or TaskError)`` for each task as it finishes: the small result that
    sweeps, goal seeks, batches and calibration need, never the full ``Results``."""
    yield from ex.as_completed(run_task, tasks)


# --- command-line options, shared by batch, sweep and calibrate ---------------------------

SCHEDULER_HELP = (
    "address of an existing Dask scheduler (e.g. tcp://10.0.0.5:8786); its workers need "
    "this build of creator-sim installed"
)


def add_executor_options(parser: argparse.ArgumentParser) -> None:
    """``--workers K | --scheduler ADDRESS`` (one or the other)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="K",
        help=f"local worker processes (default 1; this machine has {os.cpu_count() or 1} CPUs)",
    )
    where.add_argument("--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP)


def executor_from_args(args: argparse.Namespace) -> Executor:
    """The executor that ``--workers`` / ``--scheduler`` ask for; ``ExecutorError`` (one line,
    naming the option) when they cannot be used."""
    scheduler = getattr(args, "scheduler", None)
    workers = getattr(args, "workers", 1)
    if scheduler is None and workers < 1:
        raise ExecutorError(f"--workers: must be at least 1, got {workers}")
    try:
        return executor(workers, scheduler)
    except ExecutorError as exc:
        option = "--scheduler" if scheduler is not None else "--workers"
        raise ExecutorError(f"{option}: {exc}") from None


def describe(ex: Executor) -> str:
    """Where the tasks run, in a few words: "in this process", "on 2 local worker
    processes", "on the Dask cluster at ... (64 threads)"."""
    if isinstance(ex, DaskExecutor):
        return f"on the Dask cluster at {one_line(ex.address, 100)} ({ex.workers} threads)"
    if isinstance(ex, LocalExecutor):
        return f"on {ex.workers} local worker processes"
    return "in this process"


__all__ = [
    "ALLOWED_FAILURES",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "LocalExecutor",
    "RunTask",
    "SerialExecutor",
    "TaskError",
    "WorkerRefused",
    "add_executor_options",
    "build_fingerprint",
    "derive_seed",
    "describe",
    "executor",
    "executor_from_args",
    "run_task",
    "summaries",
]
