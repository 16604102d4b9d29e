"""User text shown safely: one bounded line of plain text, and markdown that renders as the
literal characters. The browser half of the check (the same strings through Streamlit's own
markdown in Chromium) is tests/browser/test_safe_text_render.py."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.io.safe_text import (
    ELLIPSIS,
    INVISIBLE,
    MESSAGE_CHARS,
    QUOTE_CHARS,
    WORD_JOINER,
    markdown_safe,
    one_line,
    quote,
    shown,
)

PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE: dict[str, str] = {
    # issue 9, item 1: a share link put these in the app's own warning box
    "www-autolink": "www.evil.example, x",
    "www-in-a-key": "Sign in again at www.evil.example, now",
    "bold-underscores": "__PAY_NOW__",
    "emoji-shortcode": ":rotating_light:",
    # issue 9, item 2: a file's niche
    "markdown-link": "[Your plan expired - click to restore](https://evil.example/login)",
    "http-autolink": "see https://evil.example/login now",
    "http-upper": "HTTP://EVIL.EXAMPLE",
    "www-upper": "WWW.EVIL.EXAMPLE",
    "wwww": "wwww.evil.example",
    "email": "write to support@evil.example today",
    "mailto": "mailto:support@evil.example",
    "angle-autolink": "<https://evil.example>",
    "image": "![x](https://evil.example/pixel.png)",
    "reference-link": "[restore][1] [1]: https://evil.example",
    "html": "<a href='https://evil.example'>restore</a><script>alert(1)</script>",
    "html-comment": "<!-- hidden --> visible",
    "entity": "&lt;b&gt; &#58;rotating_light&#58; &amp;",
    "bold-stars": "**PAY NOW** *now*",
    "strike": "~~gone~~ ~also~",
    "code": "`code` ``more``",
    "math": "$x^2$ and $$\\int$$",
    "money-math": "$5 or $10$",
    "colour": ":red[Your account is locked] :blue-background[x] :rainbow[y]",
    "badge": ":red-badge[URGENT]",
    "small": ":small[fine print]",
    "material": ":material/warning: Account locked",
    "streamlit-logo": ":streamlit: official notice",
    "plus-one": ":+1: :-1:",
    "heading": "# Heading",
    "list": "- item",
    "numbered": "1. first",
    "quote-block": "> quoted",
    "table": "| a | b |",
    "rule": "---",
    "arrows": "a -> b <- c <-> d -- e >= f <= g ~= h",
    # issue 17: U+FEFF around them (JavaScript's \s matches it)
    "bom-arrows": "a\ufeff->\ufeffb \ufeff--\ufeff c\ufeff>=\ufeff",
    "bom-arrows-non-ascii": "é\ufeff->\ufeffé ü\ufeff--\ufeffü",
    "backslashes": "\\*not bold\\* \\",
    "newlines": "first line\n\n# second\r\n- third",
    "tabs-indent": "\t    code block?",
    "terminal-escape": "\x1b[31mred\x1b[0m \x07bell",
    "bidi-override": "abc\u202edcba\u2066x\u2069",
    "line-separator": "a\u2028b\u2029c",
    "lone-surrogate": "a\ud800b",
    "directive-leaf": "::leaf[x]",
    "directive-container": ":::note",
    "help-directive": ":help[tip]",
    "shimmer": ":shimmer[x]",
}


def unescaped(markdown: str) -> str:
    """``markdown`` with its backslash escapes resolved but the joiners kept: the text that
    Streamlit's text-node plugins (emoji, icons, autolinks, arrows) get to see."""
    return re.sub(r"\\(.)", r"\1", markdown)


def assert_inert(text: str, out: str) -> None:
    # every ASCII punctuation character is escaped, and only those are
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in PUNCTUATION, (text, out)
            i += 2
            continue
        assert out[i] not in PUNCTUATION, (text, out, i)
        i += 1
    plain = unescaped(out)
    # what the plugins that run after escaping would match (their own regular expressions)
    assert not re.search(r":[\w+-]", plain), (text, out)  # emoji, :material_x:, directives
    assert not re.search(r"(?i)www\.", plain), (text, out)
    assert not re.search(r"(?i)https?://", plain), (text, out)
    assert not re.search(r"@[-\w]", plain), (text, out)
    # the browser's \s (JavaScript's) also matches U+FEFF
    arrow = r"(^|[\s\ufeff])(<->|->|<-|--|>=|<=|~=)([\s\ufeff]|$)"
    assert not re.search(arrow, plain), (text, out)
    assert "\n" not in out and "\r" not in out


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_is_inert_and_reads_as_itself(text: str) -> None:
    out = markdown_safe(text)
    assert_inert(text, out)
    assert shown(out) == one_line(text)


def test_literal_text_survives() -> None:
    """The reader sees exactly what was given, on one line."""
    assert shown(markdown_safe("__PAY_NOW__ www.evil.example :x:")) == (
        "__PAY_NOW__ www.evil.example :x:"
    )
    assert shown(markdown_safe("first\nsecond\tthird")) == "first second third"
    assert markdown_safe("Plain words 123") == "Plain words 123"  # nothing to escape
    assert markdown_safe("Not loaded: the file") == "Not loaded\\: the file"  # no joiner needed
    assert WORD_JOINER in markdown_safe("www.x.y") and WORD_JOINER in markdown_safe(":x:")


def test_one_line_takes_out_controls_and_reorderings() -> None:
    assert one_line("a\nb\r\nc\td\x1b[0m") == "a b c d [0m"
    assert one_line("abc\u202edcba") == "abcdcba"
    assert one_line("  spaced   out  ") == "spaced out"
    assert one_line("a\ud800b") == "a\ufffdb"
    assert one_line(12.5) == "12.5"
    assert one_line("") == ""


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert one_line("x" * 10, 10) == "x" * 10
    assert one_line("x" * 11, 10) == "x" * 9 + ELLIPSIS
    assert quote("y" * 900_000) == "“" + "y" * (QUOTE_CHARS - 1) + ELLIPSIS + "”"
    # whitespace that collapses still counts as text that was cut
    assert one_line(" " * 10_000 + "tail", 20) == ELLIPSIS
    with pytest.raises(ValueError):
        one_line("x", 0)


def test_a_900_kb_value_costs_next_to_nothing() -> None:
    value = "[click](https://evil.example) " * 30_000
    start = time.perf_counter()
    for _ in range(20):
        out = markdown_safe(value)
    assert (time.perf_counter() - start) / 20 < 0.005
    assert len(shown(out)) == MESSAGE_CHARS


# --- properties ---------------------------------------------------------------------------

FRAGMENTS = [v for v in HOSTILE.values() if len(v) < 30] + [
    "www.",
    "http://",
    "https://",
    ":",
    "@",
    "[",
    "](",
    "<",
    ">",
    "*",
    "_",
    "\\",
    "$",
    "&",
    "#",
    "-",
    "~",
    "`",
    "|",
    "!",
    "\n",
    " ",
    "\t",
    "x",
    "é",
    "😀",
]
any_unicode = st.text(st.characters(exclude_categories=()), max_size=300)
markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40).map(
    "".join
)


@PROPERTY
@given(st.one_of(any_unicode, markdownish), st.integers(1, 500))
def test_any_text_is_inert_bounded_and_reads_as_itself(text: str, max_chars: int) -> None:
    out = markdown_safe(text, max_chars)
    assert_inert(text, out)
    line = one_line(text, max_chars)
    assert shown(out) == line
    assert len(line) <= max_chars
    assert not any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in line)
    assert line == line.strip() and "  " not in line
    out.encode("utf-8")  # what Streamlit sends must encode


@PROPERTY
@given(any_unicode)
def test_one_line_is_idempotent_and_cuts_only_long_text(text: str) -> None:
    line = one_line(text, 50)
    assert one_line(line, 50) == line
    # (an invisible character shown as <U+XXXX> makes the line longer)
    if (
        len(" ".join(text.split())) <= 50
        and not re.search(r"[\x00-\x1f\x7f-\x9f]", text)
        and not INVISIBLE.search(text)
    ):
        assert not line.endswith(ELLIPSIS) or text.strip().endswith(ELLIPSIS)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("be\u200bauty", "be<U+200B>auty"),
        ("beauty\u200b", "beauty<U+200B>"),
        ("\ufeffbeauty", "<U+FEFF>beauty"),
        ("be\u200c\u200d\u2060auty", "be<U+200C><U+200D><U+2060>auty"),
        ("bea\u00aduty", "bea<U+00AD>uty"),
        ("be\U000e0041auty", "be<U+E0041>auty"),
        ("a\ufeff->\ufeffb", "a<U+FEFF>-><U+FEFF>b"),
        # between two other characters they are how the text is written: kept
        ("\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb"),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
    ],
)
def test_invisible_characters_that_could_disguise_text_are_shown(text: str, line: str) -> None:
    assert one_line(text) == line
    assert shown(markdown_safe(text)) == line


def test_an_unknown_niche_with_a_zero_width_space_does_not_read_as_a_valid_one() -> None:
    assert quote("be\u200bauty") == "“be<U+200B>auty”"
    assert quote("be\u200bauty") != quote("beauty")
