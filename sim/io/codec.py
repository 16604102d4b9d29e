"""Share links and scenario files: one scenario written into a URL or a JSON file, and read back.

A link is read leniently: whatever it holds, reading it gives a valid scenario, and every value it
dropped, clamped or replaced is said in plain words (``DecodedLink.notices``). A file is read
strictly: anything wrong refuses the whole file with one line that names the field. Both carry
the preset and model versions they were made with, so a link or a file keeps meaning the same
scenario after the app's defaults change.

Query keys are the ``Scenario`` field names plus ``v`` (preset version), ``model`` (model
version), ``paths`` and ``seed``; they are a public interface, like the field names themselves.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from sim.io import migrate
from sim.io.safe_text import MESSAGE_CHARS, QUOTE_CHARS, one_line, quote
from sim.model.presets import (
    PLATFORMS,
    PRESET_VERSION,
    V1_PRICE_SOURCES,
    available_versions,
    niches,
    preset_values,
)
from sim.model.scenario import DEFAULT_PRESET, ChangeKind, PlannedChange, Scenario, field_range
from sim.model.settings import MAX_PATHS, MAX_SEED, MIN_PATHS, RunSettings

VERSION_KEY = "v"
MODEL_KEY = "model"
PATHS_KEY = "paths"
SEED_KEY = "seed"
PRESET_KEYS = ("platform", "niche")
ALWAYS_KEYS = ("start_month",)
"""Fields every link carries even at their default: the calendar month changes the figures,
and the app proposes today's month."""

MAX_VALUE_CHARS = 200
"""Longer query values are ignored: no field needs more, and they cost time to read."""
MAX_CHARS_PER_CHANGE = 64
"""A timeline change is ``month:what:value``, at most about 50 characters."""
MAX_NOTICES = 8
"""More notices than this are collapsed into one last line that counts the rest."""
MAX_UPLOAD_BYTES = 1_000_000
"""Largest scenario file read, in bytes: what the browser lets through for
``server.maxUploadSize = 1`` in .streamlit/config.toml. Streamlit's uploader counts that
megabyte as 10**6 bytes (2**20 only on Windows), its server as 2**20; the smaller one holds."""
MAX_JSON_DEPTH = 10
"""Deepest nesting of lists and objects read from a file or a ``--set`` value. A scenario file
needs 4 (envelope, scenario, timeline, change); deeper input is refused before it is parsed."""
FILE_FORMAT = "creator-sim-scenario"
RESULTS_FORMAT = "creator-sim-results"

# ASCII digits only: Python's float() would also take "٣" or "1_000", which links never hold.
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_NOT_FINITE = {"nan", "inf", "infinity"}
_TRUE_TEXT = {"1", "true", "yes", "on"}
_FALSE_TEXT = {"0", "false", "no", "off"}
_CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
_ENVELOPE_KEYS = {"format", "preset_version", "model_version", "scenario", "run", "provenance"}
_MAX_INT_DIGITS = 100


def _model_version() -> int:
    # Imported late: ``sim/__init__`` owns the number, and may one day import this module.
    from sim.model import MODEL_VERSION

    return MODEL_VERSION


def _timeline_max_items() -> int:
    for meta in Scenario.model_fields["timeline"].metadata:
        max_length = getattr(meta, "max_length", None)
        if isinstance(max_length, int):
            return max_length
    raise RuntimeError("Scenario.timeline must declare max_length: links are sized from it")


MAX_TIMELINE_CHARS = _timeline_max_items() * MAX_CHARS_PER_CHANGE
"""The timeline is the one value allowed past ``MAX_VALUE_CHARS``: a full one needs ~1,200."""


# --- Writing ------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (``repr``, minus ``.0`` and ``+``).

    ``float(format_number(x))`` is bit-identical to ``x`` for every finite float; ints are
    written as ints.
    """
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    text = repr(float(value)).replace("e+", "e")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def _format_field(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, tuple):
        return ",".join(
            f"{change.month}:{change.what}:{format_number(change.value)}" for change in value
        )
    return str(value)


def _bits_differ(value: Any, default: Any) -> bool:
    """True when ``value`` would not read back bit-identical if left out of a link."""
    if isinstance(value, float) and isinstance(default, int | float):
        return float(value).hex() != float(default).hex()
    return False


def _changed_fields(scenario: Scenario) -> set[str]:
    changed = set(scenario.changed_from_preset())
    # changed_from_preset() treats floats within 1e-12 as equal; a link must be bit-exact.
    base = preset_values(*scenario.preset_key())
    for name in Scenario.model_fields:
        if name in base and _bits_differ(getattr(scenario, name), base[name]):
            changed.add(name)
    return changed


def encode_query(scenario: Scenario, settings: RunSettings) -> dict[str, str]:
    """Query parameters for a share link: versions, preset, run, and every changed field."""
    query = {
        VERSION_KEY: str(PRESET_VERSION),
        MODEL_KEY: str(_model_version()),
        "platform": scenario.platform,
        "niche": scenario.niche,
        PATHS_KEY: str(settings.paths),
        SEED_KEY: str(settings.seed),
    }
    changed = _changed_fields(scenario) | set(ALWAYS_KEYS)
    for name in Scenario.model_fields:
        if name in changed and name not in query:
            query[name] = _format_field(getattr(scenario, name))
    return query


def _app_version() -> str:
    try:
        return metadata.version("creator-sim")
    except metadata.PackageNotFoundError:
        return "unknown"


def scenario_to_json(
    scenario: Scenario,
    settings: RunSettings,
    *,
    extra_provenance: Mapping[str, Any] | None = None,
) -> str:
    """The scenario file: every field, the run settings, versions and provenance."""
    changed = _changed_fields(scenario)
    provenance: dict[str, Any] = {
        "app": "creator-sim",
        "app_version": _app_version(),
        "changed_from_preset": [name for name in Scenario.model_fields if name in changed],
    }
    provenance.update(extra_provenance or {})
    document = {
        "format": FILE_FORMAT,
        "preset_version": PRESET_VERSION,
        "model_version": _model_version(),
        "scenario": scenario.model_dump(mode="json"),
        "run": settings.model_dump(mode="json"),
        "provenance": provenance,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False, default=str) + "\n"


# --- Reading a link -------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedLink:
    """What a share link means: always a valid scenario, and what was fixed on the way."""

    scenario: Scenario
    settings: RunSettings
    notices: tuple[str, ...] = ()


def _words(value: float) -> str:
    """A number for a sentence: thousands separated, no needless digits."""
    return format(value, ",.10g")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _collect_values(params: Mapping[Any, Any], notes: list[str]) -> dict[str, str]:
    """One text value per key: the last of repeated keys; wrong types and long values dropped."""
    values: dict[str, str] = {}
    for key, raw in params.items():
        if not isinstance(key, str):
            notes.append(f"Ignored a setting whose name is not text ({quote(repr(key))}).")
            continue
        name = key.strip()
        if isinstance(raw, list | tuple):
            if not raw:
                notes.append(f"{quote(name)} had no value in the link; it was ignored.")
                continue
            if len(raw) > 1:
                notes.append(
                    f"{quote(name)} appears {len(raw)} times in the link; the last one was used."
                )
            raw = raw[-1]
        if not isinstance(raw, str):
            notes.append(f"{quote(name)} is not text in the link; it was ignored.")
            continue
        limit = MAX_TIMELINE_CHARS if name == "timeline" else MAX_VALUE_CHARS
        if len(raw) > limit:
            notes.append(
                f"{quote(name)} is too long ({_words(len(raw))} characters; "
                f"the limit is {_words(limit)}); it was ignored."
            )
            continue
        if name in values:
            notes.append(f"{quote(name)} appears more than once; the last one was used.")
        values[name] = raw.strip()
    return values


def _read_int(text: str) -> int | None:
    """A whole number, also written as ``12.0`` or ``1e3``; None when it is not one."""
    if _INT_TEXT.fullmatch(text) and len(text) <= _MAX_INT_DIGITS:
        return int(text)
    if _FLOAT_TEXT.fullmatch(text):
        number = float(text)
        if math.isfinite(number) and number.is_integer():
            return int(number)
    return None


def _read_version(values: dict[str, str], key: str, notes: list[str]) -> int | None:
    text = values.pop(key, None)
    if text is None:
        return None
    number = _read_int(text)
    if number is None or number < 0:
        label = "preset version" if key == VERSION_KEY else "model version"
        notes.append(f"The link's {label} {quote(text)} is not a whole number; it was ignored.")
        return None
    return number


def _link_versions(
    values: dict[str, str], notes: list[str], missing: list[str]
) -> tuple[int, int | None, int | None]:
    """The preset version to read the link with (as ``migrate.effective_version`` reads it),
    the model version it names, and where in ``notes`` the one notice of an older plan goes
    (None when the link is current): it names the plan's goal, known once the link is read."""
    current = PRESET_VERSION
    version = _read_version(values, VERSION_KEY, notes)
    model = _read_version(values, MODEL_KEY, notes)
    migrated_at: int | None = None
    if version is None:
        missing.append("version")
        version = current
    elif version > current:
        notes.append(
            f"This link was made by a newer version of the app (preset version {version}); "
            f"this app knows versions up to {current}, so its current defaults were used and "
            "some values may differ from what the sender saw."
        )
        version = current
    elif version not in available_versions():
        notes.append(
            f"This link names preset version {version}, which this app does not have; "
            f"its current defaults (version {current}) were used."
        )
        version = current
    else:
        version = migrate.effective_version(version, model)
        if version < current:
            migrated_at = len(notes)

    running = _model_version()
    if model is None:
        if "version" not in missing:
            missing.append("model version")
    elif model < running and version < current:
        pass  # said once, with the preset version
    elif model > running:
        notes.append(
            f"This link was made with a newer model (model version {model}); this app runs "
            f"model version {running}, so results may differ from what the sender saw."
        )
    elif model < running:
        notes.append(
            f"This link was made with model version {model}; this app runs model version "
            f"{running}, so results may differ from what the sender saw."
        )
    return version, model, migrated_at


def _link_preset(
    values: dict[str, str], version: int, notes: list[str], missing: list[str]
) -> tuple[str, str]:
    # A niche must exist in the link's preset data and in the schema (the current data).
    allowed = (set(PLATFORMS), set(niches(version)) & set(niches()))
    labels = (PLATFORMS[DEFAULT_PRESET[0]], niches()[DEFAULT_PRESET[1]])
    chosen: list[str] = []
    for name, default, label, known in zip(
        PRESET_KEYS, DEFAULT_PRESET, labels, allowed, strict=True
    ):
        text = values.pop(name, None)
        if text is None:
            missing.append(name.replace("_", " "))
            chosen.append(default)
        elif text in known:
            chosen.append(text)
        else:
            notes.append(
                f"Unknown {name.replace('_', ' ')} {quote(text)}; the default ({label}) was used."
            )
            chosen.append(default)
    return chosen[0], chosen[1]


def _clamp(name: str, text: str, number: float, lo: float, hi: float, notes: list[str]) -> float:
    if number < lo:
        notes.append(
            f"{name} = {quote(text)} is below the smallest allowed value; {_words(lo)} was used."
        )
        return lo
    if number > hi:
        notes.append(
            f"{name} = {quote(text)} is above the largest allowed value; {_words(hi)} was used."
        )
        return hi
    return number


def _read_number(
    name: str, text: str, *, integer: bool, lo: float, hi: float, notes: list[str]
) -> float | int | None:
    """A number from a link, clamped into [lo, hi]; None (and a notice) when there is none."""
    if text.lower().lstrip("+-") in _NOT_FINITE:
        notes.append(f"{name} = {quote(text)} is not a finite number; the default was kept.")
        return None
    if not _FLOAT_TEXT.fullmatch(text):
        notes.append(f"{name} = {quote(text)} is not a number; the default was kept.")
        return None
    if integer:
        whole = _read_int(text)
        if whole is None:
            number = float(text)
            if math.isfinite(number):
                notes.append(f"{name} = {quote(text)} is not a whole number; the default was kept.")
                return None
            # Too large to hold: clamped like any other number out of range.
            return int(_clamp(name, text, number, lo, hi, notes))
        # Python compares int with float exactly, so huge whole numbers clamp correctly.
        return int(_clamp(name, text, whole, lo, hi, notes))
    # Overflow to +-inf is a number out of range, clamped like the rest.
    return _clamp(name, text, float(text), lo, hi, notes)


def _read_bool(name: str, text: str, notes: list[str]) -> bool | None:
    lowered = text.lower()
    if lowered in _TRUE_TEXT:
        return True
    if lowered in _FALSE_TEXT:
        return False
    notes.append(f"{name} = {quote(text)} should be 1 (on) or 0 (off); the default was kept.")
    return None


def error_reason(error: ErrorDetails) -> str:
    """One problem of a ``ValidationError`` as one bounded line, without pydantic's
    "Value error, " prefix. A validator that echoes a long input has it shortened."""
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if isinstance(given, str) and len(given) > QUOTE_CHARS:
        for echoed in (repr(given), given):
            message = message.replace(echoed, quote(given))
    return one_line(message, MESSAGE_CHARS)


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]')


def json_too_deep(text: str, max_depth: int = MAX_JSON_DEPTH) -> tuple[str | int, ...] | None:
    """Where ``text`` first nests lists and objects deeper than ``max_depth``: the keys and
    indices leading there (maybe empty), or None when it does not.

    A scan of the tokens, not a parse, so it costs one pass whatever the depth: Python's
    parser recurses once per level and fails on deep input with a RecursionError.
    """
    if text.count("[") + text.count("{") <= max_depth:
        return None
    # One frame per open container: [is_object, key or index, expecting a key]
    stack: list[list[Any]] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            if len(stack) >= max_depth:
                return tuple(frame[1] for frame in stack if frame[1] is not None)
            stack.append([token == "{", None if token == "{" else 0, token == "{"])
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif not stack:
            continue
        elif token == ",":
            frame = stack[-1]
            if frame[0]:
                frame[2] = True
            else:
                frame[1] += 1
        elif token == ":":
            stack[-1][2] = False
        elif stack[-1][0] and stack[-1][2]:
            try:
                stack[-1][1] = str(json.loads(token))
            except ValueError:
                stack[-1][1] = token[1:-1]
    return None


def _read_timeline(text: str, notes: list[str]) -> tuple[PlannedChange, ...]:
    if not text:
        return ()
    items = [item.strip() for item in text.split(",")]
    max_items = _timeline_max_items()
    if len(items) > max_items:
        notes.append(
            f"The timeline has {len(items)} changes; only the first {max_items} were kept."
        )
        items = items[:max_items]
    changes: list[PlannedChange] = []
    for index, item in enumerate(items, start=1):
        if not item:
            continue
        parts = [part.strip() for part in item.split(":")]
        where = f"Timeline change {index} ({quote(item)})"
        if len(parts) != 3:
            notes.append(f"{where} is not in the form month:what:value; it was dropped.")
            continue
        month_text, what, value_text = parts
        month = _read_int(month_text)
        if month is None:
            notes.append(f"{where} has no whole month number; it was dropped.")
            continue
        if what not in _CHANGE_KINDS:
            notes.append(f"{where} changes something this app does not know; it was dropped.")
            continue
        value = float(value_text) if _FLOAT_TEXT.fullmatch(value_text) else math.nan
        if not math.isfinite(value):
            notes.append(f"{where} has no finite number as its value; it was dropped.")
            continue
        try:
            changes.append(
                PlannedChange.model_validate({"month": month, "what": what, "value": value})
            )
        except ValidationError as error:
            reason = error_reason(error.errors(include_url=False)[0])
            loc = error.errors(include_url=False)[0]["loc"]
            if loc:
                reason = f"{loc[0]}: {reason}"
            notes.append(f"{where} was dropped ({reason}).")
    return tuple(changes)


def _read_field(name: str, text: str, notes: list[str]) -> tuple[bool, Any]:
    """(True, value) when the link's text gives a usable value for a schema field."""
    annotation = Scenario.model_fields[name].annotation
    if name == "timeline":
        return True, _read_timeline(text, notes)
    if annotation is bool:
        flag = _read_bool(name, text, notes)
        return flag is not None, flag
    if annotation in (int, float):
        lo, hi = field_range(name)
        number = _read_number(name, text, integer=annotation is int, lo=lo, hi=hi, notes=notes)
        if number is None:
            return False, None
        return True, int(number) if annotation is int else float(number)
    # Any other text field: let the schema judge it.
    return True, text


def _fields_named(message: str) -> list[str]:
    return [n for n in Scenario.model_fields if re.search(rf"\b{re.escape(n)}\b", message)]


def _build_scenario(
    data: dict[str, Any],
    overrides: set[str],
    sources: list[dict[str, Any]],
    notes: list[str],
) -> Scenario:
    """Validate; on failure put the failing fields back to their preset values and retry.

    ``sources`` are the places a failing field's value is taken from, in turn: the link's own
    preset, the same preset at the current version, then the schema defaults.
    """
    level: dict[str, int] = {}
    for _ in range(2 * len(sources) + 2):
        try:
            return Scenario.model_validate(data)
        except ValidationError as error:
            problems = error.errors(include_url=False)
        for problem in problems:
            loc = problem["loc"]
            reason = error_reason(problem)
            if loc and loc[0] in Scenario.model_fields:
                names = [str(loc[0])]
            else:
                names = _fields_named(reason) or sorted(overrides)
            if not names:
                continue
            for name in names:
                step = level.get(name, 0)
                level[name] = step + 1
                source = sources[min(step, len(sources) - 1)]
                data[name] = source.get(name, Scenario.model_fields[name].default)
            shown = _join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            if len(names) > 1:
                notes.append(
                    f"The link's values for {shown} do not fit together ({reason}); "
                    "the preset values were used."
                )
            else:
                notes.append(
                    f"The link's value for {shown} could not be used ({reason}); "
                    "the preset value was used."
                )
    notes.append("The link's scenario could not be used; the default scenario is shown.")
    return Scenario()


def _limit_notices(notes: list[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(notes))
    if len(unique) <= MAX_NOTICES:
        return tuple(unique)
    rest = len(unique) - (MAX_NOTICES - 1)
    return (*unique[: MAX_NOTICES - 1], f"…and {rest} more problems with the link.")


def _decode_query(params: Mapping[Any, Any]) -> DecodedLink:
    notes: list[str] = []
    values = _collect_values(params, notes)
    if not values and not notes:
        return DecodedLink(Scenario(), RunSettings())

    missing: list[str] = []
    version, model, migrated_at = _link_versions(values, notes, missing)
    preset_key = _link_preset(values, version, notes, missing)
    if missing:
        notes.append(f"The link did not give its {_join(missing)}; the current defaults were used.")

    run: dict[str, int] = {}
    for key, lo, hi in ((PATHS_KEY, MIN_PATHS, MAX_PATHS), (SEED_KEY, 0, MAX_SEED)):
        text = values.pop(key, None)
        if text is not None:
            number = _read_number(key, text, integer=True, lo=lo, hi=hi, notes=notes)
            if number is not None:
                run[key] = int(number)

    # An older plan: its own inputs (the link's keys) on its plan's defaults as the sender saw
    # them, everything else from the current presets (sim.io.migrate).
    older = version < PRESET_VERSION
    v1 = version == migrate.V1
    price_source = values.pop("price_source", None) if v1 else None
    if v1 and price_source is not None and price_source not in V1_PRICE_SOURCES:
        price_source = None
    base = preset_values(*preset_key)
    if older:
        base, _ = migrate.from_old(version, *preset_key, price_source, {})
    data: dict[str, Any] = dict(base)
    overrides: set[str] = set()
    unknown: list[str] = []
    retired: list[str] = []
    old_fields = set(migrate.old_defaults(version, *preset_key, price_source)) if older else set()
    for key, text in values.items():
        if key not in Scenario.model_fields:
            (retired if key in old_fields else unknown).append(key)
            continue
        ok, value = _read_field(key, text, notes)
        if ok:
            data[key] = value
            overrides.add(key)
    if unknown:
        shown = ", ".join(quote(k) for k in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        notes.append(f"The link had settings this app does not know, ignored: {shown}{more}.")
    if retired:
        notes.append(migrate.dropped_notice(retired, "link"))

    sources = [base, preset_values(*preset_key), preset_values(*DEFAULT_PRESET)]
    scenario = _build_scenario(data, overrides, sources, notes)
    if migrated_at is not None:
        said = migrate.notice(version, model, scenario.goal)
        if said:
            notes.insert(migrated_at, said)
    return DecodedLink(scenario, RunSettings(**run), _limit_notices(notes))


def dropped_link_notice(fields: int, chars: int, max_fields: int, max_chars: int) -> str:
    """The notice for a link too large to be read at all (Streamlit drops the whole query)."""
    return (
        f"The link was too large to read ({_words(fields)} settings, {_words(chars)} "
        f"characters; at most {_words(max_fields)} settings and {_words(max_chars)} "
        "characters); the default scenario is shown."
    )


def decode_query(params: Mapping[str, str | list[str]]) -> DecodedLink:
    """The scenario a share link means. Never raises: anything bad is fixed and said."""
    try:
        return _decode_query(params)
    except Exception:
        return DecodedLink(
            Scenario(),
            RunSettings(),
            ("The link could not be read; the default scenario is shown.",),
        )


# --- Reading a file -------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedUpload:
    """A scenario file read strictly: a scenario and settings, or one line saying what is wrong.

    ``notices`` says what the reader should know about a good file (e.g. an older model version).
    """

    scenario: Scenario | None = None
    settings: RunSettings | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()
    made_with_model: int | None = None
    old_summary: dict[str, float] | None = None
    """The summary a results export carried, to compare with the re-run."""


class _UploadError(Exception):
    """One-line reason a file is refused."""


class _UploadFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    format: str  # checked before validation, for a clearer message
    preset_version: int = Field(ge=1)
    model_version: int = Field(ge=1)
    scenario: dict[str, Any]
    run: RunSettings = Field(default_factory=RunSettings)
    provenance: dict[str, Any] = Field(default_factory=dict)


def _reject_constant(name: str) -> Any:
    raise _UploadError(f"The file holds {name}, which is not a number a scenario can use.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _UploadError(f"The file holds the number {text[:40]}, which is too large.")
    return value


def _bounded_int(text: str) -> int:
    if len(text) > _MAX_INT_DIGITS:
        raise _UploadError(f"The file holds a whole number with {len(text)} digits; too large.")
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _UploadError(f"The field {quote(key)} appears twice in the file.")
        out[key] = value
    return out


def _loc_text(prefix: tuple[str, ...], loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in (*prefix, *loc):
        text = str(part)
        known = (
            text in Scenario.model_fields
            or text in RunSettings.model_fields
            or text in _ENVELOPE_KEYS
            or text.isdigit()
        )
        parts.append(text if known else quote(text))
    return ".".join(parts)


def _describe(error: ValidationError, prefix: tuple[str, ...]) -> str:
    problems = error.errors(include_url=False)
    first = problems[0]
    kind = first["type"]
    if kind == "extra_forbidden":
        reason = "unknown field (not part of a scenario file)"
    elif kind == "missing":
        reason = "required field is missing"
    else:
        reason = error_reason(first)
        given = first.get("input")
        if isinstance(given, str):
            if quote(given) not in reason:
                reason += f" (got {quote(given)})"
        elif given is None or isinstance(given, int | float | bool):
            reason += f" (got {one_line(repr(given), QUOTE_CHARS)})"
    # A problem across fields (e.g. two shares adding up past 1) has no field of its own.
    where = _loc_text(prefix, tuple(first["loc"])) or "scenario"
    line = f"{where}: {reason}"
    if len(problems) > 1:
        more = len(problems) - 1
        line += f" (and {more} more problem{'s' if more > 1 else ''})"
    return one_line(line, MESSAGE_CHARS)


TOO_DEEP = (
    f"nested too deeply (more than {MAX_JSON_DEPTH} levels of lists and objects; "
    "a scenario file needs 4)"
)
"""Why input nested deeper than ``MAX_JSON_DEPTH`` is refused (after the field's name)."""


def _parse_json(data: bytes) -> Any:
    if len(data) > MAX_UPLOAD_BYTES:
        raise _UploadError(
            f"The file is {len(data):,} bytes; scenario files are at most "
            f"{MAX_UPLOAD_BYTES:,} bytes."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _UploadError(
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02x} at position "
            f"{error.start}); export the scenario from the app again."
        ) from None
    if not text.strip():
        raise _UploadError("The file is empty.")
    path = json_too_deep(text)
    if path is not None:
        if path and isinstance(path[0], str):
            shown = _loc_text((), path[:3]) + (".…" if len(path) > 3 else "")
            raise _UploadError(f"{shown}: {TOO_DEEP}.")
        raise _UploadError(f"The file is {TOO_DEEP}.")
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise _UploadError(
            f"The file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise _UploadError("The file is nested too deeply to be a scenario file.") from None


def _strict_scenario(
    fields: dict[str, Any],
    version: int,
    prefix: tuple[str, ...],
    changed: list[str] | None = None,
) -> tuple[Scenario, list[str]]:
    """The fields given, on top of the preset they name (as ``Scenario.from_partial``), strictly;
    and, for a version-1 file, the names of fields the current model no longer has.

    ``from_partial`` validates leniently ("1000" would pass as 1000); a file must hold the right
    JSON types, so the merged fields are validated as JSON in strict mode. A file of an older
    preset version keeps its plan inputs and the values the sender set, read from it through
    ``sim.io.migrate``: a version-1 file, those its provenance names (``changed``) or, without
    one, those that differ from version 1's defaults; a version-2 file, those that differ from
    version 2's defaults and those its provenance names. A version-2 file is first read as it
    is, so that it is refused for exactly what a current file would be.
    """
    key = [
        fields.get(name, default) for name, default in zip(PRESET_KEYS, DEFAULT_PRESET, strict=True)
    ]
    dropped: list[str] = []
    older = version < PRESET_VERSION
    try:
        base = preset_values(str(key[0]), str(key[1]))
    except KeyError:
        base = preset_values(*DEFAULT_PRESET)  # validation names the bad field
        older = False
    if older and version != migrate.V1:
        _validate_strictly({**base, **fields}, prefix)
    given_source = fields.get("price_source") if version == migrate.V1 else None
    source = None if given_source is None else str(given_source)
    old: dict[str, Any] = {}
    if older:
        try:
            old = migrate.old_defaults(version, str(key[0]), str(key[1]), source)
        except KeyError:
            older = False  # a niche its version did not have: read as it is, and judged so
    if older:
        names = migrate.changed_from(fields, old)
        if changed is not None:
            names = set(changed) if version == migrate.V1 else names | set(changed)
        explicit = {k: v for k, v in fields.items() if k in names and k not in PRESET_KEYS}
        base, dropped = migrate.from_old(version, str(key[0]), str(key[1]), source, explicit)
        fields = {k: v for k, v in fields.items() if k in PRESET_KEYS}
    return _validate_strictly({**base, **fields}, prefix), dropped


def _validate_strictly(merged: dict[str, Any], prefix: tuple[str, ...]) -> Scenario:
    try:
        text = json.dumps(merged, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        raise _UploadError("The file's scenario could not be read.") from None
    try:
        return Scenario.model_validate_json(text, strict=True)
    except ValidationError as error:
        raise _UploadError(_describe(error, prefix)) from None


def _numbers_text(numbers: list[int]) -> str:
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} to {numbers[-1]}"
    return _join([str(n) for n in numbers])


def versions_read() -> str:
    """The versions this app reads, in words: "preset version 1 and model version 1"."""
    presets = list(available_versions())
    models = list(range(1, _model_version() + 1))
    return (
        f"preset version{'s' if len(presets) > 1 else ''} {_numbers_text(presets)} and "
        f"model version{'s' if len(models) > 1 else ''} {_numbers_text(models)}"
    )


def _check_versions(preset_version: Any, model_version: Any) -> None:
    """Refuse a file made for versions this app does not read, saying which it is and which
    this app reads. Versions missing or of the wrong type are left to the envelope's schema."""
    given = {"preset version": preset_version, "model version": model_version}
    whole = {k: v for k, v in given.items() if isinstance(v, int) and not isinstance(v, bool)}
    fits = {
        "preset version": whole.get("preset version", PRESET_VERSION) in available_versions(),
        "model version": 1 <= whole.get("model version", 1) <= _model_version(),
    }
    if all(fits.values()):
        return
    made = ", ".join(f"{k} {one_line(str(v), QUOTE_CHARS)}" for k, v in whole.items())
    newer = (
        whole.get("preset version", 0) > max(available_versions())
        or whole.get("model version", 0) > _model_version()
    )
    if newer:
        lead = f"The file was made by a newer version of the app ({made})"
    else:
        lead = f"The file was made for a version this app does not read ({made})"
    raise _UploadError(f"{lead}; this app reads {versions_read()}.")


def _read_envelope(
    document: dict[str, Any], old_summary: dict[str, float] | None = None
) -> DecodedUpload:
    given = document.get("format")
    if given != FILE_FORMAT:
        shown = "has no “format” field" if given is None else f"has format {quote(str(given))}"
        raise _UploadError(
            f"This is not a creator-sim scenario file: it {shown} (expected “{FILE_FORMAT}”)."
        )
    _check_versions(document.get("preset_version"), document.get("model_version"))
    try:
        envelope = _UploadFile.model_validate(document, strict=True)
    except ValidationError as error:
        raise _UploadError(_describe(error, ())) from None

    notices: list[str] = []
    version = migrate.effective_version(envelope.preset_version, envelope.model_version)
    changed = envelope.provenance.get("changed_from_preset")
    if not (isinstance(changed, list) and all(isinstance(c, str) for c in changed)):
        changed = None
    scenario, dropped = _strict_scenario(envelope.scenario, version, ("scenario",), changed)
    said = migrate.notice(version, envelope.model_version, scenario.goal)
    if said:
        notices.append(said)
    if dropped:
        notices.append(migrate.dropped_notice(dropped, "file"))
    return DecodedUpload(
        scenario=scenario,
        settings=envelope.run,
        notices=tuple(notices),
        made_with_model=envelope.model_version,
        old_summary=old_summary,
    )


def _results_envelope(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """A results export (``creator-sim-results``) as a scenario envelope, and the figures it
    carried, so that a re-run can say how far they moved."""
    provenance = document.get("provenance")
    summary = document.get("summary")
    if not isinstance(provenance, dict) or not isinstance(provenance.get("scenario"), dict):
        raise _UploadError("This results file has no scenario in its provenance.")
    run = {k: provenance[k] for k in ("paths", "seed") if k in provenance}
    envelope = {
        "format": FILE_FORMAT,
        "preset_version": provenance.get("preset_version"),
        "model_version": provenance.get("model_version"),
        "scenario": provenance["scenario"],
        "run": run,
    }
    figures = {}
    if isinstance(summary, dict):
        for name, value in summary.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                figures[str(name)[:60]] = float(value)
    return envelope, figures


def _decode_upload(data: bytes) -> DecodedUpload:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise _UploadError("Expected the file's bytes.")
    document = _parse_json(bytes(data))
    if not isinstance(document, dict):
        kind = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
            type(document), "a number"
        )
        raise _UploadError(f"The file must hold one JSON object ({{...}}), not {kind}.")
    if document.get("format") == RESULTS_FORMAT:
        envelope, figures = _results_envelope(document)
        return _read_envelope(envelope, figures)
    if _ENVELOPE_KEYS & set(document):
        return _read_envelope(document)
    # A bare scenario: just the fields, on top of the preset they name.
    scenario, _ = _strict_scenario(document, PRESET_VERSION, ())
    return DecodedUpload(scenario=scenario, settings=RunSettings())


def decode_upload(data: bytes) -> DecodedUpload:
    """Read a scenario file strictly. Never raises: a bad file gives ``error``, one line.

    Accepts the app's export (see ``scenario_to_json``) or a bare object of scenario fields,
    which is put on top of the preset it names. This is the only reader of scenario files:
    the app's upload and the command line's ``--scenario FILE.json`` both use it.
    """
    try:
        return _decode_upload(data)
    except _UploadError as error:
        return DecodedUpload(error=str(error))
    except Exception:
        return DecodedUpload(error="The file could not be read as a scenario file.")
