"""A Dask cluster for tests, and task functions that worker processes can import.

The cluster is a ``distributed.LocalCluster`` of two single-threaded worker processes that
listen on the loopback interface only (scheduler, workers, nannies and the HTTP server); it
is closed when the ``with`` block ends. The task functions live here, in an importable
module, because workers import a task's function by name.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import LocalCluster


@contextmanager
def local_cluster(workers: int = 2) -> Iterator[LocalCluster]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its HTTP server, on a free loopback port
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster


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
