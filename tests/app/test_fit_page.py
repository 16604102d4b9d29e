"""'Start from my history' (pages/fit.py) in AppTest: "Use this as my plan" is idempotent (the
same file gives the same plan however often it is pressed), the bullets agree with each other
and with the file, and an odd history gets one line, never the app's error page."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from streamlit.testing.v1 import AppTest

from sim.io.codec import scenario_to_json
from sim.model.settings import RunSettings
from tests.app.conftest import go, new_app
from ui import state


def tiktok_export(days: int = 60, start: int = 800) -> bytes:
    """TikTok Studio's follower history: yearless dates, totals, the day's difference."""
    rng = np.random.default_rng(8)
    counts = start + np.r_[0, np.cumsum(rng.poisson(2.5, days - 1))]
    first = date.today() - timedelta(days=days + 3)
    rows = ['"Date","Followers","Difference in followers from previous day"']
    for i, c in enumerate(counts):
        day = first + timedelta(days=i)
        rows.append(f'"{day.day} {day:%B}","{c}","{c - counts[max(i - 1, 0)]}"')
    return ("\n".join(rows) + "\n").encode()


def upload(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader(key="fit_history").set_value(("FollowerHistory.csv", data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def use(at: AppTest) -> str:
    at.button(key="fit_use").click()
    at.run()
    assert not at.exception, at.exception
    return scenario_to_json(at.session_state[state.SCENARIO], RunSettings())


def bullets(at: AppTest) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def test_use_this_as_my_plan_is_idempotent_and_the_words_agree() -> None:
    """Before: three presses gave three plans (the fit's prior became the earlier fit), and
    an 8-week export read 'the data decide most of it' beside 'the forecast leans on the
    model's priors', and 'from 809' for a file starting at 800."""
    at = go(new_app(), "fit")
    upload(at, tiktok_export())
    said = bullets(at)
    assert "from 800 to" in said, said
    assert not ("the data decide most of it" in said and "leans on the model" in said), said
    plans = [use(at) for _ in range(3)]
    assert plans[0] == plans[1] == plans[2]


def test_an_odd_history_gets_one_line_and_the_plan_is_unchanged() -> None:
    at = go(new_app(), "fit")
    before = at.session_state[state.SCENARIO]
    weeks = "\n".join(f"{np.datetime64('2024-01-01') + 7 * i},500" for i in range(20))
    upload(at, f"date,followers\n{weeks}\n".encode())
    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1 and "every week" in errors[0] and "unchanged" in errors[0]
    assert at.session_state[state.SCENARIO] == before


def test_what_the_fit_left_out_is_said_in_view() -> None:
    """A typed count far from its neighbours is left out, and the page says so above the
    figures (before: only inside the closed 'What was used from your files')."""
    rng = np.random.default_rng(3)
    counts = [round(x) for x in 2000 * np.exp(np.cumsum(rng.normal(0.006, 0.01, 30)))]
    counts[12] = 1_000_000
    weeks = "\n".join(f"{np.datetime64('2024-01-01') + 7 * i},{c}" for i, c in enumerate(counts))
    at = upload(go(new_app(), "fit"), f"date,followers\n{weeks}\n".encode())
    warnings = [str(w.value) for w in at.warning]
    assert len(warnings) == 1 and "Not used from your files" in warnings[0]
    assert "1\\,000\\,000 on 2024" in warnings[0] and "likely typos" in warnings[0]
    assert at.button(key="fit_use") is not None
