"""Page prose lives in markdown files under ``ui/text/``; this reads their sections.

A file is split into sections by lines of the form ``<!-- section: name -->``; text before the
first marker is the section ``intro``. Placeholders are written ``[[name]]`` (so LaTeX braces
stay untouched) and filled by ``section(..., name=value)``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).parent / "text"
_MARKER = re.compile(r"^<!--\s*section:\s*([\w-]+)\s*-->\s*$", re.MULTILINE)


@cache
def sections(page: str) -> dict[str, str]:
    """Section name -> markdown of ``ui/text/<page>.md``."""
    text = (TEXT_DIR / f"{page}.md").read_text(encoding="utf-8")
    parts = _MARKER.split(text)
    out = {"intro": parts[0].strip()}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        out[name] = body.strip()
    return out


def section(page: str, name: str, **values: object) -> str:
    """One section, with ``[[placeholders]]`` filled from ``values``."""
    text = sections(page)[name]
    for key, value in values.items():
        text = text.replace(f"[[{key}]]", str(value))
    return text


_MATH_BLOCK = re.compile(r"^\$\$\s*$(.*?)^\$\$\s*$", re.MULTILINE | re.DOTALL)


def split_math(text: str) -> list[tuple[str, str]]:
    """A section as ('markdown', text) and ('latex', equation) parts, in order: display
    equations (between lines holding only ``$$``) go to ``st.latex``."""
    parts: list[tuple[str, str]] = []
    pos = 0
    for match in _MATH_BLOCK.finditer(text):
        before = text[pos : match.start()].strip()
        if before:
            parts.append(("markdown", before))
        parts.append(("latex", match.group(1).strip()))
        pos = match.end()
    rest = text[pos:].strip()
    if rest:
        parts.append(("markdown", rest))
    return parts
