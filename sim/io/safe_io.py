"""Files for the command line: inputs read with a bound, outputs written all or nothing.

Reading: only a regular file is read (a FIFO would block for ever, ``/dev/zero`` never ends),
and at most ``limit + 1`` bytes of it, so an oversized input is refused without being read.

Writing: every output of one command is checked before any work starts (a folder that exists
and can be written to, a regular file with a write permission or nothing at the path, never
an input, never two outputs on one path), then written to a temporary file beside its target
and renamed into place only once every output is complete. A failure at any point (disk
full, file-size limit, an interruption) leaves no temporary file and no output of this run
behind: a file the run had already renamed into place is removed too.

Every problem is a ``FileProblem`` whose message is one line naming the option and the file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sim.io.safe_text import one_line, quote

PATH_CHARS = 80
"""A path quoted in a message is cut to this many characters."""
_CHUNK_BYTES = 1 << 16
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class FileProblem(Exception):
    """An input that cannot be read or an output that cannot be written; one line."""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return one_line(exc.strerror or exc, 80)


def read_bounded(option: str, path: str, limit_bytes: int) -> bytes:
    """The bytes of the regular file ``path``; ``FileProblem`` if it is anything else, cannot
    be read, or holds more than ``limit_bytes`` (never more than ``limit_bytes + 1`` read)."""
    shown = quote(path, PATH_CHARS)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise FileProblem(f"{option}: cannot read {shown}: {_reason(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileProblem(f"{option}: {shown} is {_kind(mode)}; give a regular file")
        chunks: list[bytes] = []
        remaining = limit_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, _CHUNK_BYTES))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise FileProblem(f"{option}: cannot read {shown}: {_reason(exc)}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit_bytes:
        raise FileProblem(f"{option}: {shown} is over the limit of {limit_bytes:,} bytes")
    return data


@dataclass(frozen=True)
class Output:
    """One output file of a command: the option that named it, the path as given, and the
    file actually written (symbolic links followed, so a link keeps pointing at it)."""

    option: str
    given: str
    target: Path

    @property
    def shown(self) -> str:
        return quote(self.given, PATH_CHARS)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def plan_outputs(requested: Sequence[tuple[str, str]], inputs: Sequence[str] = ()) -> list[Output]:
    """Check ``(option, path)`` outputs before any work: ``FileProblem`` for the first that
    could not be written, is an input, or shares its path with another output."""
    planned: list[Output] = []
    for option, given in requested:
        if not given:
            raise FileProblem(f"{option}: give a file name")
        target = Path(os.path.realpath(given))
        out = Output(option, given, target)
        try:
            mode = target.stat().st_mode if target.exists() else None
        except OSError as exc:
            raise FileProblem(f"{option}: cannot write {out.shown}: {_reason(exc)}") from None
        if mode is not None and not stat.S_ISREG(mode):
            raise FileProblem(f"{option}: {out.shown} is {_kind(mode)}; give a file name")
        folder = target.parent
        if not folder.is_dir():
            raise FileProblem(f"{option}: the folder of {out.shown} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise FileProblem(f"{option}: cannot write in the folder of {out.shown}")
        # read-only by its permissions too: root may write anything, but a file with no write
        # bit was marked read-only on purpose, and renaming over it would discard that
        if mode is not None and (not os.access(target, os.W_OK) or not mode & _ANY_WRITE):
            raise FileProblem(f"{option}: {out.shown} is read-only")
        for source in inputs:
            if target == Path(os.path.realpath(source)) or _same_file(target, Path(source)):
                raise FileProblem(
                    f"{option}: {out.shown} is the input file; write the output elsewhere"
                )
        for other in planned:
            if target == other.target or _same_file(target, other.target):
                raise FileProblem(
                    f"{option}: {out.shown} is also the {other.option} file; "
                    "give each output its own path"
                )
        planned.append(out)
    return planned


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass
class Staged:
    """Outputs being written: one open temporary file per output, beside its target."""

    outputs: list[Output]
    _temps: dict[Output, Path] = field(default_factory=dict)
    _placed: list[Path] = field(default_factory=list)

    def _open(self) -> None:
        for out in self.outputs:
            try:
                fd, name = tempfile.mkstemp(
                    prefix=f".{out.target.name[:40]}.", suffix=".part", dir=out.target.parent
                )
            except OSError as exc:
                raise FileProblem(
                    f"{out.option}: cannot write in the folder of {out.shown}: {_reason(exc)}"
                ) from None
            os.close(fd)
            self._temps[out] = Path(name)

    def write(self, out: Output, data: bytes) -> None:
        """The complete contents of ``out``, into its temporary file (flushed to disk)."""
        temp = self._temps[out]
        try:
            mode = out.target.stat().st_mode & 0o777 if out.target.exists() else None
            with temp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        except OSError as exc:
            raise FileProblem(f"{out.option}: cannot write {out.shown}: {_reason(exc)}") from None

    def commit(self) -> None:
        """Rename every output into place; if one fails, remove those already placed."""
        for out in self.outputs:
            try:
                os.replace(self._temps[out], out.target)
            except OSError as exc:
                self._remove_placed()
                raise FileProblem(
                    f"{out.option}: cannot write {out.shown}: {_reason(exc)}"
                ) from None
            del self._temps[out]
            self._placed.append(out.target)

    def _remove_placed(self) -> None:
        for path in self._placed:
            path.unlink(missing_ok=True)
        self._placed.clear()

    def _discard(self) -> None:
        for temp in self._temps.values():
            temp.unlink(missing_ok=True)
        self._temps.clear()


@contextmanager
def staged_outputs(outputs: list[Output]) -> Iterator[Staged]:
    """Temporary files for ``outputs``, created now (so an unwritable folder fails before any
    work); whatever happens inside, none is left behind. Call ``commit()`` at the end."""
    staged = Staged(outputs)
    try:
        staged._open()
        yield staged
    except BaseException:
        staged._remove_placed()
        raise
    finally:
        staged._discard()
