"""First load of a share link in Chromium: time to the verdict and to every headline figure.

A warm server (the link opened twice before timing, so its run is in the cache and the modules
are imported) and a fresh browser context each round, as a person opening a link someone sent.
Times are measured in the page from navigation start (``performance.now()``) by a mutation
observer, so they do not depend on how often the test polls:

- verdict: the first alert of the main area holds its text, not left from an older run;
- headline: every headline figure is on the page, none stale (the Plan page's headline cards,
  ``ui.kpis.figure_markdown``; on a page without them, as version 1's, every ``st.metric``);
- all figures: every figure the page ends with (headline cards and metrics).

A floor is timed in the same rounds, interleaved: ``bench/first_load_floor.py``, a bare page
that draws the same verdict and figure cards with the same components from a summary computed
beforehand (no run, no sidebar, no charts). The ratio of the Plan page to the floor is what the
app adds to Streamlit's own cost of drawing those figures (target: within 1.15x).

Prints figures, asserts nothing (targets: under 1.5 s; within 1.15x of the floor). Run it
against this tree, or against another checkout for a before/after:

    python bench/bench_first_load.py [--rounds 10] [--viewport phone]
        [--before-root DIR --before-python DIR/.venv/bin/python]   # before/after, interleaved
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.server import CHROMIUM, StreamlitServer  # noqa: E402

TARGET_S = 1.5
FLOOR_RATIO_TARGET = 1.15
FLOOR_SCRIPT = ROOT / "bench" / "first_load_floor.py"

OBSERVER_JS = """
(() => {
  window.__marks = {metrics: [], headline: []};
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
    const fresh = (sel) => Array.from(main.querySelectorAll(sel)).filter(
      v => v.innerText.trim() && !v.closest('[data-stale="true"]')).length;
    const all = fresh('[class*="st-key-figure_"] h3, [data-testid="stMetricValue"]');
    const last = m.metrics[m.metrics.length - 1];
    if (!last || last[0] !== all) m.metrics.push([all, performance.now()]);
    const head = fresh('.st-key-headline h3');
    const lastHead = m.headline[m.headline.length - 1];
    if (head && (!lastHead || lastHead[0] !== head)) m.headline.push([head, performance.now()]);
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
    && !document.querySelector('[data-testid="stSkeleton"]')
    && document.querySelectorAll(
      '[data-testid="stMetricValue"], [class*="st-key-figure_"] h3').length > 0;
}
"""


def default_link(root: Path, python: str, paths: int) -> str:
    """The default scenario's share link, written by that tree's own codec."""
    code = (
        "from urllib.parse import urlencode; from sim import RunSettings, Scenario;"
        "from sim.io.codec import encode_query;"
        f"print(urlencode(encode_query(Scenario(), RunSettings(paths={paths}, seed=42))))"
    )
    out = subprocess.run([python, "-c", code], cwd=root, capture_output=True, text=True)
    out.check_returncode()
    return out.stdout.strip()


def write_floor_summary(paths: int, folder: Path) -> Path:
    """The default link's summary, as the floor page draws it (the same run as the link's)."""
    from sim import Scenario, simulate

    path = folder / "floor-summary.pickle"
    path.write_bytes(pickle.dumps(simulate(Scenario(), paths, 42).summary))
    return path


def one_load(
    browser: object, url: str, viewport: dict[str, int]
) -> tuple[float, float, float, int, int]:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER_JS)
        page.goto(url)
        page.wait_for_function(IDLE_JS, timeout=60_000, polling=100)
        page.wait_for_timeout(300)  # let the last elements settle
        page.wait_for_function(IDLE_JS, timeout=60_000, polling=100)
        marks = page.evaluate("window.__marks")
        final = marks["metrics"][-1][0]
        every = next(t for n, t in marks["metrics"] if n == final)
        # the headline: its cards, or (a page without them) every metric
        heads = marks["headline"] or marks["metrics"]
        n_head = heads[-1][0]
        headline = next(t for n, t in heads if n == n_head)
        verdict = marks.get("verdict", float("nan"))
        return (
            verdict / 1000,
            max(headline, verdict) / 1000,
            max(every, verdict) / 1000,
            int(n_head),
            int(final),
        )
    finally:
        context.close()


def line(name: str, xs: list[float]) -> str:
    med = statistics.median(xs)
    ok = "ok" if med < TARGET_S else "OVER TARGET"
    return (
        f"  {name:<28} median {med:5.2f} s  min {min(xs):5.2f} s  max {max(xs):5.2f} s"
        f"  (target < {TARGET_S} s: {ok})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument(
        "--before-root",
        type=Path,
        help="another checkout (e.g. the previous release) timed in the same rounds, "
        "interleaved, so that both see the same load on a shared machine",
    )
    parser.add_argument("--before-python", help="that checkout's Python (its virtualenv)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--paths", type=int, default=2000)
    parser.add_argument("--viewport", choices=("desktop", "phone"), default="desktop")
    args = parser.parse_args()
    viewport = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}[
        args.viewport
    ]
    trees = [(args.root, args.python)]
    if args.before_root is not None:
        trees.insert(0, (args.before_root, args.before_python or sys.executable))

    from playwright.sync_api import sync_playwright

    urls = []
    with ExitStack() as servers:
        for root, python in trees:
            query = default_link(root, python, args.paths)
            server = StreamlitServer(startup_timeout_s=90, python=python, root=root)
            urls.append(f"{servers.enter_context(server).url}/?{query}")
        folder = Path(servers.enter_context(tempfile.TemporaryDirectory()))
        floor_env = {"CREATOR_SIM_FLOOR_SUMMARY": str(write_floor_summary(args.paths, folder))}
        floor = StreamlitServer(startup_timeout_s=90, script=FLOOR_SCRIPT, env=floor_env)
        urls.append(f"{servers.enter_context(floor).url}/")
        names = [root.resolve().name for root, _ in trees] + ["floor (bare page, same cards)"]
        results: list[tuple[list[float], list[float], list[float]]] = [([], [], []) for _ in urls]
        counts = [(0, 0) for _ in urls]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for url in urls:
                for _ in range(2):  # warm: imports, the run in the cache, templates drawn
                    one_load(browser, url, viewport)
            for _ in range(args.rounds):
                for i, url in enumerate(urls):
                    v, h, e, n_head, n_all = one_load(browser, url, viewport)
                    results[i][0].append(v)
                    results[i][1].append(h)
                    results[i][2].append(e)
                    counts[i] = (n_head, n_all)
            browser.close()

    print(
        f"First load of the default link, {args.paths:,} paths, {args.viewport} "
        f"{viewport['width']}x{viewport['height']}, warm server, {args.rounds} rounds"
        + (" interleaved" if len(trees) > 1 else "")
        + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for name, (verdicts, headlines, everything), (n_head, n_all) in zip(
        names, results, counts, strict=True
    ):
        print(f"{name}:")
        print(line("to the verdict", verdicts))
        print(line(f"to the {n_head} headline figures", headlines))
        print(line(f"to all {n_all} figures", everything))
    floor_results = results[-1]
    for name, tree_results in zip(names[:-1], results[:-1], strict=True):
        print(f"{name} against the floor (median of the per-round ratios):")
        for what, ours, base in zip(
            ("to the verdict", "to the headline figures", "to all figures"),
            tree_results,
            floor_results,
            strict=True,
        ):
            ratio = statistics.median(a / b for a, b in zip(ours, base, strict=True))
            ok = "ok" if ratio <= FLOOR_RATIO_TARGET else "OVER TARGET"
            print(f"  {what:<28} {ratio:5.2f}x  (target <= {FLOOR_RATIO_TARGET}x: {ok})")


if __name__ == "__main__":
    main()
