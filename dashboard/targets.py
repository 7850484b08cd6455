"""Targets: the deploying authority's, from a settings file; none ships by default. No Streamlit.

The 2023 measures set no numeric targets, so the registry holds none. An authority that sets its
own points DASHBOARD_TARGETS_FILE at a YAML file:

    set_by: 深圳海关                     # who set them (text, or {zh_hans, en, zh_hant})
    document: 深关〔2026〕12号            # the document that sets them (text, or {zh_hans, en, zh_hant})
    targets:
      - {indicator: clearance.overall_hours.import, value: 2.0, date: 2026-12-31}
      - {indicator: aeo.enterprises, value: 520, date: 2026-12-31, set_by: ..., document: ...}  # per-target override

Without that setting, the demo store's cards (and only demo data) get the demo targets of
datasets/targets/demo.yaml, each stricter than its baseline and labelled 演示目标（非官方）.

Rules: an indicator with no better direction, or a total (its size depends on the period's length),
takes no target; every target names who set it and the document that sets it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard import registry
from loaders import settings
from loaders.content.reader import ContentError, load_content
from loaders.paths import DATASETS_DIR

TARGETS_ENV = settings.TARGETS_FILE.name
DEMO_TARGETS_PATH = DATASETS_DIR / "targets" / "demo.yaml"


class TargetsError(ContentError):
    """A targets file breaks a rule; the message names the file, the target and the field."""


@dataclass(frozen=True)
class Target:
    indicator_id: str
    value: float
    date: dt.date
    set_by: dict[str, str]  # in three languages (the same text thrice when given as one)
    document: dict[str, str]  # likewise
    is_demo: bool


def _texts(value: Any) -> dict[str, str] | None:
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(registry.LANGS, value.strip())
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in registry.LANGS):
        return {lang: value[lang] for lang in registry.LANGS}
    return None


def parse(raw: Any, path: Path, is_demo: bool = False) -> dict[str, Target]:
    """indicator id -> Target. TargetsError names file, target and field on the first problem."""
    name = path.name
    if not isinstance(raw, dict) or not isinstance(raw.get("targets"), list):
        raise TargetsError(name, None, "targets", "expected a list of {indicator, value, date}; see README, Settings")
    out: dict[str, Target] = {}
    known = registry.indicators()
    for index, entry in enumerate(raw["targets"]):
        where = f"targets[{index + 1}]"
        if not isinstance(entry, dict):
            raise TargetsError(name, where, None, "expected {indicator, value, date}")
        iid = entry.get("indicator")
        if not isinstance(iid, str) or iid not in known:
            raise TargetsError(name, where, "indicator", f"{iid!r} is not an indicator of datasets/indicators.yaml")
        where = f"target {iid}"
        if known[iid].better == "none":
            raise TargetsError(name, where, "indicator", "it has no better direction, so a target cannot be met or missed")
        if known[iid].statistic == "total":
            raise TargetsError(name, where, "indicator", "a total depends on the period's length; set a target on a rate, time or level")
        if iid in out:
            raise TargetsError(name, where, "indicator", "listed twice")
        value = entry.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise TargetsError(name, where, "value", f"expected a number in the indicator's unit ({known[iid].unit}; shares as 0-1)")
        if not isinstance(entry.get("date"), dt.date):
            raise TargetsError(name, where, "date", "expected the date to reach it by (YYYY-MM-DD)")
        set_by = _texts(entry.get("set_by", raw.get("set_by")))
        if set_by is None:
            raise TargetsError(name, where, "set_by", "say who set the target (text, or zh_hans / en / zh_hant)")
        document = _texts(entry.get("document", raw.get("document")))
        if document is None:
            raise TargetsError(name, where, "document", "give the reference of the document that sets it")
        out[iid] = Target(iid, float(value), entry["date"], set_by, document, is_demo or raw.get("demo") is True)
    return out


def _authority_schema(raw: Any, file: str) -> dict[str, Target]:
    return parse(raw, Path(file), False)


def _demo_schema(raw: Any, file: str) -> dict[str, Target]:
    return parse(raw, Path(file), True)


def _load(path: Path, is_demo: bool) -> dict[str, Target]:
    """The file's targets, read through the content loader (again when the file changes)."""
    try:
        return load_content(path, _demo_schema if is_demo else _authority_schema)
    except TargetsError:
        raise
    except ContentError as error:
        if error.cause in ("missing", "unreadable"):
            reason = f"cannot read the targets file ({error.detail}); fix the path or unset it"
            raise TargetsError(f"{TARGETS_ENV}={path}", None, None, reason) from None
        raise TargetsError(error.file, error.entry, error.field, error.reason) from None


def configured_path() -> Path | None:
    return settings.TARGETS_FILE.get()


def authority_targets() -> dict[str, Target]:
    """The authority's targets (empty when DASHBOARD_TARGETS_FILE is unset)."""
    path = configured_path()
    return _load(path, False) if path else {}


def demo_targets() -> dict[str, Target]:
    return _load(DEMO_TARGETS_PATH, True)


def target_for(indicator_id: str, data_is_demo: bool) -> Target | None:
    """The authority's target when a targets file is set; else a demo target, for demo data only."""
    if configured_path() is not None:
        return authority_targets().get(indicator_id)
    return demo_targets().get(indicator_id) if data_is_demo else None
