"""The training schedule as files: datasets/training/sessions.csv and series.yaml, read and checked.
No Streamlit here. dashboard.training re-exports what the rest of the app uses.

The file is edited by trainers, often in Excel, so reading it tolerates what Excel does: a file
saved as GBK/GB18030 (Excel's "CSV" on Chinese Windows) as well as UTF-8 with or without BOM, rows
of empty cells (skipped: they are not sessions), TRUE/FALSE in capitals, and dates written
2026/12/9 15:00. A row that breaks a rule hides that session only: `read_schedule()` returns the
good sessions and one `Problem` per broken rule (line, column, reason code, value) for the trainer,
in the page's language; every other session and every other deck keeps working.
A series.yaml entry needs an id; its description is optional, a missing name shows the id.

Settings: DASHBOARD_TRAINING_DIR (default datasets/training) is the folder holding sessions.csv
and series.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dashboard import i18n, registry
from loaders import settings
from loaders.content.reader import UNREADABLE_ROW, ContentError, load_content
from loaders.read.parsing import yes_no

TRAINING_DIR = settings.TRAINING_DIR.default_value()
TRAINING_DIR_ENV = settings.TRAINING_DIR.name
SESSIONS_FILE, SERIES_FILE = "sessions.csv", "series.yaml"
SESSIONS_PATH = TRAINING_DIR / SESSIONS_FILE
SERIES_PATH = TRAINING_DIR / SERIES_FILE
NAMES_FILE = "names.yaml"
NAMES_PATH = TRAINING_DIR / NAMES_FILE

TZ = ZoneInfo("Asia/Shanghai")
STATUSES = ("scheduled", "done", "cancelled")
COLUMNS = (
    "session_id", "series", "title_zh_hans", "title_en", "title_zh_hant", "start_local", "duration_minutes", "presenter", "platform",
    "live_url", "replay_url", "registration_url", "measures", "slides", "status", "is_demo",
)  # fmt: skip
OPTIONAL_COLUMNS = ("description_zh_hans", "description_en", "description_zh_hant")  # limited Markdown, may be absent
MEASURE_NUMBERS = range(1, 16)
START_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S")
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
# A livestream lasts at most a day; sessions start between these years (a year 9999 is a typo).
MAX_DURATION_MINUTES = 24 * 60
START_YEARS = range(2000, 2101)


@dataclass(frozen=True)
class Series:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    default_platform: str


@dataclass(frozen=True)
class Session:
    session_id: str
    series: str
    title: dict[str, str]  # zh_hans / en / zh_hant
    start: dt.datetime  # timezone-aware, Asia/Shanghai
    duration_minutes: int
    presenter: str
    platform: str
    live_url: str | None
    replay_url: str | None
    registration_url: str | None
    measures: tuple[int, ...]
    slides: tuple[str, ...]  # indicator ids
    status: str
    is_demo: bool
    description: dict[str, str] = field(default_factory=dict)  # per language, limited Markdown; may be empty

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Problem:
    """One broken rule: `reason` is a key under errors.schedule.reason in the i18n files."""

    line: int | None  # the file's line (1 = header); None for the whole file
    column: str
    reason: str
    value: str = ""
    session_id: str = ""  # the row's session_id as written, so a deck can say why it is missing
    english: str = ""  # the same in English, for logs and ScheduleError
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.english


class ScheduleError(ValueError):
    """The schedule file has rows that break its rules; `problems` lists every one (row, column, reason)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("training schedule is invalid:\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class Schedule:
    sessions: tuple[Session, ...]  # the good rows, sorted by start
    problems: tuple[Problem, ...]  # every broken rule; a session with one is not in `sessions`
    path: str  # the file, for messages
    rows_read: int = 0  # rows with any content; always len(sessions) + hidden

    def problems_of(self, session_id: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.session_id == session_id)

    @property
    def hidden(self) -> int:
        """How many rows (sessions) the problems hide."""
        return len({p.line for p in self.problems if p.line is not None})

    @property
    def file_problems(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.line is None)

    @property
    def unreadable(self) -> Problem | None:
        """Why the file could not be read at all (missing, not text), or None."""
        return next((p for p in self.problems if p.reason.startswith("file_")), None)


# --- paths -------------------------------------------------------------------------------------


def training_dir() -> Path:
    return settings.TRAINING_DIR.get()


def sessions_path() -> Path:
    return training_dir() / SESSIONS_FILE if settings.TRAINING_DIR.is_set() else SESSIONS_PATH


def series_path() -> Path:
    return training_dir() / SERIES_FILE if settings.TRAINING_DIR.is_set() else SERIES_PATH


def names_path() -> Path:
    """Presenter and platform names (names.yaml): the training folder's own, else the shipped one."""
    own = training_dir() / NAMES_FILE
    return own if settings.TRAINING_DIR.is_set() and own.is_file() else NAMES_PATH


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


# --- series.yaml -------------------------------------------------------------------------------


def _texts(raw: object) -> dict[str, str]:
    return {k: str(v).strip() for k, v in raw.items() if isinstance(v, str | int | float)} if isinstance(raw, dict) else {}


def series_schema(document: object, where: str) -> tuple[dict[str, Series], tuple[Problem, ...]]:
    """series.yaml -> the series by id, and a problem per entry without an id (the others still show)."""
    raw = document.get("series") if isinstance(document, dict) else None
    if not isinstance(raw, list):
        raise ContentError(where, None, "series", "expected a list under series:", detail="expected a list under series:")
    out: dict[str, Series] = {}
    problems: list[Problem] = []
    for index, item in enumerate(raw, start=1):
        series_id = str(item.get("id") or "").strip() if isinstance(item, dict) else ""
        if not series_id:
            problems.append(
                Problem(None, "id", "series_entry", str(index), english=f"{where} entry {index}: no id", params={"path": where})
            )
            continue
        name = _texts(item.get("name")) or dict.fromkeys(i18n.LANGS, series_id)
        out[series_id] = Series(series_id, name, _texts(item.get("description")), str(item.get("default_platform") or ""))
    return out, tuple(problems)


def _series_cached(path: str, mtime_ns: int) -> tuple[dict[str, Series], tuple[Problem, ...]]:
    try:
        return load_content(Path(path), series_schema)  # cached by the loader on the file's stamp
    except ContentError as error:
        detail = error.detail or error.reason
        return {}, (Problem(None, "series", "series_file", detail, english=f"{error.file}: {detail}", params={"path": error.file}),)


def read_series(path: Path | None = None) -> tuple[dict[str, Series], tuple[Problem, ...]]:
    """The series by id and what is wrong with the file (re-read when it changes)."""
    path = path or series_path()
    return _series_cached(str(path), _mtime(path))


def load_series(path: Path | None = None) -> dict[str, Series]:
    """The livestream series by id (re-read when the file changes); {} when the file is unusable."""
    return read_series(path)[0]


# --- sessions.csv ------------------------------------------------------------------------------


def _url(value: str, column: str, problems: list[Problem], line: int, session_id: str) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        english = f"line {line}, {column}: {value!r} is not an http(s) address"
        problems.append(Problem(line, column, "url", value, session_id, english))
    return value


_ISO_START = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")


def _start(text: str) -> dt.datetime | None:
    if (iso := _ISO_START.fullmatch(text)) is not None:  # the usual spelling, ten times faster than strptime
        year, month, day, hour, minute = (int(part) for part in iso.groups())
        try:
            start = dt.datetime(year, month, day, hour, minute, tzinfo=TZ)
        except ValueError:
            return None
        return start if start.year in START_YEARS else None
    for pattern in START_FORMATS:
        try:
            start = dt.datetime.strptime(text, pattern).replace(tzinfo=TZ)
        except ValueError:
            continue
        return start if start.year in START_YEARS else None
    return None


def _whole(text: str, largest: int) -> int | None:
    """A whole number written in ASCII digits (not ① or ²) from 1 to `largest`; None otherwise."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(largest)):
        return None
    number = int(text)
    return number if 1 <= number <= largest else None


def check_rows(
    rows: Iterable[dict[str, str]], series_ids: Iterable[str] | None, indicator_ids: Iterable[str] | None = None
) -> tuple[tuple[Session, ...], tuple[Problem, ...]]:
    """Schedule rows (as csv.DictReader gives them) -> the good sessions sorted by start, and every
    broken rule. A row of empty cells is skipped; a row with a problem is left out (the first row
    of a duplicated session_id stays). `series_ids` None: any series is accepted."""
    known_series = None if series_ids is None else set(series_ids)
    known_indicators = None if indicator_ids is None else set(indicator_ids)
    sessions: list[Session] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):  # line 1 is the header
        row = {key: (value or "").strip() if isinstance(value, str | None) else "" for key, value in raw.items() if key is not None}
        if not any(row.values()):
            continue  # an empty row (Excel leaves them after edits): not a session
        session_id = row.get("session_id", "")
        found: list[Problem] = []
        if UNREADABLE_ROW in raw:  # a cell the csv module cannot split: this row only
            reason = str(raw[UNREADABLE_ROW])
            problems.append(Problem(line, "", "row", reason, "", f"line {line}: cannot be read ({reason})"))
            continue

        def problem(column: str, reason: str, value: str, english: str, **params: str) -> None:
            found.append(Problem(line, column, reason, value, session_id, f"line {line}, {column}: {english}", params))  # noqa: B023

        missing = [column for column in COLUMNS if column not in row]
        if missing:
            problems.append(
                Problem(
                    line, "", "missing_columns", "", session_id, f"line {line}: missing columns {missing}", {"columns": ", ".join(missing)}
                )
            )
            continue
        if not _ID_PATTERN.match(session_id):
            problem("session_id", "session_id", session_id, f"{session_id!r} must be letters, digits, - or _")
        elif session_id in seen:
            problem("session_id", "duplicate", session_id, f"{session_id!r} appears twice")
        seen.add(session_id)
        if known_series is not None and row["series"] not in known_series:
            known = ", ".join(sorted(known_series))
            problem("series", "series", row["series"], f"{row['series']!r} is not in series.yaml ({sorted(known_series)})", known=known)
        for lang in i18n.LANGS:
            if not row[f"title_{lang}"]:
                problem(f"title_{lang}", "title", "", "empty")
        start = _start(row["start_local"])
        if start is None:
            problem("start_local", "start_local", row["start_local"], f"{row['start_local']!r} is not YYYY-MM-DD HH:MM")
        duration = _whole(row["duration_minutes"], MAX_DURATION_MINUTES) or 0
        if duration <= 0:
            problem(
                "duration_minutes",
                "duration_minutes",
                row["duration_minutes"],
                f"{row['duration_minutes']!r} is not a whole number of minutes from 1 to {MAX_DURATION_MINUTES}",
            )
        measures: list[int] = []
        for part in filter(None, (p.strip() for p in row["measures"].split(";"))):
            number = _whole(part, MEASURE_NUMBERS[-1])
            if number is not None:
                measures.append(number)
            else:
                problem("measures", "measures", part, f"{part!r} is not a measure number 1-15")
        slides = tuple(filter(None, (p.strip() for p in row["slides"].split(";"))))
        for slide in slides:
            if known_indicators is not None and slide not in known_indicators:
                problem("slides", "slides", slide, f"{slide!r} is not an indicator id in indicators.yaml")
        if row["status"] not in STATUSES:
            problem("status", "status", row["status"], f"{row['status']!r} is not one of {STATUSES}")
        is_demo = yes_no(row["is_demo"])
        if is_demo is None:
            problem("is_demo", "is_demo", row["is_demo"], f"{row['is_demo']!r} is not true or false")
        urls = {column: _url(row[column], column, found, line, session_id) for column in ("live_url", "replay_url", "registration_url")}
        if found or start is None:
            problems.extend(found)
            continue
        sessions.append(
            Session(
                session_id=session_id,
                series=row["series"],
                title={lang: row[f"title_{lang}"] for lang in i18n.LANGS},
                start=start,
                duration_minutes=duration,
                presenter=row["presenter"],
                platform=row["platform"],
                measures=tuple(dict.fromkeys(measures)),
                slides=slides,
                status=row["status"],
                is_demo=bool(is_demo),
                description={lang: row[f"description_{lang}"] for lang in i18n.LANGS if row.get(f"description_{lang}")},
                **urls,
            )
        )
    return tuple(sorted(sessions, key=lambda s: (s.start, s.session_id))), tuple(problems)


def parse_sessions(
    rows: Iterable[dict[str, str]], series_ids: Iterable[str], indicator_ids: Iterable[str] | None = None
) -> tuple[Session, ...]:
    """check_rows, all or nothing: raises ScheduleError naming every bad row, column and reason."""
    sessions, problems = check_rows(rows, series_ids, indicator_ids)
    if problems:
        raise ScheduleError([str(p) for p in problems])
    return sessions


def _rows(rows: tuple[dict[str, str], ...], file: str) -> tuple[dict[str, str], ...]:
    return rows  # rows are checked one by one by check_rows, so a bad row hides only its session


@lru_cache(maxsize=4)
def _schedule_cached(path: str, mtime_ns: int, series_file: str, series_mtime_ns: int) -> Schedule:
    name = Path(path).name
    series, series_problems = _series_cached(series_file, series_mtime_ns)
    try:
        rows = load_content(Path(path), _rows)  # UTF-8 (BOM or not), else GBK/GB18030
    except ContentError as error:
        reason, detail = {"missing": "file_missing", "encoding": "file_encoding"}.get(error.cause or "", "file_unreadable"), error.detail
        value = "" if reason == "file_encoding" else detail
        return Schedule((), (Problem(None, "", reason, value, english=f"{name}: {detail}", params={"path": name}),), path)
    usable_series = None if any(p.reason == "series_file" for p in series_problems) else series
    sessions, problems = check_rows(rows, usable_series, registry.indicators())
    read = sum(1 for row in rows if any((value or "").strip() for value in row.values() if isinstance(value, str | None)))
    return Schedule(sessions, (*series_problems, *problems), path, read)


def read_schedule(path: Path | None = None, series_file: Path | None = None) -> Schedule:
    """The schedule with what is wrong in it (re-read when either file changes); never raises for bad content."""
    path, series_file = path or sessions_path(), series_file or series_path()
    return _schedule_cached(str(path), _mtime(path), str(series_file), _mtime(series_file))


def load_sessions(path: Path | None = None, series_file: Path | None = None) -> tuple[Session, ...]:
    """Every session in the schedule, sorted by start; raises ScheduleError when a row breaks a rule."""
    schedule = read_schedule(path, series_file)
    if schedule.problems:
        raise ScheduleError([str(p) for p in schedule.problems])
    return schedule.sessions
