"""Many runs from the command line: a batch of creator profiles, or a sweep over a grid
(``sim.cli.sweep``), and the output table both write.

    python -m sim batch PROFILES.csv --out RESULTS.csv|.parquet [--paths N] [--seed S]
                        [--workers K | --scheduler ADDRESS] [--resume]
    python -m sim sweep [--scenario FILE.json | --preset NAME] [--set FIELD=VALUE ...]
                        --grid FIELD=VALUES [--grid FIELD=VALUES ...] --out RESULTS.csv|.parquet
                        [--paths N] [--seed S] [--seeds same|per-point]
                        [--workers K | --scheduler ADDRESS] [--resume]

Both write one row per profile or grid point: which one it is (``row``, ``id``, ``preset``; or
``point``, ``grid``), every scenario field as it was run, the summary keys that ``sim run``
prints, and ``error``: empty, or one line saying why that row has no results. A bad row never
stops the others. Rows are written in input order as soon as every row before them is done
(CSV: appended and flushed one by one; Parquet: the file is replaced atomically every few
seconds), so an interrupted batch leaves a readable file of the rows finished so far, and
``--resume`` runs only the rows missing from it, giving the same file as a run without a
break.

A profile is a CSV row whose columns are scenario fields (``python -m sim schema``); a
missing column or an empty cell takes the default of the row's preset: its ``preset`` column
(``platform-niche``, as ``--preset``), else the platform and niche columns, else the default.
Cells are read as ``--set`` values are (JSON when they parse, else text), so the schema judges
them exactly as it judges ``sim run``. An optional ``id`` column names the profile.

Seeds: each profile's seed derives from ``--seed`` and the profile's identity (its ``id``,
else its row number), never from the order the rows ran in, so a row's numbers are the same
on one process or on a cluster, and ``sim run --seed <its seed>`` repeats it. A sweep runs
every grid point on ``--seed`` itself by default (common random numbers, as the app's
sensitivity and goal seek do: points differ by the plan, not the luck); ``--seeds per-point``
derives one per grid point instead.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TextIO, get_args, get_type_hints

from pydantic import ValidationError

from sim.cli.common import BadInput, build_scenario, run_options
from sim.io.safe_cells import neutralise_cell
from sim.io.safe_io import FileProblem, Output, plan_outputs, read_bounded, staged_outputs
from sim.io.safe_text import one_line, quote
from sim.many.executor import (
    Executor,
    ExecutorError,
    RunTask,
    TaskError,
    add_executor_options,
    derive_seed,
    describe,
    executor_from_args,
    run_task,
)
from sim.model.results import Summary
from sim.model.scenario import Scenario

MAX_PROFILES_BYTES = 64 * 1024 * 1024
"""Largest profiles file read (about 100,000 profiles with every field given)."""
MAX_OUTPUT_BYTES = 512 * 1024 * 1024
"""Largest output ``--resume`` reads back (``MAX_GRID_POINTS`` rows of about 5 KB)."""
PARQUET_EVERY_S = 5.0
"""A Parquet output is rewritten (atomically) at most this often, and at the end."""
ID_COLUMN = "id"
PRESET_COLUMN = "preset"
ERROR_COLUMN = "error"
OUTPUT_SUFFIXES = (".csv", ".parquet")


# --- the output table -------------------------------------------------------------------


def _kind(annotation: Any) -> str:
    """How a column of this type is stored: 'bool', 'int', 'float' or 'text'."""
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    parts = [a for a in get_args(annotation) if a is not type(None)]
    if len(parts) == 1 and annotation is not parts[0]:  # Optional[X]
        return _kind(parts[0])
    return "text"


def scenario_columns() -> dict[str, str]:
    """Every scenario field and how it is stored (from the schema)."""
    return {name: _kind(info.annotation) for name, info in Scenario.model_fields.items()}


def summary_columns() -> dict[str, str]:
    """The summary keys of ``sim run`` and how they are stored."""
    hints = get_type_hints(Summary)
    return {f.name: _kind(hints[f.name]) for f in fields(Summary)}


@dataclass(frozen=True)
class Layout:
    """The output's columns: the row's identity, the scenario, the summary, the error."""

    keys: dict[str, str]
    """Identity columns, the first of them the row's number (what ``--resume`` matches)."""

    @property
    def columns(self) -> dict[str, str]:
        out = dict(self.keys)
        out.update(scenario_columns())
        # a summary key that is also a field (months, the day-job wage) holds the same value
        out.update({k: v for k, v in summary_columns().items() if k not in out})
        out[ERROR_COLUMN] = "text"
        return out

    @property
    def number(self) -> str:
        return next(iter(self.keys))


def scenario_cells(scenario: Scenario) -> dict[str, Any]:
    """A scenario's fields as cells: JSON values, lists (the timeline) as compact JSON text."""
    cells = scenario.model_dump(mode="json")
    return {
        k: json.dumps(v, separators=(",", ":")) if isinstance(v, list | dict) else v
        for k, v in cells.items()
    }


@dataclass(frozen=True)
class Job:
    """One output row to produce: its identity cells, and its run or why there is none."""

    key: dict[str, Any]
    task: RunTask | None = None
    error: str | None = None


def output_row(layout: Layout, job: Job, result: Summary | TaskError | None) -> dict[str, Any]:
    """The cells of one output row (None where a row has no value)."""
    row: dict[str, Any] = dict.fromkeys(layout.columns)
    row.update(job.key)
    error = job.error
    if job.task is not None:
        row.update(scenario_cells(job.task.scenario))
    if isinstance(result, Summary):
        given = set(job.key) | set(scenario_columns())
        row.update({k: v for k, v in result.as_dict().items() if k not in given})
    elif isinstance(result, TaskError):
        error = result.message
    row[ERROR_COLUMN] = error
    return row


# --- writers: CSV appended row by row, Parquet replaced atomically -----------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    if isinstance(value, int):
        return str(value)
    # one line (a row is one line, which --resume relies on), and inert in a spreadsheet
    return str(neutralise_cell(str(value).replace("\r", " ").replace("\n", " ")))


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_csv_cell(v) for v in values])
    return buffer.getvalue()


class Writer(ABC):
    """Writes finished rows in order; ``done`` holds the rows already in the file.

    Opening only reads: the file is checked to be this command's output and its rows are
    read. Nothing in it changes until ``start()``, called once those rows are known to be
    this run's (``check_done``)."""

    def __init__(self, out: Output, layout: Layout, resume: bool) -> None:
        self.out = out
        self.path = Path(out.given)
        self.layout = layout
        self.columns = list(layout.columns)
        self.done: dict[int, dict[str, str]] = {}
        self.written = 0

    def _mark_done(self, cells: dict[str, str]) -> None:
        """A row found in the output (cells as CSV text)."""
        try:
            self.done[int(cells[self.layout.number])] = cells
        except (KeyError, TypeError, ValueError):
            raise BadInput(
                f"--resume: {self.out.shown} has a row without a {self.layout.number} "
                "number; it was not written by this command"
            ) from None

    @abstractmethod
    def start(self) -> None:
        """Make the file ready for ``write`` (the first change made to it)."""

    @abstractmethod
    def write(self, row: dict[str, Any]) -> None: ...

    @abstractmethod
    def close(self) -> None: ...


class CsvWriter(Writer):
    """Appends each row as one line and flushes it: a crash loses at most the row being
    written, and ``--resume`` cuts such a partial line off (after checking the header)."""

    def __init__(self, out: Output, layout: Layout, resume: bool) -> None:
        super().__init__(out, layout, resume)
        self._header = _csv_line(self.columns)
        self._file: TextIO | None = None
        self._keep: int | None = None
        """Resuming: the bytes of the file to keep (its complete lines); None: a new file."""
        if resume and self.path.exists():
            self._keep = self._read_existing()

    def _read_existing(self) -> int:
        try:
            data = read_bounded("--resume", self.out.given, MAX_OUTPUT_BYTES)
        except FileProblem as exc:
            raise BadInput(str(exc)) from None
        if not data:
            return 0  # cut off before its header was written
        if not data.startswith(self._header.encode("utf-8")):
            raise BadInput(_not_this_output(self.out))
        end = data.rfind(b"\n") + 1  # a last row cut off mid-line is not kept
        try:
            text = data[:end].decode("utf-8")
            for cells in csv.DictReader(io.StringIO(text, newline="")):
                self._mark_done(cells)
        except (UnicodeDecodeError, csv.Error) as exc:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else one_line(exc, 80)
            raise BadInput(
                f"--resume: {self.out.shown} is not a CSV this command wrote ({reason}); "
                "write to a new file"
            ) from None
        return end

    def start(self) -> None:
        if self._keep is None:
            self._file = self.path.open("w", encoding="utf-8", newline="")
            self._file.write(self._header)
            self._file.flush()
            return
        if self._keep < self.path.stat().st_size:
            with self.path.open("r+b") as handle:
                handle.truncate(self._keep)
        self._file = self.path.open("a", encoding="utf-8", newline="")
        if self._keep == 0:
            self._file.write(self._header)
            self._file.flush()

    def write(self, row: dict[str, Any]) -> None:
        assert self._file is not None, "start() first"
        self._file.write(_csv_line(row[c] for c in self.columns))
        self._file.flush()
        self.written += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class ParquetWriter(Writer):
    """Keeps the rows and replaces the file with all of them every ``PARQUET_EVERY_S``
    seconds and at the end, as ``sim run`` writes its outputs (``sim.io.safe_io``: a temporary
    file beside the target, renamed into place, so never half a file, and a symbolic link
    keeps pointing at the file). Text cells are neutralised as the CSV's are."""

    def __init__(self, out: Output, layout: Layout, resume: bool) -> None:
        import pyarrow as pa

        super().__init__(out, layout, resume)
        types = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "text": pa.string()}
        self._schema = pa.schema([(name, types[kind]) for name, kind in layout.columns.items()])
        self._rows: list[dict[str, Any]] = []
        self._saved_at = time.monotonic()
        if resume and self.path.exists():
            self._read_existing()

    def _read_existing(self) -> None:
        import pyarrow.parquet as pq

        try:
            data = read_bounded("--resume", self.out.given, MAX_OUTPUT_BYTES)
        except FileProblem as exc:
            raise BadInput(str(exc)) from None
        try:
            table = pq.read_table(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises several kinds for a file it cannot read
            raise BadInput(
                f"--resume: cannot read {self.out.shown}: {one_line(exc, 200)}"
            ) from None
        if table.schema != self._schema:
            raise BadInput(_not_this_output(self.out))
        self._rows = [{k: neutralise_cell(v) for k, v in row.items()} for row in table.to_pylist()]
        for row in self._rows:
            self._mark_done({k: _csv_cell(v) for k, v in row.items()})

    def start(self) -> None:
        self._save()

    def _save(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self._rows, schema=self._schema)
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        try:
            with staged_outputs([self.out]) as staged:
                staged.write(self.out, buffer.getvalue())
                staged.commit()
        except FileProblem as exc:
            raise BadInput(str(exc)) from None
        self._saved_at = time.monotonic()

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append({k: neutralise_cell(v) for k, v in row.items()})
        self.written += 1
        if time.monotonic() - self._saved_at >= PARQUET_EVERY_S:
            self._save()

    def close(self) -> None:
        self._save()


def _not_this_output(out: Output) -> str:
    return (
        f"--resume: {out.shown} does not start with the columns this command writes (not its "
        "output, another kind of run, or another version); it is left as it is: write to a "
        "new file"
    )


def check_output(out: str, resume: bool, inputs: list[str]) -> Output:
    """--out names a file this command can write, and no input (before anything starts)."""
    path = Path(out)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise BadInput(f"--out: {quote(out)} must end in {' or '.join(OUTPUT_SUFFIXES)}")
    try:
        (planned,) = plan_outputs([("--out", out)], inputs=inputs)
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    if path.exists() and not resume:
        raise BadInput(
            f"--out: {quote(out)} exists; add --resume to finish it, or remove it to start again"
        )
    return planned


def open_writer(out: Output, layout: Layout, resume: bool) -> Writer:
    """The writer for ``out``, its existing rows read (resuming); nothing written yet."""
    try:
        if Path(out.given).suffix.lower() == ".csv":
            return CsvWriter(out, layout, resume)
        return ParquetWriter(out, layout, resume)
    except OSError as exc:
        raise BadInput(
            f"--out: cannot write {out.shown}: {one_line(exc.strerror or exc)}"
        ) from None


# --- progress on the terminal -------------------------------------------------------------


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, a line every tenth
    elsewhere (a log file, a test)."""

    WIDTH = 24

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._drawn_at = -math.inf
        self._tenth = -1
        self.done = 0
        self.errors = 0

    def say(self, text: str) -> None:
        self.stream.write(f"{self.label}: {text}\n")
        self.stream.flush()

    def line(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = f", about {_duration((self.total - self.done) / rate)} left" if rate > 0 else ""
        errors = f", {self.errors} error{'s' if self.errors != 1 else ''}" if self.errors else ""
        return (
            f"{self.label} [{bar}] {self.done}/{self.total} ({share:.0%}){errors}, "
            f"{rate:.1f}/s{left if self.done < self.total else ''}"
        )

    def advance(self, error: bool) -> None:
        self.done += 1
        self.errors += int(error)
        now = time.monotonic()
        last = self.done >= self.total
        if self.tty:
            if last or now - self._drawn_at >= 0.1:
                self.stream.write("\r" + self.line() + ("\n" if last else ""))
                self.stream.flush()
                self._drawn_at = now
        else:
            tenth = self.done * 10 // max(self.total, 1)
            if tenth != self._tenth:
                self._tenth = tenth
                self.stream.write(self.line() + "\n")
                self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


# --- running the jobs ---------------------------------------------------------------------


def run_jobs(jobs: Iterable[Job], ex: Executor, writer: Writer, progress: Progress) -> None:
    """Run every job's task on ``ex`` and write every job's row, in the order of ``jobs``.

    Jobs are read lazily (a few ahead of the workers); a finished row waits only for the rows
    before it, so the file always holds a prefix of the input."""
    layout = writer.layout
    queued: deque[Job] = deque()  # read, not yet written
    results: dict[int, Summary | TaskError] = {}  # by position in jobs
    task_position: list[int] = []
    first = 0  # position of queued[0]

    def tasks() -> Iterator[RunTask]:
        for position, job in enumerate(jobs):
            queued.append(job)
            if job.task is None:
                progress.advance(error=True)
            else:
                task_position.append(position)
                yield job.task

    def flush() -> None:
        nonlocal first
        while queued and (queued[0].task is None or first in results):
            job = queued.popleft()
            writer.write(output_row(layout, job, results.pop(first, None)))
            first += 1

    for index, result in ex.as_completed(run_task, tasks()):
        results[task_position[index]] = result
        progress.advance(error=isinstance(result, TaskError))
        flush()
    flush()


def execute(
    label: str,
    args: argparse.Namespace,
    layout: Layout,
    plan: Callable[[dict[int, dict[str, str]]], tuple[int, Iterator[Job]]],
    inputs: list[str],
) -> int:
    """Open the output and the executor, run the jobs that ``plan`` gives for the rows not
    yet done, report. ``plan(done)`` checks the rows already written and returns how many
    jobs there are to run and the jobs."""
    output = check_output(args.out, args.resume, inputs)
    writer = open_writer(output, layout, args.resume)  # reads and checks; changes nothing
    total, jobs = plan(writer.done)
    try:
        ex = executor_from_args(args)
    except ExecutorError as exc:
        raise BadInput(str(exc)) from None
    with ex:
        try:
            try:
                writer.start()
            except OSError as exc:
                raise BadInput(
                    f"--out: cannot write {output.shown}: {one_line(exc.strerror or exc)}"
                ) from None
            progress = Progress(label, total)
            already = f" ({len(writer.done)} already in {args.out})" if writer.done else ""
            progress.say(f"{total} rows to run{already} {describe(ex)}")
            try:
                run_jobs(jobs, ex, writer, progress)
            except OSError as exc:  # disk full, file-size limit...
                shown = quote(args.out)
                raise BadInput(
                    f"--out: cannot write {shown}: {one_line(exc.strerror or exc)}"
                ) from None
            except KeyboardInterrupt:
                progress.say(
                    f"interrupted: {writer.written} rows written to {args.out}; run the same "
                    "command with --resume to finish"
                )
                return 130
        finally:
            writer.close()
    errors = f", {progress.errors} with an error (see the error column)" if progress.errors else ""
    progress.say(f"{writer.written} rows written to {args.out}{errors}")
    return 0


def _same_run(done: dict[str, str], key: dict[str, Any], paths: int, seed: int) -> str | None:
    """Why a row already in the output is not the row this command would write, or None."""
    for column, value in key.items():
        if done.get(column, "") != _csv_cell(value):
            return f"{column} {_csv_cell(value)!r} where the file has {done.get(column)!r}"
    if done.get(ERROR_COLUMN):
        return None  # a row that failed has no run to compare
    if done.get("paths") != str(paths) or done.get("seed") != str(seed):
        return f"paths {done.get('paths')} and seed {done.get('seed')}, not {paths} and {seed}"
    return None


def check_done(out: str, number: str, done: dict[int, dict[str, str]], expected: Any) -> None:
    """``expected(n)`` is (key, paths, seed) of row ``n``, or None past the end."""
    for n, cells in done.items():
        wanted = expected(n)
        why = "it has no such row here" if wanted is None else _same_run(cells, *wanted)
        if why is not None:
            raise BadInput(
                f"--resume: {quote(out)} was written by another run ({number} {n}: {why}); "
                "write to a new file, or run with the same input and options"
            )


def scenario_task(
    base: argparse.Namespace, preset: str | None, sets: list[str], paths: int | None, seed: int
) -> RunTask:
    """A run from preset / --set values, exactly as ``sim run`` builds one; BadInput (one
    line, naming the field) when the values do not make a valid scenario."""
    options = argparse.Namespace(
        **{**vars(base), "preset": preset, "set": sets, "paths": paths, "seed": seed}
    )
    try:
        scenario, settings = build_scenario(options)
    except ValidationError as exc:
        # build_scenario lets this one through when a preset field changes with a bad value
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "scenario"
        raise BadInput(f"{where}: {first['msg']}") from None
    return RunTask(scenario, settings.paths, settings.seed)


def row_error(exc: BadInput) -> str:
    # build_scenario names command-line options ("--preset: ..."); a row names its column
    return one_line(str(exc).removeprefix("--"), 300)


def _root_settings(args: argparse.Namespace) -> tuple[int, int]:
    """The validated --paths and --seed (their defaults when not given)."""
    options = argparse.Namespace(**{**vars(run_options()), "paths": args.paths, "seed": args.seed})
    _, settings = build_scenario(options)
    return settings.paths, settings.seed


# --- batch: one row per profile -----------------------------------------------------------


@dataclass(frozen=True)
class Profiles:
    """A profiles file read as text: its columns and its rows (row number, cells)."""

    columns: list[str]
    rows: list[tuple[int, list[str]]]


def read_profiles(path: str) -> Profiles:
    """The profiles file, or BadInput (one line) when the file as a whole cannot be used."""
    try:
        data = read_bounded("profiles", path, MAX_PROFILES_BYTES)
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{quote(path)}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})"
        ) from None
    try:
        records = [
            r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)
        ]
    except csv.Error as exc:
        raise BadInput(f"{quote(path)}: not a readable CSV file ({one_line(exc, 200)})") from None
    if not records:
        raise BadInput(
            f"{quote(path)}: empty; expected a header row of scenario fields, then profiles"
        )
    columns = [c.strip() for c in records[0]]
    allowed = set(Scenario.model_fields) | {ID_COLUMN, PRESET_COLUMN}
    for column in columns:
        if column not in allowed:
            raise BadInput(
                f"{quote(path)}: unknown column {quote(column)}; columns are scenario fields "
                f"(python -m sim schema), {ID_COLUMN} and {PRESET_COLUMN}"
            )
        if columns.count(column) > 1:
            raise BadInput(f"{quote(path)}: the column {quote(column)} appears twice")
    if len(records) == 1:
        raise BadInput(f"{quote(path)}: no profiles under the header row")
    return Profiles(columns, list(enumerate(records[1:], start=1)))


def _cell_value(text: str) -> str:
    # spreadsheets write TRUE and FALSE; --set reads JSON's true and false
    lowered = text.lower()
    return lowered if lowered in ("true", "false") else text


def _profile_identity(number: int, cells: dict[str, str]) -> str:
    given = cells.get(ID_COLUMN, "")
    return f"id:{given}" if given else f"row:{number}"


def _profile_key(layout: Layout, number: int, cells: dict[str, str]) -> dict[str, Any]:
    key: dict[str, Any] = {"row": number}
    for column in (ID_COLUMN, PRESET_COLUMN):
        if column in layout.keys:
            key[column] = cells.get(column) or None
    return key


def cmd_batch(args: argparse.Namespace) -> int:
    profiles = read_profiles(args.profiles)
    paths, root_seed = _root_settings(args)
    keys = {"row": "int"}
    keys.update({c: "text" for c in (ID_COLUMN, PRESET_COLUMN) if c in profiles.columns})
    layout = Layout(keys)
    base_options = run_options()

    def cells_of(record: list[str]) -> dict[str, str]:
        return {c: v.strip() for c, v in zip(profiles.columns, record, strict=False) if v.strip()}

    def expected(n: int) -> tuple[dict[str, Any], int, int] | None:
        if not 1 <= n <= len(profiles.rows):
            return None
        cells = cells_of(profiles.rows[n - 1][1])
        seed = derive_seed(root_seed, _profile_identity(n, cells))
        return _profile_key(layout, n, cells), paths, seed

    def job(number: int, record: list[str]) -> Job:
        cells = cells_of(record)
        key = _profile_key(layout, number, cells)
        if len(record) != len(profiles.columns):
            return Job(
                key, error=f"{len(record)} cells, but the header has {len(profiles.columns)}"
            )
        seed = derive_seed(root_seed, _profile_identity(number, cells))
        preset = cells.pop(PRESET_COLUMN, None)
        cells.pop(ID_COLUMN, None)
        sets = [f"{field}={_cell_value(text)}" for field, text in cells.items()]
        try:
            return Job(key, task=scenario_task(base_options, preset, sets, paths, seed))
        except BadInput as exc:
            return Job(key, error=row_error(exc))

    def plan(done: dict[int, dict[str, str]]) -> tuple[int, Iterator[Job]]:
        check_done(args.out, layout.number, done, expected)
        todo = [(n, r) for n, r in profiles.rows if n not in done]
        return len(todo), (job(n, r) for n, r in todo)

    return execute("batch", args, layout, plan, [args.profiles])


# --- the command line ---------------------------------------------------------------------


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, help="results, one row each: .csv (appended) or .parquet"
    )
    parser.add_argument("--paths", type=int, help="simulated futures per run (default 2000)")
    parser.add_argument("--seed", type=int, help="root seed (default 42)")
    add_executor_options(parser)
    parser.add_argument(
        "--resume", action="store_true", help="keep the rows already in --out, run the rest"
    )


def add_batch_parser(sub: Any) -> None:
    """Register the ``batch`` subcommand."""
    batch = sub.add_parser(
        "batch",
        help="run every profile of a CSV file; one row each",
        description="Run every profile (a CSV row of scenario fields; missing ones take the "
        "preset's default; optional id and preset columns) and write one row each: its "
        "inputs, the summary of `sim run` and an error column.",
    )
    batch.add_argument("profiles", metavar="PROFILES.csv", help="one profile a row")
    add_output_options(batch)
    batch.set_defaults(func=cmd_batch)
