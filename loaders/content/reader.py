"""One way to read content files (YAML and CSV under datasets/, or a file a setting points at).

No Streamlit here. `load_content(path, schema)` reads the file, hands the parsed document to the
schema, and caches what the schema returns on (path, modification time, size, inode): an edited
file is read again on the next call, so a content change shows on the next rerun without a
restart, and an unchanged file costs one `stat`.

A schema is a function `(document, file_name) -> typed value` that raises `ContentError` naming
the entry and field it rejects; the document is what YAML's safe loader gives for `.yaml`/`.yml`
(libyaml's CSafeLoader, about ten times faster than the pure-Python one and just as safe),
and a tuple of row dicts (header -> text) for `.csv` (UTF-8 with or without BOM, else GBK/GB18030,
what Excel writes on Chinese Windows). A file that cannot be read is a `ContentError` too, with a
`cause` of "missing", "unreadable", "encoding" or "syntax".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

T = TypeVar("T")
Built = TypeVar("Built")
Schema = Callable[[Any, str], T]
ENCODINGS = ("utf-8-sig", "gb18030")
YAML_SUFFIXES = (".yaml", ".yml")
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # PyYAML's wheels ship libyaml


class ContentError(ValueError):
    """A content file breaks its schema or cannot be read; one line naming file, entry and field."""

    def __init__(
        self, file: str, entry: str | None = None, field: str | None = None, reason: str = "", *, cause: str | None = None, detail: str = ""
    ):
        self.file, self.entry, self.field, self.reason = file, entry, field, reason
        self.cause, self.detail = cause, detail  # why a file could not be read at all, and the system's word for it
        parts = [file] + ([entry] if entry else []) + ([f"field {field}"] if field else []) + ([reason] if reason else [])
        super().__init__(" ".join(": ".join(parts).split()))  # one line, whatever the reason holds


def stamp(path: Path) -> tuple[int, int, int]:
    """What tells an edited file from the one last read: (mtime_ns, size, inode); (-1, -1, -1) when missing."""
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1, -1)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def stamps(paths: Iterable[Path]) -> tuple[tuple[str, tuple[int, int, int]], ...]:
    """Stamps of several files, as one cache key for a value built from all of them."""
    return tuple((str(path), stamp(path)) for path in paths)


@lru_cache(maxsize=64)
def _listing(folder: str, pattern: str, folder_stamp: tuple[int, int, int]) -> tuple[Path, ...]:
    return tuple(sorted(Path(folder).glob(pattern)))


def files_in(folder: Path, pattern: str) -> tuple[Path, ...]:
    """The folder's files matching `pattern`, sorted; listed again only when the folder changes
    (a file added, removed or renamed changes the folder's own modification time)."""
    return _listing(str(folder), pattern, stamp(folder))


def _decode(data: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ContentError(name, reason="neither UTF-8 nor GBK text; save it as UTF-8", cause="encoding", detail="neither UTF-8 nor GBK text")


# Under this key a CSV row the csv module cannot split (a cell over its field-size limit) says why;
# its cells are empty. A schema that reads rows one by one hides that row; `columns()` refuses it.
UNREADABLE_ROW = "\x00unreadable row"


def csv_rows(text: str, name: str = "") -> tuple[dict[str, Any], ...]:
    """Rows as csv.DictReader gives them (extra cells under None, missing ones None), except that a
    row the csv module cannot split is kept as a row with UNREADABLE_ROW, so the rows after it and
    the numbering of every row stay as they are."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return ()
    except csv.Error as error:
        raise ContentError(name, None, "header", f"cannot be read ({error})", cause="syntax", detail=str(error)) from None
    rows: list[dict[str, Any]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the reader goes on with the next line
            rows.append({**dict.fromkeys(header, ""), UNREADABLE_ROW: str(error)})
            continue
        row: dict[str, Any] = dict(zip(header, cells, strict=False))
        row.update(dict.fromkeys(header[len(cells) :]))
        if len(cells) > len(header):
            row[None] = cells[len(header) :]  # type: ignore[index]  # csv.DictReader's restkey
        rows.append(row)
    return tuple(rows)


def read_document(path: Path, name: str | None = None) -> Any:
    """The file parsed by its suffix (YAML document, or CSV rows as dicts); ContentError when it cannot be."""
    name = name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        cause = "missing" if isinstance(error, FileNotFoundError) else "unreadable"
        detail = error.strerror or type(error).__name__
        raise ContentError(name, reason=f"cannot read the file ({detail})", cause=cause, detail=detail) from None
    text = _decode(data, name)
    if path.suffix.lower() == ".csv":
        return csv_rows(text, name)
    if path.suffix.lower() in YAML_SUFFIXES:
        try:
            return yaml.load(text, Loader=YAML_LOADER)  # a safe loader: no object tags
        # a date that does not exist (2026-02-30) is a ValueError, nesting thousands deep a RecursionError
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
            detail = _first_line(error)
            raise ContentError(name, reason=f"not valid YAML ({detail})", cause="syntax", detail=detail) from None
    raise ContentError(name, reason=f"no reader for {path.suffix or 'files without a suffix'}; expected .yaml or .csv", cause="unreadable")


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


@lru_cache(maxsize=256)
def _cached(path: str, file_stamp: tuple[int, int, int], schema: Schema[T], name: str | None) -> T:
    source = Path(path)
    document = read_document(source, name)
    try:
        return schema(document, name or source.name)
    except ContentError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, RecursionError) as error:
        # a value of a type the schema did not expect (a list where text belongs, a mapping 5,000 deep)
        reason = f"a value of an unexpected type or shape ({type(error).__name__}: {_first_line(error)})"
        raise ContentError(name or source.name, reason=reason, cause="syntax", detail=_first_line(error)) from None


def load_content(path: Path, schema: Schema[T], name: str | None = None) -> T:
    """The file checked and typed by `schema`, cached until the file changes. `name` is how messages
    call the file (default its name)."""
    return cast(T, _cached(str(path), stamp(path), schema, name))  # lru_cache's wrapper forgets the schema's return type


_derived: dict[Callable[[Any], Any], tuple[Any, Any]] = {}


def derive(source: T, build: Callable[[T], Built]) -> Built:
    """`build(source)`, computed again only when `source` is another object than last time: a value
    made from loaded content (an index, typed objects) follows the content when its file changes.
    `build` is the cache key: pass a module-level function, never a lambda made on each call."""
    last = _derived.get(build)
    if last is None or last[0] is not source:
        last = _derived[build] = (source, build(source))
    return cast(Built, last[1])  # stored under `build`, so it is what `build` returned


# --- small helpers for schemas -----------------------------------------------------------------


def mapping(document: Any, file: str, entry: str | None = None, field: str | None = None) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise ContentError(file, entry, field, "expected a mapping (key: value)")
    return document


def items(document: Any, key: str, file: str) -> list[Any]:
    """The list under `key` at the top of a YAML document."""
    values = mapping(document, file).get(key)
    if not isinstance(values, list):
        raise ContentError(file, None, key, "expected a list")
    return values


def columns(rows: tuple[dict[str, str], ...], required: Iterable[str], file: str) -> tuple[dict[str, str], ...]:
    """CSV rows, after checking the header holds every required column."""
    broken = next((index for index, row in enumerate(rows, start=2) if UNREADABLE_ROW in row), None)
    if broken is not None:
        raise ContentError(file, f"row {broken}", None, f"cannot be read ({rows[broken - 2][UNREADABLE_ROW]})")
    present = set(rows[0]) if rows else set()
    missing = [column for column in required if column not in present]
    if missing:
        raise ContentError(file, "header", ", ".join(missing), "missing column(s)")
    return rows
