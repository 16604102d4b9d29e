"""The load test script itself, in small runs of both client kinds (browser pages, and
sessions speaking Streamlit's websocket protocol): it starts and stops its own server (and
browser), measures every change it makes, and reports figures that add up. (Its targets are
read from a full run, never asserted here: these machines are shared.)"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.server import ROOT

pytestmark = pytest.mark.browser

SESSIONS, CHANGES, SCENARIOS = 2, 2, 3


def test_a_small_load_test_measures_every_change_and_reports_memory() -> None:
    _require_browser()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_test.py"),
            "--client=browser",
            f"--sessions={SESSIONS}",
            f"--changes={CHANGES}",
            f"--scenarios={SCENARIOS}",
            "--paths=300",
            "--think-s=0.5",
            "--ramp-s=0.2",
            "--settle-s=0",
            "--budget-s=240",
        ],
        capture_output=True,
        text=True,
        timeout=420,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: a target missed, not a crash
    report = json.loads(done.stdout)
    load = report["concurrency"]
    assert load["errors"] == 0, load["error_details"]
    assert load["changes_measured"] == SESSIONS * CHANGES
    latency = load["kpi_latency_s"]
    assert latency["n"] == SESSIONS * CHANGES
    assert 0 < latency["p50"] <= latency["p95"] <= latency["max"]
    # the whole rerun ends no sooner than the KPIs show
    assert load["rerun_latency_s"]["p50"] >= latency["p50"]
    assert load["server_cpu_s_per_change"] > 0 and load["browser_cpu_s_per_change"] > 0
    memory = report["memory"]
    assert memory["scenarios_completed"] == SCENARIOS and memory["errors"] == 0
    assert memory["rss_mb_after"] > 0
    assert report["server_peak_rss_mb"] >= memory["rss_mb_after"]
    assert report["targets"]["errors_zero"] is True
    assert report["ok"] == all(report["targets"].values())


def run_protocol_load_test(sessions: int, changes: int, scenarios: int) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_test.py"),
            "--client=protocol",
            f"--sessions={sessions}",
            f"--changes={changes}",
            f"--scenarios={scenarios}",
            "--paths=300",
            "--think-s=0.5",
            "--ramp-s=0.2",
            "--settle-s=0",
            "--budget-s=180",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: a target missed, not a crash
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_a_small_protocol_load_test_measures_every_change_without_a_browser() -> None:
    sessions, changes, scenarios = 2, 1, 2
    report = run_protocol_load_test(sessions, changes, scenarios)
    assert report["client"] == "protocol"
    load = report["concurrency"]
    assert load["client"] == "protocol"
    assert load["errors"] == 0, load["error_details"]
    assert load["changes_measured"] == sessions * changes
    latency, rerun = load["kpi_latency_s"], load["rerun_latency_s"]
    assert latency["n"] == rerun["n"] == sessions * changes
    assert 0 < latency["p50"] <= latency["p95"] <= latency["max"]
    assert rerun["p50"] >= latency["p50"] > 0
    assert load["first_load_s"]["n"] == sessions and load["first_load_s"]["p50"] > 0
    assert load["server_cpu_s_per_change"] > 0 and load["client_cpu_s_per_change"] >= 0
    assert "browser_cpu_s_per_change" not in load
    sent = load["protocol"]
    # per session: the first run, "Type exact numbers", then each change, all widgets sent
    assert sent["full_reruns_sent"] >= sessions * (2 + changes)
    assert sent["widget_kinds_not_sent"] == []
    memory = report["memory"]
    assert memory["scenarios_completed"] == scenarios and memory["errors"] == 0
    assert report["targets"]["errors_zero"] is True
    assert report["ok"] == all(report["targets"].values())
