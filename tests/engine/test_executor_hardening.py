"""sim.many.executor under a hostile or broken cluster: a scheduler that accepts and never answers,
one with no workers, workers that leave mid-batch, malformed addresses, workers of another
build, and a killed parent of a local pool. Each ends in one ``ExecutorError`` line (exit 2
on the command line) within seconds, never a hang, a traceback or silently other numbers.
Listeners, clusters and processes are started here, on the loopback interface, and stopped
here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sim import Scenario
from sim.many.executor import DaskExecutor, ExecutorError, RunTask, TaskError, run_task
from tests.engine.cluster import (
    local_cluster,
    other_build_worker,
    silent_listener,
    slow_square,
)

ROOT = Path(__file__).resolve().parents[2]


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result or exception, failing the test (not hanging it) after ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- a scheduler that does not answer -----------------------------------------------------


def test_a_listener_that_never_answers_is_refused_within_the_timeout() -> None:
    with silent_listener() as address:
        started = time.monotonic()
        with pytest.raises(ExecutorError, match=r"^cannot reach the Dask scheduler at .*no answer"):
            within(10, lambda: DaskExecutor(address, timeout_s=1))
        assert time.monotonic() - started < 5


def test_batch_with_a_silent_scheduler_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.cli.entry import main
    from sim.many import executor

    monkeypatch.setattr(executor, "CONNECT_TIMEOUT_S", 1)
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("id,posts_per_week\na,3\n")
    out = tmp_path / "out.csv"
    with silent_listener() as address:
        argv = ["batch", str(profiles), "--out", str(out), "--paths", "100"]
        code = within(10, lambda: main([*argv, "--scheduler", address]))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error: --scheduler: cannot reach"), err


def test_a_malformed_address_is_one_line_quickly_with_no_traceback_at_exit(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("id,posts_per_week\na,3\n")
    for address in ("not a scheduler://", "tcp://127.0.0.1:notaport"):
        started = time.monotonic()
        command = [sys.executable, "-m", "sim", "batch", str(profiles)]
        done = subprocess.run(
            [*command, "--out", str(tmp_path / "o.csv"), "--scheduler", address],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=30,
        )
        assert time.monotonic() - started < 10, "no stall after the error line"
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: --scheduler: cannot reach"), lines


def test_a_scheduler_without_workers_and_workers_that_leave_are_errors_not_hangs() -> None:
    no_workers = r"has no workers \(none joined within 1 s\)"
    with local_cluster(workers=0) as empty, pytest.raises(ExecutorError, match=no_workers):
        within(15, lambda: DaskExecutor(empty.scheduler_address, timeout_s=1))
    with local_cluster(workers=1) as cluster:
        ex = DaskExecutor(cluster.scheduler_address, timeout_s=1)

        def batch() -> dict[int, Any]:
            got: dict[int, Any] = {}
            for index, value in ex.as_completed(slow_square, range(40)):
                if not got:
                    cluster.scale(0)  # every worker leaves mid-batch
                got[index] = value
            return got

        try:
            with pytest.raises(ExecutorError, match=r"has had no workers for \d+ s"):
                within(20, batch)
        finally:
            ex.close()


# --- one build on every worker ------------------------------------------------------------


def small_tasks() -> list[RunTask]:
    return [RunTask(Scenario(months=2), 100, seed) for seed in range(6)]


def test_workers_of_another_build_are_refused_on_connection_and_when_they_join_later(
    tmp_path: Path,
) -> None:
    with local_cluster(workers=1) as cluster:
        address = cluster.scheduler_address
        with DaskExecutor(address, timeout_s=5) as ex:
            same = ex.map(run_task, small_tasks())
            assert not any(isinstance(r, TaskError) for r in same)
            good = list(ex.client.nthreads())
            with other_build_worker(address, tmp_path):
                ex.client.wait_for_workers(2, timeout=30)
                # a new connection checks every worker there is
                with pytest.raises(ExecutorError, match=r"worker .* runs build \w+, not build"):
                    DaskExecutor(address, timeout_s=5)
                # this one was checked before the worker joined: its results refuse it
                ex.client.retire_workers(good)
                with pytest.raises(ExecutorError, match=r"runs build \w+, not build"):
                    within(30, lambda: ex.map(run_task, small_tasks()))


def test_a_worker_without_creator_sim_is_refused(tmp_path: Path) -> None:
    with local_cluster(workers=0) as cluster:
        address = cluster.scheduler_address
        refused = pytest.raises(ExecutorError, match=r"runs no creator-sim \(ImportError")
        with other_build_worker(address, tmp_path, package="missing"), refused:
            within(40, lambda: DaskExecutor(address, timeout_s=30))


# --- local pool workers die with their parent ---------------------------------------------

PARENT = """
import sys, time
from sim.many.executor import LocalExecutor
from tests.engine.cluster import slow_pid

if __name__ == "__main__":
    ex = LocalExecutor(2)
    print(" ".join(str(pid) for pid in set(ex.map(slow_pid, range(6)))), flush=True)
    time.sleep(120)
"""


def descendants(root: int) -> set[int]:
    """Every process below ``root`` (Linux: read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_pool_workers_fork_server_and_tracker_exit_when_the_parent_is_killed(
    tmp_path: Path,
) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    left: list[int] = []
    try:
        assert parent.stdout is not None
        workers = {int(pid) for pid in parent.stdout.readline().split()}
        below = descendants(parent.pid)
        assert len(workers) == 2 and workers <= below
        assert len(below) >= 4, "two workers, the fork server and the resource tracker"
        os.kill(parent.pid, signal.SIGKILL)  # and not reaped yet: a zombie counts as dead
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            left = [pid for pid in below if running(pid)]
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"still alive 5 s after the parent was killed: {left}"
        assert not running(parent.pid)
        parent.wait()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in left:  # only the processes this test's parent started
            os.kill(pid, signal.SIGKILL)
