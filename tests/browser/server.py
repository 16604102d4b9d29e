"""Start and stop the real Streamlit server for browser tests and the load test.

The server listens on 127.0.0.1 only, on a free port, and is ready when /_stcore/health
answers "ok". Whoever starts it stops it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


LOG_DIR = ROOT / "tests" / "artifacts" / "server-logs"
"""Each server's stdout and stderr (git-ignored); the newest ``KEEP_LOGS`` are kept."""
KEEP_LOGS = 20
START_ATTEMPTS = 3
"""Tries on fresh ports when the server exits during start-up (its port was taken)."""


class _EarlyExit(Exception):
    """The server process ended before it answered the health check."""


def _prune_logs() -> None:
    logs = sorted(LOG_DIR.glob("server-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in logs[KEEP_LOGS:]:
        old.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StreamlitServer:
    """``streamlit run app.py`` on 127.0.0.1:<free port>, as a context manager.

    ``script`` and ``env`` run another script (a test's own page) with extra environment."""

    def __init__(
        self,
        port: int | None = None,
        startup_timeout_s: float = 60.0,
        extra_args: tuple[str, ...] = (),
        script: Path | None = None,
        env: dict[str, str] | None = None,
        python: str = sys.executable,
        root: Path = ROOT,
    ) -> None:
        """``python`` and ``root``: another checkout's interpreter and tree (a benchmark
        timing a before and an after); ``script`` defaults to that tree's app.py."""
        self._fixed_port = port is not None
        self.port = port or free_port()
        self.startup_timeout_s = startup_timeout_s
        self.extra_args = tuple(extra_args)
        self.python = python
        self.root = root
        self.script = script if script is not None else root / "app.py"
        self.env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return LOG_DIR / f"server-{self.port}.log"

    def __enter__(self) -> StreamlitServer:
        # A free port can be taken by another process (e.g. a second xdist worker) between
        # free_port() and the server binding it: then streamlit exits early and we retry on a
        # new port. A port given by the caller is never changed.
        attempts = 1 if self._fixed_port else START_ATTEMPTS
        for attempt in range(1, attempts + 1):
            try:
                self._start()
                return self
            except _EarlyExit:
                if attempt == attempts:
                    raise RuntimeError(f"streamlit exited early; see {self.log_path}") from None
                self.port = free_port()
        raise AssertionError("unreachable")

    def _start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        _prune_logs()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    self.python,
                    "-m",
                    "streamlit",
                    "run",
                    str(self.script),
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(self.port),
                    "--server.headless",
                    "true",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                    *self.extra_args,
                ],
                cwd=self.root,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise _EarlyExit
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {self.startup_timeout_s}s")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def _status_mb(self, field: str) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
        return float("nan")

    def rss_mb(self) -> float:
        """Resident memory of the server process now, in MB (Linux /proc VmRSS)."""
        return self._status_mb("VmRSS")

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server process so far, in MB (VmHWM)."""
        return self._status_mb("VmHWM")

    def cpu_s(self) -> float:
        """CPU time (user + system) the server process has used so far, in seconds."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
        return (utime + stime) / os.sysconf("SC_CLK_TCK")

    def children(self) -> list[int]:
        """Every process the server started, at any depth (its background worker)."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
        found, frontier = [], [self.pid]
        while frontier:
            kids = [pid for pid, ppid in parents.items() if ppid in frontier]
            found.extend(kids)
            frontier = kids
        return found

    def children_cpu_s(self) -> float:
        """CPU seconds used so far by the server's child processes (the suggestions' worker),
        which the server's own ``cpu_s`` leaves out."""
        total = 0.0
        for pid in self.children():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def total_rss_mb(self) -> float:
        """Resident memory of the server and its child processes now, in MB."""
        total = self.rss_mb()
        for pid in self.children():
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            total += sum(int(x.split()[1]) for x in lines if x.startswith("VmRSS:")) / 1024
        return total

    def log_size(self) -> int:
        """Bytes in the server log now; pass to ``log_since`` to read what came after."""
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        """The server log from byte ``offset`` on (stdout and stderr, interleaved)."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
