"""Every environment setting, declared once: its name, type, default and help text.

Everything that reads a DASHBOARD_* variable reads it through here (a test finds any other
`os.environ` read of one). `.env.example` and the README's settings table are written from these
declarations by `python -m tools.settings_doc`, and a test checks both are current.

A value is read when asked for (so a changed variable shows without a restart where the caller
asks again), stripped of surrounding spaces; an empty value counts as unset. Imports nothing from
the project, so every layer (loaders/paths.py included) can use it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

Value = TypeVar("Value")  # what `kind` makes of the text
Default = TypeVar("Default")  # the value when unset (None: no value)

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting(Generic[Value, Default]):
    """One environment setting. `kind` converts the text (str, or Path for files and folders);
    `default` is the value when unset (a callable when it depends on another setting, None: no
    value); `shown_default` is how the documentation writes the default."""

    name: str
    kind: Callable[[str], Value]
    default: Default | Callable[[], Default]
    shown_default: str
    help: str
    example: str
    # True: a value `kind` refuses gives one line on the log and the default (a size, a limit);
    # False: the ValueError goes to the caller (a store URL or a file: guessing would hide data)
    default_when_invalid: bool = False

    def text(self) -> str | None:
        """The variable as set (stripped), or None when unset or empty."""
        value = os.environ.get(self.name, "").strip()
        return value or None

    def is_set(self) -> bool:
        return self.text() is not None

    def problem(self) -> str | None:
        """Why the value as set cannot be used (one line), or None when it can or is unset."""
        value = self.text()
        if value is None:
            return None
        try:
            self.kind(value)
        except ValueError as error:
            return " ".join(str(error).split())[:200]
        return None

    def get(self) -> Value | Default:
        """The value, converted to its kind; the default when unset."""
        value = self.text()
        if value is None:
            return self.default_value()
        try:
            return self.kind(value)
        except ValueError as error:
            if not self.default_when_invalid:
                raise
            shown = " ".join(str(error).split())[:200]
            logging.getLogger(__name__).warning("%s: %s; using the default %s", self.name, shown, self.shown_default.replace("`", ""))
            return self.default_value()

    @contextlib.contextmanager
    def overridden(self, text: str) -> Iterator[None]:
        """The variable set to `text` in this process (and the processes it starts) while the block runs."""
        before = os.environ.get(self.name)
        os.environ[self.name] = text
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(self.name, None)
            else:
                os.environ[self.name] = before

    def default_value(self) -> Default:
        """The value when unset (the callable's result when the default depends on another setting)."""
        return self.default() if callable(self.default) else self.default


VAR_DIR = Setting(
    "DASHBOARD_VAR_DIR",
    Path,
    REPO_ROOT / "var",
    "`var/`",
    "where the embedded store and rejects files live",
    "/srv/dashboard/var",
)
DB_URL: Setting[str, str] = Setting(
    "DASHBOARD_DB_URL",
    str,
    lambda: f"duckdb:///{VAR_DIR.get() / 'dashboard.duckdb'}",
    "`duckdb:///var/dashboard.duckdb`",
    "SQLAlchemy URL of the store (DuckDB file or PostgreSQL)",
    "postgresql+psycopg://dashboard@127.0.0.1:5432/dashboard",
)


def web_address(text: str) -> str:
    """An http(s) address with a host and nothing a header, a link or a QR code could not carry
    (no space, line break or other control character)."""
    parts = urlsplit(text)
    if (
        any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in text)
        or parts.scheme not in ("http", "https")
        or not parts.hostname
    ):
        raise ValueError(f"expected an http(s) address such as https://dashboard.example.gov.cn, got {text[:80]!r}")
    return text


PUBLIC_URL = Setting(
    "DASHBOARD_PUBLIC_URL",
    web_address,
    "http://localhost:8501",
    "the address the browser used (`http://localhost:8501` when unknown)",
    "public address in training QR codes and calendar links; presenter mode warns when the address in use is a loopback one",
    "https://dashboard.example.gov.cn",
    default_when_invalid=True,
)
TRAINING_DIR = Setting(
    "DASHBOARD_TRAINING_DIR",
    Path,
    REPO_ROOT / "datasets" / "training",
    "`datasets/training/`",
    "folder holding the training schedule (`sessions.csv`, `series.yaml`)",
    "/srv/dashboard/training",
)
BASEMAP_URL = Setting(
    "DASHBOARD_BASEMAP_URL",
    str,
    None,
    "unset",
    "an approved tile server for the maps (see Maps and the base map)",
    "https://tiles.example.gov.cn/{z}/{x}/{y}.png",
)
TARGETS_FILE = Setting(
    "DASHBOARD_TARGETS_FILE",
    Path,
    None,
    "unset",
    "the authority's targets (YAML, see Targets); unset: no card shows a target, except demo targets on demo data",
    "/etc/dashboard/targets.yaml",
)
DATA_CONTACT = Setting(
    "DASHBOARD_DATA_CONTACT",
    str,
    None,
    "unset",
    "who answers questions about this dashboard's data (the authority's data contact: a unit, an address or a phone number), shown on About the data; unset: the page asks readers to contact the unit that runs the dashboard",
    "深圳海关统计分析处 data@example.gov.cn",
)


def positive_int(text: str) -> int:
    """A whole number of 1 or more (the message names what was given)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"expected a whole number of 1 or more, got {text!r}")
    return value


CACHE_ENTRIES = Setting(
    "DASHBOARD_CACHE_ENTRIES",
    positive_int,
    256,
    "`256`",
    "most results each cached query keeps per server process (least recently used dropped first; results also expire after 10 minutes): bounds the memory of a process serving many viewers",
    "1024",
    default_when_invalid=True,
)

SETTINGS: tuple[Setting[Any, Any], ...] = (
    DB_URL, VAR_DIR, PUBLIC_URL, TRAINING_DIR, BASEMAP_URL, TARGETS_FILE, DATA_CONTACT, CACHE_ENTRIES,
)  # fmt: skip


def env_example() -> str:
    """The text of `.env.example`: every setting, commented out, with its help and default."""
    lines = [
        "# Settings the dashboard reads from the environment (export them before `make run`); none is needed for the demo.",
        "# Written from loaders/settings.py by `python -m tools.settings_doc`; edit the declarations there, not this file.",
    ]
    for setting in SETTINGS:
        lines += ["", f"# {setting.help}; default: {setting.shown_default.replace('`', '')}", f"# {setting.name}={setting.example}"]
    return "\n".join(lines) + "\n"


def settings_table() -> str:
    """The README's settings table (Markdown), one row per setting."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    rows += [f"| `{s.name}` | {s.shown_default} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows) + "\n"
