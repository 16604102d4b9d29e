"""Text from outside (a link, a file, a file name, a plan name, a command line) made safe to show.

Two layers, so the engine and the command line need no Streamlit:

- ``one_line`` and ``quote``: plain text. Control characters (newlines, tabs, terminal escape
  sequences), line separators and bidirectional overrides are taken out, whitespace is
  collapsed, lone surrogates (which cannot be encoded) become U+FFFD, and the text is cut to a
  bound with an ellipsis. Invisible characters (zero-width spaces and joiners, U+FEFF, soft
  hyphens, tag characters) are shown as ``<U+200B>`` wherever they could disguise ASCII text
  (next to it, or at either end), so "be<U+200B>auty" never reads as "beauty"; between two
  other characters (a joined emoji, a Persian word) they are kept. Every message that repeats
  user text builds it with these.
- ``markdown_safe``: the same, then made inert for Streamlit's markdown (``st.markdown``,
  alerts, captions, toasts, headers and ``st.table`` cells all render it): every ASCII
  punctuation character is backslash-escaped, which CommonMark renders as the character itself
  (no emphasis, links, images, HTML, entities, code, math, directives such as ``:red[...]``).
  Backslash escapes are resolved before the plugins that rewrite plain text run, so those are
  broken with an invisible WORD JOINER (U+2060) instead: GitHub's literal autolinks (``www.``,
  ``http://``, e-mail addresses), emoji shortcodes (``:name:``), Streamlit's ``:material/...:``
  icons and ``:streamlit:`` logo, and its typographic arrows (``->``, ``--``, ``>=``...; the
  browser counts U+FEFF as a space around them, which is why ``one_line`` shows it there).
  The reader sees the literal characters; only copy-and-paste carries the joiners.

One thing is not markdown: an alert (``st.error``, ``st.warning``...) without ``icon=`` lifts a
leading emoji out of its body as its icon, so an alert starts with the app's own words.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
WORD_JOINER = "\u2060"
"""Invisible, zero-width, and not a word character: splits a pattern without showing."""

QUOTE_CHARS = 40
"""A user value quoted inside a message: enough to recognise it, never the whole of it."""
MESSAGE_CHARS = 400
"""A whole message shown in the app (a notice, an upload error, a validation error)."""

# C0 and C1 controls (newlines, tabs, ESC...) and the Unicode line and paragraph separators.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Bidirectional embeddings, overrides and isolates reorder what is shown (Trojan Source).
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Characters that show nothing (zero-width spaces, joiners and fillers, soft hyphen, U+FEFF,
# tags), in runs; a run is shown unless it sits between two non-ASCII characters.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2064"
    "\u3164\uffa0\ufeff\U000e0000-\U000e007f]+"
)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Where Streamlit's markdown rewrites text nodes after escapes are resolved.
_JOIN_AFTER_COLON_OR_AT = re.compile(r"([:@])(?=\S)")
_JOIN_WWW = re.compile(r"(?<=www)(?=\.)", re.IGNORECASE)
_JOIN_ARROW = re.compile(r"(?:(?<=^)|(?<=\s))([<>~=-])(?=(?:->|-|>|=)(?:\s|$))")


def _show_invisible(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    hidden = (
        start > 0
        and end < len(text)
        and not text[start - 1].isascii()
        and not text[end].isascii()
        # U+2060 is markdown_safe's own joiner (``shown`` drops it): never kept from input
        and WORD_JOINER not in match.group()
    )
    return match.group() if hidden else "".join(f"<U+{ord(ch):04X}>" for ch in match.group())


def one_line(text: object, max_chars: int = MESSAGE_CHARS) -> str:
    """``text`` as one line of plain text of at most ``max_chars`` characters.

    Longer text is cut and ends in an ellipsis. Anything that is not a ``str`` is shown
    through ``str()`` first.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    raw = text if isinstance(text, str) else str(text)
    # Bound the work before any pass over the text: a 900 KB value must cost microseconds.
    budget = 4 * max_chars + 64
    cut = len(raw) > budget
    raw = raw[:budget]
    raw = _SURROGATE.sub("\ufffd", _BIDI.sub("", _BREAKS.sub(" ", raw)))
    raw = INVISIBLE.sub(_show_invisible, raw)
    flat = " ".join(raw.split())
    if not cut and len(flat) <= max_chars:
        return flat
    return flat[: max_chars - 1].rstrip() + ELLIPSIS


def quote(text: object, max_chars: int = QUOTE_CHARS) -> str:
    """``text`` as a short one-line quotation in curly quotes, for use inside a message."""
    return f"“{one_line(text, max_chars)}”"


def markdown_safe(text: object, max_chars: int = MESSAGE_CHARS) -> str:
    """``text`` as one bounded line that Streamlit's markdown shows as the literal characters."""
    line = one_line(text, max_chars)
    line = _JOIN_AFTER_COLON_OR_AT.sub(r"\1" + WORD_JOINER, line)
    line = _JOIN_WWW.sub(WORD_JOINER, line)
    line = _JOIN_ARROW.sub(r"\1" + WORD_JOINER, line)
    return "".join("\\" + ch if ch in _ASCII_PUNCTUATION else ch for ch in line)


def shown(markdown: str) -> str:
    """What ``markdown_safe`` text reads as on the page: escapes resolved, joiners dropped.

    For tests and for comparing page text with a message; not a markdown renderer.
    """
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
