"""First load of a share link in Chromium: time to the verdict and to every headline figure.

A warm server (the link opened twice before timing, so its run is in the cache and the modules
are imported) and a fresh browser context each round, as a person opening a link someone sent.
Times are measured in the page from navigation start (``performance.now()``) by a mutation
observer, so they do not depend on how often the test polls:

- verdict: the first alert of the main area holds its text, not left from an older run;
- headline: every ``st.metric`` the page ends with is on the page, none stale.

Prints figures, asserts nothing (target: both under 1.5 s). Run it against this tree, or
against another checkout for a before/after:

    python bench/bench_first_load.py [--rounds 10] [--root DIR --python DIR/.venv/bin/python]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
TARGET_S = 1.5

OBSERVER_JS = """
(() => {
  window.__marks = {metrics: []};
  const check = () => {
    const m = window.__marks;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return;
    if (m.verdict === undefined) {
      const alert = main.querySelector('[data-testid="stAlert"]');
      if (alert && alert.innerText.trim().length > 40 && !alert.closest('[data-stale="true"]')) {
        m.verdict = performance.now();
      }
    }
    const values = Array.from(main.querySelectorAll('[data-testid="stMetricValue"]'));
    const fresh = values.filter(v => v.innerText.trim() && !v.closest('[data-stale="true"]'));
    const last = m.metrics[m.metrics.length - 1];
    if (!last || last[0] !== fresh.length) m.metrics.push([fresh.length, performance.now()]);
  };
  new MutationObserver(check).observe(document, {
    childList: true, subtree: true, characterData: true, attributes: true});
})();
"""

IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-stale="true"]')
    && document.querySelectorAll('[data-testid="stMetricValue"]').length > 0;
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, python: str, port: int) -> subprocess.Popen[bytes]:
    cmd = [
        python,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("server not healthy")


def default_link(root: Path, python: str, paths: int) -> str:
    """The default scenario's share link, written by that tree's own codec."""
    code = (
        "from urllib.parse import urlencode; from sim import RunSettings, Scenario;"
        "from sim.codec import encode_query;"
        f"print(urlencode(encode_query(Scenario(), RunSettings(paths={paths}, seed=42))))"
    )
    out = subprocess.run([python, "-c", code], cwd=root, capture_output=True, text=True)
    out.check_returncode()
    return out.stdout.strip()


def one_load(browser: object, url: str, viewport: dict[str, int]) -> tuple[float, float, int]:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER_JS)
        page.goto(url)
        page.wait_for_function(IDLE_JS, timeout=60_000, polling=100)
        page.wait_for_timeout(300)  # let the last elements settle
        marks = page.evaluate("window.__marks")
        final = marks["metrics"][-1][0]
        headline = next(t for n, t in marks["metrics"] if n == final)
        verdict = marks.get("verdict", float("nan"))
        return verdict / 1000, max(headline, verdict) / 1000, int(final)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--paths", type=int, default=2000)
    parser.add_argument("--viewport", choices=("desktop", "phone"), default="desktop")
    args = parser.parse_args()
    viewport = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}[
        args.viewport
    ]

    from playwright.sync_api import sync_playwright

    port = free_port()
    query = default_link(args.root, args.python, args.paths)
    url = f"http://127.0.0.1:{port}/?{query}"
    server = start_server(args.root, args.python, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for _ in range(2):  # warm: imports, the run in the cache, templates drawn
                one_load(browser, url, viewport)
            verdicts, headlines, counts = [], [], []
            for _ in range(args.rounds):
                v, h, n = one_load(browser, url, viewport)
                verdicts.append(v)
                headlines.append(h)
                counts.append(n)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

    def line(name: str, xs: list[float]) -> str:
        med = statistics.median(xs)
        ok = "ok" if med < TARGET_S else "OVER TARGET"
        return (
            f"{name:<22} median {med:5.2f} s  min {min(xs):5.2f} s  max {max(xs):5.2f} s"
            f"  (target < {TARGET_S} s: {ok})"
        )

    print(
        f"First load of the default link, {args.paths:,} paths, {args.viewport} "
        f"{viewport['width']}x{viewport['height']}, warm server, {args.rounds} rounds "
        f"({args.root.name}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(line("to the verdict", verdicts))
    print(line(f"to all {counts[-1]} headline figures", headlines))


if __name__ == "__main__":
    main()
