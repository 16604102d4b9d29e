"""Reading a creator's own history: follower counts over time, and optionally their deals.

Layouts read (column names matched without regard to case or surrounding spaces):

- plain: ``date,followers``: the follower count on each date (daily, weekly or irregular);
- TikTok Studio's follower export (``FollowerHistory.csv``): ``Date``, ``Followers``,
  ``Difference in followers from previous day``: totals. Its dates may carry no year
  ("28 August"); they are read as the most recent such dates up to today. Verified against
  the column layout that several public parsers of this export read;
- Meta Business Suite's Instagram insights export: a ``sep=,`` line, a title line such as
  ``"Instagram follows"``, then ``"Date","Primary"``, one row per day of *new follows* (days
  without follows left out), often UTF-16 with a byte-order mark. It holds no total and no
  unfollows, so it needs today's follower count and its history is marked ``gains_only``
  (the fit then learns churn from the prior alone). Verified against public parsers' notes
  on this export;
  The title line decides: a ``"Date","Primary"`` file whose title is not Instagram follows
  ("Views", "Facebook follows", or no title) is refused with a line saying what it holds;
- YouTube Studio (advanced mode) ``Chart data.csv`` with ``Date`` and ``Subscribers``
  columns: the net change per day (a ``Total`` row is skipped). With videos compared it has
  one row per video a day (``Date,Content,Video title,Video publish time,Duration,...``):
  the rows of a date are added up. It needs today's subscriber count;
- TikTok Studio's ``Overview.csv`` (``Date``, ``Video Views``, ``Profile Views``, ...): read
  when it has the ``New followers`` column (the day's net change; needs today's count),
  refused with a pointer to ``FollowerHistory.csv`` when it does not.

Column names and month names may also be Spanish, French, German or Portuguese (``Fecha``,
``Seguidores``, ``Abonnés``, ``Datum``, ``Data``, ``Suscriptores``, ``Abonnenten``,
``Inscritos``; "28 de agosto", "28. August"). French ``Abonnés`` is a total, unless the file
has YouTube's per-video columns (then it is YouTube's daily change).

Deals: ``date,fee_usd,kind`` with kind ``paid`` or ``gifted``.

Rows dated after today, and numbers over ``MAX_COUNT``, are not used (said in the notes);
daily changes that would take the count below 0 before today's count are refused.

Every problem with a file is a ``HistoryProblem`` with one line saying what is wrong; rows
that cannot be used are dropped and said so in ``notes`` (never a traceback). Pandas does the
parsing; the bytes come bounded (``sim.io.safe_io`` on the command line, the uploader's limit in
the app) and are checked again here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.io.safe_text import one_line, quote
from sim.model.format import count, counted

MAX_HISTORY_BYTES = 1_000_000
"""A follower history or deals file holds at most this many bytes (ten years of daily counts
take under 200 kB)."""
MAX_ROWS = 50_000
MIN_ROWS = 6
MAX_COUNT = 1e9
"""A number above this is not a follower count (or a day's change): no account is that large."""
"""Fewer usable rows than this and there is nothing to fit."""
MESSAGE_CHARS = 299

_TIKTOK_DIFF = "difference in followers from previous day"
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NUMBER_JUNK = re.compile(r"[,\s_'\u00a0\u202f]")


class HistoryProblem(Exception):
    """A file that cannot be used: one line saying why."""


@dataclass(frozen=True)
class History:
    """Follower counts by date, oldest first, and what reading the file kept and dropped."""

    dates: NDArray[np.datetime64]  # datetime64[D]
    followers: NDArray[np.float64]
    layout: str
    gains_only: bool
    """True when the file held new follows only (no unfollows): churn cannot show."""
    notes: tuple[str, ...]
    rows_read: int


@dataclass(frozen=True)
class Deals:
    """Deals by date: the fee (0 for gifted) and whether each was paid."""

    dates: NDArray[np.datetime64]
    fee_usd: NDArray[np.float64]
    paid: NDArray[np.bool_]
    notes: tuple[str, ...]
    rows_read: int


def rows_text(n: int) -> str:
    return f"{count(n)} row" if n == 1 else f"{count(n)} rows"


def _problem(text: str) -> HistoryProblem:
    return HistoryProblem(one_line(text, MESSAGE_CHARS))


def _decode(data: bytes, what: str) -> str:
    if len(data) > MAX_HISTORY_BYTES:
        raise _problem(
            f"the {what} file is {len(data):,} bytes, over the limit of {MAX_HISTORY_BYTES:,}; "
            "keep the last few years of counts"
        )
    if not data.strip():
        raise _problem(f"the {what} file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _problem(f"the {what} file is not text (CSV): it could not be decoded")


def _frame(text: str, what: str) -> tuple[pd.DataFrame, str]:
    """The table, its title line if it had one (Meta's exports), columns lower-cased."""
    lines = text.splitlines()
    title = ""
    while lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]
    if lines and "," not in lines[0] and lines[0].strip().startswith('"') and len(lines) > 1:
        title = lines[0].strip().strip('"')
        lines = lines[1:]
    if len(lines) > MAX_ROWS + 1:
        raise _problem(
            f"the {what} file has {len(lines) - 1:,} rows, over the limit of {MAX_ROWS:,}"
        )
    try:
        frame = pd.read_csv(
            io.StringIO("\n".join(lines)),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = one_line(str(exc).split("\n")[0], 80)
        raise _problem(f"the {what} file is not a readable CSV table: {reason}") from None
    frame.columns = [one_line(c, 60).strip().lower() for c in frame.columns]
    return frame, title


def _columns_text(frame: pd.DataFrame) -> str:
    names = [quote(c, 30) for c in list(frame.columns)[:6]]
    more = " ..." if len(frame.columns) > 6 else ""
    return ", ".join(names) + more


def _numbers(values: pd.Series) -> NDArray[np.float64]:
    cleaned = values.astype(str).str.replace(_NUMBER_JUNK, "", regex=True)
    parsed = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    return np.where(np.isfinite(parsed), parsed, np.nan)


_MONTHS = {
    "January": ("enero", "janvier", "januar", "janeiro"),
    "February": ("febrero", "février", "fevrier", "februar", "fevereiro"),
    "March": ("marzo", "mars", "märz", "marz", "março", "marco"),
    "April": ("abril", "avril"),
    "May": ("mayo", "mai", "maio"),
    "June": ("junio", "juin", "juni", "junho"),
    "July": ("julio", "juillet", "juli", "julho"),
    "August": ("agosto", "août", "aout"),
    "September": ("septiembre", "setiembre", "septembre", "setembro"),
    "October": ("octubre", "octobre", "oktober", "outubro"),
    "November": ("noviembre", "novembre", "novembro"),
    "December": ("diciembre", "décembre", "decembre", "dezember", "dezembro"),
}
_MONTH_WORD = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(n for names in _MONTHS.values() for n in names)
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_TO_ENGLISH = {n: english for english, names in _MONTHS.items() for n in names}


def _english_dates(text: pd.Series) -> pd.Series:
    """Spanish, French, German and Portuguese month names in English ("28 de agosto",
    "28. August", "1er août"), so that one parser reads them all."""
    out = text.str.replace(_MONTH_WORD, lambda m: _TO_ENGLISH[m.group(0).lower()], regex=True)
    out = out.str.replace(r"(?i)\b(de|del)\b", " ", regex=True)
    out = out.str.replace(r"(?<=\d)(\.|er\b)", "", regex=True)
    return out.str.replace(r"\s+", " ", regex=True).str.strip()


def _dates(values: pd.Series, today: date) -> tuple[NDArray[np.datetime64], str | None]:
    """Dates as datetime64[D] (NaT where unreadable), and a note when years were guessed."""
    text = values.astype(str).str.strip().str.replace(r"T.*$", "", regex=True)
    if text.str.contains(_MONTH_WORD).any():
        text = _english_dates(text)
    filled = text[text != ""]
    yearless = len(filled) > 0 and not filled.str.contains(_YEAR).any()
    if yearless:
        # TikTok Studio's "28 August": read in a leap year, then placed in the most recent
        # year that keeps the dates in order and none after today
        parsed = pd.to_datetime(text + " 2000", errors="coerce", format="mixed", dayfirst=True)
    else:
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        if parsed.isna().any():
            mixed = pd.to_datetime(text, errors="coerce", format="mixed")
            parsed = parsed.fillna(mixed)
    out = parsed.to_numpy(dtype="datetime64[D]")
    note = None
    if yearless:
        out, note = _place_years(out, today)
    return out, note


def _place_years(
    days: NDArray[np.datetime64], today: date
) -> tuple[NDArray[np.datetime64], str | None]:
    good = ~np.isnat(days)
    if not good.any():
        return days, None
    month_day = [(d.astype(object).month, d.astype(object).day) for d in days[good]]
    year = today.year
    placed: list[date] = []
    for m, d in reversed(month_day):
        candidate = _safe_date(year, m, d)
        if placed and candidate > placed[-1]:
            year -= 1
            candidate = _safe_date(year, m, d)
        if not placed and candidate > today:
            year -= 1
            candidate = _safe_date(year, m, d)
        placed.append(candidate)
    out = days.copy()
    out[good] = np.array(list(reversed(placed)), dtype="datetime64[D]")
    return out, f"the dates had no year; they were read as ending on {placed[0].isoformat()}"


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a year without one
        return date(year, month, 28)


# Column names, lower-cased, in English, Spanish, French, German and Portuguese (the
# platforms' own exports in those languages, and files people label themselves).
_DATE_NAMES = ("date", "fecha", "datum", "data", "día", "dia", "jour")
_TOTAL_NAMES = (
    "followers",
    "follower",
    "seguidores",
    "abonnés",
    "abonnes",
    "follower count",
    "follower_count",
    "followers_count",
    "total followers",
    "seguidores totales",
    "total de seguidores",
    "total d'abonnés",
    "follower gesamt",
)
_SUBSCRIBER_NAMES = ("subscribers", "suscriptores", "abonnenten", "inscritos")
"""YouTube Studio's subscribers metric (the net change each day)."""
_YOUTUBE_MARKERS = ("content", "contenido", "contenu", "inhalt", "conteúdo", "video title")
"""Columns only YouTube Studio's chart data has (one row per video and date): with one of
them, French "Abonnés" is YouTube's daily change, not a total."""
_META_VALUE_NAMES = ("primary", "principal", "primär", "primaire")
_TIKTOK_OVERVIEW = ("video views", "profile views")
_NEW_FOLLOWER_NAMES = (
    "new followers",
    "nuevos seguidores",
    "nouveaux abonnés",
    "neue follower",
    "novos seguidores",
)
_FOLLOW_WORDS = ("follow", "seguid", "seguimiento", "abonn")
_TOTAL_ROWS = ("total", "totales", "gesamt", "insgesamt")


def _find(cols: list[str], names: tuple[str, ...]) -> str | None:
    return next((c for c in cols if c in names), None)


def _meta_title(title: str) -> None:
    """Meta's ``"Date","Primary"`` files differ only by their title line: only Instagram
    follows are a follower history."""
    said = quote(title, 40) if title else ""
    lower = title.lower()
    if not title:
        raise _problem(
            'this Meta export ("Date","Primary") has no title line saying what it counts; '
            'export "Instagram follows" from Meta Business Suite'
        )
    if "unfollow" in lower or not any(w in lower for w in _FOLLOW_WORDS):
        raise _problem(
            f'this Meta export counts {said}, not follows; export "Instagram follows" '
            "from Meta Business Suite"
        )
    if "instagram" not in lower:
        raise _problem(
            f"this Meta export is {said}, not Instagram follows; the fit reads "
            '"Instagram follows" (the app plans Instagram, TikTok and YouTube accounts)'
        )


def _layout(frame: pd.DataFrame, title: str) -> tuple[str, str, str, bool]:
    """(layout, date column, value column, value is a daily change)."""
    cols = list(frame.columns)
    day = _find(cols, _DATE_NAMES)
    meta = _find(cols, _META_VALUE_NAMES)
    if day is not None and meta is not None:
        _meta_title(title)
        return ("meta", day, meta, True)
    if day is not None and all(c in cols for c in _TIKTOK_OVERVIEW):
        new = _find(cols, _NEW_FOLLOWER_NAMES)
        if new is None:
            raise _problem(
                "this is TikTok's Overview export without a New followers column: it holds "
                "views and likes, not followers; export the follower history "
                "(FollowerHistory.csv) from TikTok Studio instead"
            )
        return ("tiktok_overview", day, new, True)
    subscribers = _find(cols, _SUBSCRIBER_NAMES)
    if day is not None and subscribers is None and _find(cols, _YOUTUBE_MARKERS) is not None:
        subscribers = _find(cols, ("abonnés", "abonnes"))
    if day is not None and subscribers is not None:
        return ("youtube", day, subscribers, True)
    total = _find(cols, _TOTAL_NAMES)
    if day is not None and total is not None:
        return ("tiktok" if _TIKTOK_DIFF in cols else "plain", day, total, False)
    raise _problem(
        f"no date and follower columns: found {_columns_text(frame)}; expected date,followers "
        "(or an Instagram, TikTok or YouTube export: see the page's help)"
    )


LAYOUT_NAMES = {
    "plain": "a date,followers file",
    "tiktok": "a TikTok follower history",
    "tiktok_overview": "TikTok's Overview export (new followers a day)",
    "meta": "a Meta Business Suite export of Instagram follows",
    "youtube": "a YouTube Studio export of subscribers",
}


def read_history(
    data: bytes, *, followers_now: int | None = None, today: date | None = None
) -> History:
    """The follower history in ``data``; ``HistoryProblem`` if it cannot be used.

    ``followers_now`` anchors the exports that hold daily changes only (Meta, YouTube).
    """
    today = today or date.today()
    text = _decode(data, "history")
    frame, title = _frame(text, "history")
    layout, date_col, value_col, daily_change = _layout(frame, title)
    rows = len(frame)
    notes: list[str] = [f"read {rows_text(rows)} as {LAYOUT_NAMES[layout]}"]
    if daily_change:  # a totals row (YouTube Studio's "Total") is not a day
        frame = frame[~frame[date_col].astype(str).str.strip().str.lower().isin(_TOTAL_ROWS)]
    days, year_note = _dates(frame[date_col], today)
    if year_note:
        notes.append(year_note)
    values = _numbers(frame[value_col])
    bad_date = np.isnat(days)
    future = ~bad_date & (days > _latest(today))
    bad_value = ~bad_date & ~future & np.isnan(values)
    huge = ~bad_date & ~future & ~bad_value & (np.abs(values) > MAX_COUNT)
    negative = ~bad_date & ~future & ~bad_value & ~huge & (values < 0) & (not daily_change)
    keep = ~(bad_date | future | bad_value | huge | negative)
    if bad_date.any():
        example = quote(frame[date_col].iloc[int(np.flatnonzero(bad_date)[0])], 30)
        notes.append(
            f"{rows_text(int(bad_date.sum()))} with a date that could not be read "
            f"(e.g. {example}) were not used"
        )
    if future.any():
        notes.append(_future_note(future, frame[date_col]))
    if bad_value.any():
        example = quote(frame[value_col].iloc[int(np.flatnonzero(bad_value)[0])], 30)
        notes.append(
            f"{rows_text(int(bad_value.sum()))} without a number of followers "
            f"(e.g. {example}) were not used"
        )
    if huge.any():
        example = quote(frame[value_col].iloc[int(np.flatnonzero(huge)[0])], 30)
        notes.append(
            f"{rows_text(int(huge.sum()))} with a number over {count(MAX_COUNT)} "
            f"(e.g. {example}), more than any account has, were not used"
        )
    if negative.any():
        notes.append(f"{rows_text(int(negative.sum()))} with a negative count were not used")
    if keep.sum() == 0 or (rows >= 4 and keep.sum() < rows / 2):
        first = "; ".join(notes[1:3])
        raise _problem(f"most rows could not be used: {first}")
    days, values = days[keep], values[keep]
    order = np.argsort(days, kind="stable")
    days, values = days[order], values[order]
    unique, last_index = np.unique(days[::-1], return_index=True)
    if unique.size < days.size and daily_change:
        # changes on the same date add up (YouTube's chart data: one row per video)
        notes.append(
            f"{rows_text(days.size - unique.size)} on a date already read (one row per "
            "video or post) were added to that date's change"
        )
        at = np.searchsorted(unique, days)
        values = np.asarray(np.bincount(at, weights=values, minlength=unique.size), np.float64)
        days = unique
    elif unique.size < days.size:
        twice = days.size - unique.size
        notes.append(f"{counted(twice, 'repeated date')}: the last row of each date was used")
        take = days.size - 1 - last_index
        days, values = days[take], values[take]
    gains_only = False
    if daily_change:
        if followers_now is None:
            raise _problem(
                f"this is {LAYOUT_NAMES[layout]}: it holds daily changes, not totals; give your "
                "follower count today"
            )
        if layout == "meta":
            days, values = _fill_days(days, values)
            gains_only = True
            notes.append(
                "Meta's export counts new follows only, not unfollows: the churn comes from "
                "the model's figure for the platform"
            )
        totals = float(followers_now) - (values.sum() - np.cumsum(values))
        if totals.min() < 0:
            least = float(followers_now) - float(totals.min())
            raise _problem(
                f"the daily changes in this file would take the count below 0 before today's "
                f"count of {count(followers_now)}: with these changes today's count is at least "
                f"{count(least)}; check the count you gave (today's, after every change in the "
                "file)"
            )
        values = totals
    if days.size < MIN_ROWS:
        raise _problem(
            f"only {rows_text(days.size)} usable; a fit needs at least {MIN_ROWS} dated counts "
            "(a few weeks of weekly counts, or more)"
        )
    return History(days, values.astype(np.float64), layout, gains_only, tuple(notes), rows)


def _latest(today: date) -> np.datetime64:
    """The last date a row may carry: tomorrow (a file made in another time zone)."""
    return np.datetime64(today, "D") + np.timedelta64(1, "D")


def _future_note(future: NDArray[np.bool_], dates: pd.Series) -> str:
    example = quote(dates.iloc[int(np.flatnonzero(future)[0])], 30)
    n = int(future.sum())
    verb = "was" if n == 1 else "were"
    return f"{rows_text(n)} dated after today (e.g. {example}) {verb} not used"


def _fill_days(
    days: NDArray[np.datetime64], values: NDArray[np.float64]
) -> tuple[NDArray[np.datetime64], NDArray[np.float64]]:
    """Meta leaves out days without follows: those days gained none."""
    every = np.arange(days[0], days[-1] + np.timedelta64(1, "D"), dtype="datetime64[D]")
    filled = np.zeros(every.size)
    filled[(days - days[0]).astype(np.int64)] = values
    return every, filled


def read_deals(data: bytes, *, today: date | None = None) -> Deals:
    """Deals from a ``date,fee_usd,kind`` file; ``HistoryProblem`` if it cannot be used."""
    today = today or date.today()
    text = _decode(data, "deals")
    frame, _ = _frame(text, "deals")
    missing = [c for c in ("date", "fee_usd", "kind") if c not in frame.columns]
    if missing:
        raise _problem(
            f"the deals file needs columns date,fee_usd,kind; found {_columns_text(frame)}"
        )
    rows = len(frame)
    days, _ = _dates(frame["date"], today)
    fees = _numbers(frame["fee_usd"])
    kind = frame["kind"].astype(str).str.strip().str.lower().to_numpy()
    paid = kind == "paid"
    known = paid | (kind == "gifted")
    fees = np.where(~paid & np.isnan(fees), 0.0, fees)
    future = ~np.isnat(days) & (days > _latest(today))
    bad = np.isnat(days) | ~known | np.isnan(fees) | (paid & ~(fees > 0)) | (fees < 0)
    bad &= ~future
    notes = [f"read {count(rows)} deals"]
    if future.any():
        notes.append(_future_note(future, frame["date"]))
    if bad.any():
        notes.append(
            f"{count(bad.sum())} deal rows were not used (a date that could not be read, a kind "
            "other than paid or gifted, or a paid deal without a fee above $0)"
        )
    keep = ~(bad | future)
    if rows == 0 or not keep.any():
        raise _problem(
            "the deals file has no usable row (date,fee_usd,kind with kind paid or gifted, "
            "dated up to today)"
        )
    order = np.argsort(days[keep], kind="stable")
    return Deals(days[keep][order], fees[keep][order], paid[keep][order], tuple(notes), rows)
