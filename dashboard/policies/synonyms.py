"""Everyday words and broader terms for search (datasets/policies/search_terms.yaml): 荔枝 leads to the
fresh-produce measure, 貨車 to 陆路通, a city outside Shenzhen to "your local customs". No Streamlit here.

Words are matched in the folded query (`search.fold`: traditional -> simplified, width, case):
Chinese as a substring, Latin words whole (a plural "s"/"es" allowed), so 荔枝, 荔枝 in a sentence,
"lychees" and "Trucks" all count, and "port" does not fire inside "portal".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dashboard.policies.content import POLICIES_DIR, measures
from loaders.content.reader import ContentError, load_content, mapping

TERMS_PATH = POLICIES_DIR / "search_terms.yaml"
NOTES = ("outside_shenzhen",)


@dataclass(frozen=True)
class Group:
    id: str
    words: tuple[str, ...]
    measures: tuple[int, ...]
    note: str | None = None


def terms_schema(document: Any, file: str) -> tuple[Group, ...]:
    groups = mapping(document, file).get("groups")
    if not isinstance(groups, list) or not groups:
        raise ContentError(file, None, "groups", "expected a non-empty list")
    out: list[Group] = []
    for index, raw in enumerate(groups, start=1):
        raw = mapping(raw, file, f"group #{index}")
        group_id = raw.get("id")
        if not isinstance(group_id, str) or not group_id or group_id in {g.id for g in out}:
            raise ContentError(file, f"group #{index}", "id", "missing, not text, or repeated")
        entry = f"group {group_id}"
        words = raw.get("words")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise ContentError(file, entry, "words", "expected a non-empty list of words")
        numbers = raw.get("measures")
        if not isinstance(numbers, list) or not numbers or not all(isinstance(n, int) and n in measures() for n in numbers):
            raise ContentError(file, entry, "measures", "expected a non-empty list of measure numbers")
        note = raw.get("note")
        if note is not None and note not in NOTES:
            raise ContentError(file, entry, "note", f"expected one of {', '.join(NOTES)}")
        out.append(Group(group_id, tuple(w.strip() for w in words), tuple(numbers), note))
    return tuple(out)


def groups() -> tuple[Group, ...]:
    return load_content(TERMS_PATH, terms_schema)


def _found(folded_query: str, folded_word: str) -> bool:
    if re.search(r"[a-z0-9]", folded_word[:1]):
        return re.search(rf"(?<![a-z0-9]){re.escape(folded_word)}(?:e?s)?(?![a-z0-9])", folded_query) is not None
    return folded_word in folded_query


@dataclass(frozen=True)
class Hit:
    group: Group
    word: str  # the word as the content file writes it


def hits(folded_query: str, fold) -> list[Hit]:
    """The groups whose words occur in the (folded) query, with the first word found."""
    found = []
    for group in groups():
        word = next((w for w in group.words if _found(folded_query, fold(w))), None)
        if word is not None:
            found.append(Hit(group, word))
    return found
