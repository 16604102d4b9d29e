"""A Dask cluster for tests, and task functions that worker processes can import.

The cluster is a ``distributed.LocalCluster`` of two single-threaded worker processes that
listen on the loopback interface only (scheduler, workers, nannies and the HTTP server); it
is closed when the ``with`` block ends. ``silent_listener`` is a "scheduler" that accepts
connections and never answers; ``other_build_worker`` is a worker process running another
build of creator-sim (a copy of the package with one file changed). The task functions live
here, in an importable module, because workers import a task's function by name.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import LocalCluster


@contextmanager
def local_cluster(workers: int = 2) -> Iterator[LocalCluster]:
    from distributed import LocalCluster

    from sim.many.executor import build_fingerprint

    # the new workers hash the package's files now: so does this process, or a file edited
    # since it first hashed them would make its workers "another build"
    build_fingerprint.cache_clear()

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its HTTP server, on a free loopback port
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster


@contextmanager
def silent_listener() -> Iterator[str]:
    """``tcp://127.0.0.1:PORT`` of a socket that accepts every connection and never says a
    word (a firewall, a wrong service, a stopped scheduler); closed when the block ends."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


@contextmanager
def other_build_worker(address: str, folder: Path, package: str = "changed") -> Iterator[None]:
    """A ``dask worker`` process (no nanny, one thread, loopback only) joined to ``address``
    that imports its own ``sim``: a copy of this package with one data file changed
    (``package="changed"``, another build) or a ``sim`` that cannot be imported
    (``package="missing"``). Stopped when the block ends."""
    root = folder / "worker_site"
    if package == "changed":
        shutil.copytree(
            Path(__file__).resolve().parents[2] / "sim",
            root / "sim",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        with open(root / "sim" / "calibration" / "targets.toml", "a") as f:
            f.write("\n# another build\n")
    else:
        (root / "sim").mkdir(parents=True)
        (root / "sim" / "__init__.py").write_text('raise ImportError("no creator-sim here")\n')
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    command += ["--no-nanny", "--host", "127.0.0.1", "--no-dashboard", "--name", "other-build"]
    worker = subprocess.Popen(
        command, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def worker_pids(address: str) -> dict[str, int]:
    """Each worker's process id."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        pids: dict[str, int] = client.run(os.getpid)
    return pids


def kill_one_worker(address: str) -> int:
    """SIGKILL one worker process (its nanny starts another); returns the pid killed."""
    pid = sorted(worker_pids(address).values())[0]
    os.kill(pid, signal.SIGKILL)
    return pid


# --- task functions ----------------------------------------------------------------------


def square_or_fail(x: int) -> int:
    if x == 3:
        raise ValueError("three is not allowed\n(second line)")
    return x * x


def slow_square(x: int) -> int:
    time.sleep(0.15)
    return x * x


def slow_pid(_: Any) -> int:
    time.sleep(0.1)
    return os.getpid()


def die_once(item: tuple[int, str]) -> int:
    """Kills its worker process the first time it runs (marked by a file), then squares."""
    value, marker = item
    try:
        with open(marker, "x"):
            pass
    except FileExistsError:
        return value * value
    os._exit(3)


def die_on_two(x: int) -> int:
    """Kills its worker process whenever it runs on 2."""
    if x == 2:
        os._exit(3)
    time.sleep(0.02)
    return x * x
