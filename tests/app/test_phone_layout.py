"""Issue 19, item 7, without a browser: row labels wrap (never cut) and their rows make room,
the break-even axis leaves out a month label that would touch "never", and a table's cards
show its text as text. The browser tests (tests/browser/test_phone.py) check them as drawn."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ui import charts, row_charts
from ui.phone import _cards_html

LONG = "All of it known: fee, deals a month, growth and how fast followers leave: 4% chance"


def test_wrap_breaks_at_spaces_and_keeps_every_word() -> None:
    lines = row_charts.wrap(LONG, 40)
    assert len(lines) == 3
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(lines) == LONG
    assert row_charts.wrap("short", 40) == ["short"]


def test_rows_are_as_tall_as_their_longest_label_on_a_phone() -> None:
    short = pd.DataFrame({"row": ["Posts, now 3: 2.4 or 3.6"], "p10": [0.0], "p50": [1.0]})
    long = pd.DataFrame({"row": [LONG], "p10": [0.0], "p50": [1.0]})
    one = row_charts.ranges(short.assign(p90=2.0), x_title="Net", value_format="$,.0f")
    two = row_charts.ranges(long.assign(p90=2.0), x_title="Net", value_format="$,.0f")
    assert one.to_dict()["height"]["step"] == row_charts.ROW_STEP_PX
    lines = row_charts.label_lines([LONG])
    assert lines >= 2
    assert two.to_dict()["height"]["step"] == row_charts.row_step_px(lines)
    text = json.dumps(two.to_dict())
    assert '"lineBreak": "\\n"' in text and '"limit"' not in text  # wrapped, not cut


def test_break_even_axis_keeps_never_and_its_title_in_two_lines() -> None:
    spec = charts.break_even_bars(np.array([3.0, np.inf]), 24).to_dict()
    x = spec["encoding"]["x"]
    assert x["title"] == charts.BREAK_EVEN_TITLE and len(x["title"]) == 2
    assert "never" in x["axis"]["values"] and "width" in x["axis"]["labelExpr"]


def test_cards_escape_the_tables_text() -> None:
    table = pd.DataFrame({"Chance": ["4%"]}, index=pd.Index(["<b>My plan</b>"], name="Plan"))
    cards = _cards_html(table)
    assert "&lt;b&gt;My plan&lt;/b&gt;" in cards and "<b>" not in cards
    assert "<dt>Chance</dt><dd>4%</dd>" in cards
    plain = _cards_html(pd.DataFrame({"Figure": ["Growth"], "Fit": ["2%"]}))
    assert "<h4>Growth</h4>" in plain and "<dt>Fit</dt><dd>2%</dd>" in plain
