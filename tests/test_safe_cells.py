"""Exports never hand a spreadsheet a formula: text that would run gets a leading apostrophe."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.io.safe_cells import FORMULA_PREFIXES, neutralise_cell, neutralise_frame, to_safe_csv


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://example.com","click")',
        "+1",
        "-2",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "=",
        "-",
        '=cmd|" /C calc"!A0',
    ],
)
def test_formula_text_gets_a_leading_apostrophe(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "hello", "5", "'=already", "a=b", "Instagram · Fashion"])
def test_plain_text_is_unchanged(text: str) -> None:
    assert neutralise_cell(text) == text


@pytest.mark.parametrize("value", [5, -3, -2.5, 0.0, True, None, b"=1+1", np.float64(-1.0)])
def test_non_text_is_returned_as_is(value: Any) -> None:
    assert neutralise_cell(value) is value


def test_nan_is_returned_as_is() -> None:
    assert math.isnan(neutralise_cell(math.nan))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_text_comes_out_runnable(text: str) -> None:
    out = neutralise_cell(text)
    assert not out.startswith(FORMULA_PREFIXES)
    assert out in (text, "'" + text)
    assert (out != text) == text.startswith(FORMULA_PREFIXES)


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["=1+1", "ok", None, "-2"],
            "net_usd": [1.0, -2.0, np.nan, 3.5],
            "paths": [1, 2, 3, 4],
            "mixed": np.array(["+a", 5, -3, None], dtype=object),
            "kind": pd.Categorical(["@x", "y", "@x", "y"]),
        },
        index=["-first", "b", "c", "d"],
    )


def test_frame_text_cells_are_neutralised_and_numbers_untouched() -> None:
    df = sample_frame()
    out = neutralise_frame(df)
    assert out["label"].tolist()[:2] == ["'=1+1", "ok"]
    assert out["label"].tolist()[3] == "'-2"
    assert out["mixed"].tolist() == ["'+a", 5, -3, None]
    assert out["kind"].astype(str).tolist() == ["'@x", "y", "'@x", "y"]
    pd.testing.assert_series_equal(out["net_usd"], df["net_usd"].set_axis(out.index))
    pd.testing.assert_series_equal(out["paths"], df["paths"].set_axis(out.index))
    assert out["net_usd"].dtype == np.float64 and out["paths"].dtype == np.int64
    assert out.index.tolist() == ["'-first", "b", "c", "d"]


def test_frame_input_is_not_changed() -> None:
    df = sample_frame()
    before = df.copy(deep=True)
    neutralise_frame(df)
    pd.testing.assert_frame_equal(df, before)


def test_frame_column_names_are_neutralised() -> None:
    out = neutralise_frame(pd.DataFrame({"=cmd": ["x"], "net_usd": [1.0]}))
    assert out.columns.tolist() == ["'=cmd", "net_usd"]
    multi = pd.DataFrame([[1]], columns=pd.MultiIndex.from_tuples([("=a", "b")]))
    assert tuple(neutralise_frame(multi).columns[0]) == ("'=a", "b")


def test_frame_with_duplicate_column_names() -> None:
    out = neutralise_frame(pd.DataFrame([["=x", "=y"]], columns=["a", "a"]))
    assert out.iloc[0].tolist() == ["'=x", "'=y"]


def test_numeric_frame_is_equal_after() -> None:
    df = pd.DataFrame({"p10": [-1.5, 2.0], "month": [1, 2]})
    pd.testing.assert_frame_equal(neutralise_frame(df), df)


def test_line_breaks_inside_a_cell_cannot_start_a_row() -> None:
    text = to_safe_csv(pd.DataFrame({"note": ["x\r=1", "y\n@2", "ok"], "usd": [1.0, 2.0, 3.0]}))
    assert text == 'note,usd\r\n"x\r=1",1.0\r\n"y\n@2",2.0\r\nok,3.0\r\n'
    # Read as CSV (quotes honoured, as spreadsheets do), the breaks stay inside their cells.
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows] == ["note", "x\r=1", "y\n@2", "ok"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), st.floats(), st.integers()), min_size=1))
def test_safe_csv_holds_no_runnable_cell(values: list[Any]) -> None:
    df = pd.DataFrame({"value": pd.Series(values, dtype=object)})
    text = to_safe_csv(df)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    cells = [row[0] if row else "" for row in rows]
    for cell, original in zip(cells, values, strict=True):
        if isinstance(original, str):
            assert not cell.startswith(FORMULA_PREFIXES)
