"""Issue 18, item 9 in the app: a version-2 link and a version-2 results file open with the
person's own plan and one notice; the address bar then holds a version-3 link of that plan."""

from __future__ import annotations

from pathlib import Path

from sim import MODEL_VERSION, PRESET_VERSION
from sim.io.safe_text import shown
from sim.model.format import pct
from tests.app.conftest import TEST_PATHS, metrics, new_app
from tests.app.test_share_export import current, upload
from tests.test_migrate import V2_OPENING, opened_as_v3, query

DATA = Path(__file__).parents[1] / "data"


def test_a_version_2_link_opens_the_persons_plan_with_one_notice() -> None:
    params = {**query((DATA / "v2_link.txt").read_text("utf-8")), "paths": str(TEST_PATHS)}
    at = new_app(params)
    at.run()
    assert not at.exception, at.exception
    scenario, settings = current(at)
    assert scenario == opened_as_v3()
    assert (settings.paths, settings.seed) == (TEST_PATHS, 11)
    warnings = [shown(w.value) for w in at.warning]
    assert len(warnings) == 1 and V2_OPENING in warnings[0], warnings
    assert warnings[0].count("model version 2") == 1
    assert metrics(at), "the app computes the plan"
    # the address bar is the plan's current link
    assert at.query_params["v"] == str(PRESET_VERSION)
    assert at.query_params["model"] == str(MODEL_VERSION)


def test_a_version_2_results_file_says_how_far_its_figures_moved() -> None:
    at = new_app()
    at.run()
    upload(at, "old_results.json", (DATA / "v2_results.json").read_bytes())
    assert not at.exception, at.exception
    scenario, _ = current(at)
    assert scenario == opened_as_v3()
    loaded = [shown(s.value) for s in at.success]
    assert len(loaded) == 1 and V2_OPENING in loaded[0], loaded
    moved = [shown(i.value) for i in at.info if shown(i.value).startswith("Model version 2 said")]
    assert len(moved) == 1, [shown(i.value) for i in at.info]
    assert f"{pct(1 / 600)} chance it works out" in moved[0]
