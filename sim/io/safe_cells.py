"""Spreadsheet safety for every export: text that a spreadsheet would run as a formula is defused.

A CSV or Excel cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be taken for a formula when the file is opened (formula or CSV injection). Such text gets a
leading apostrophe, which spreadsheets show as plain text. Numbers are never touched, so exported
figures stay numbers.

A CSV needs one more guard: pandas' default ``\n`` line ending leaves a bare ``\r`` inside a
cell unquoted, and a spreadsheet that breaks rows there would start a new row with whatever
follows (``"x\r=1"`` -> a row starting ``=1``). ``to_safe_csv`` writes ``\r\n`` line endings
(RFC 4180), which makes pandas quote every cell holding either character.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

_T = TypeVar("_T")


@overload
def neutralise_cell(value: str) -> str: ...
@overload
def neutralise_cell(value: _T) -> _T: ...
def neutralise_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run; otherwise as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _label(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(neutralise_cell(part) for part in value)
    return neutralise_cell(value)


def _holds_text(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_object_dtype(dtype) or isinstance(
        dtype, pd.StringDtype | pd.CategoricalDtype
    )


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells, column names and row labels are neutralised.

    Numeric columns are left exactly as they are; ``df`` itself is not changed.
    """
    out = df.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if _holds_text(column):
            # By position, so duplicate column names are handled too.
            out.isetitem(position, column.map(neutralise_cell).array)
    out.columns = out.columns.map(_label)
    if _holds_text(out.index.to_series()):
        out.index = out.index.map(_label)
    return out


def to_safe_csv(df: pd.DataFrame, *, index: bool = False) -> str:
    """CSV text of ``df`` for download: neutralised cells, RFC 4180 line endings and quoting."""
    return neutralise_frame(df).to_csv(index=index, lineterminator="\r\n")
