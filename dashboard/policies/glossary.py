"""The glossary (datasets/policies/glossary.yaml): plain words for the terms the dashboard uses (P90,
median, baseline, provisional, AEO, TRS, 两步申报, 提前申报 …), in three languages. No Streamlit here.

A page lists the terms its cards use (`for_page`); a measure page or the guide finds them in its
text (`in_texts`: any spelling the entry lists, traditional folded to simplified, case ignored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dashboard.pages import PAGES
from dashboard.policies.content import POLICIES_DIR, Text
from dashboard.policies.content import language_texts as _text
from dashboard.policies.search import fold
from loaders.content.reader import ContentError, load_content, mapping

GLOSSARY_PATH = POLICIES_DIR / "glossary.yaml"


@dataclass(frozen=True)
class Term:
    id: str
    term: Text
    matches: tuple[str, ...]
    explanation: Text
    pages: tuple[str, ...]


def glossary_schema(document: Any, file: str) -> tuple[Term, ...]:
    raw_terms = mapping(document, file).get("terms")
    if not isinstance(raw_terms, list) or not raw_terms:
        raise ContentError(file, None, "terms", "expected a non-empty list")
    known_pages = {spec.url_path for spec in PAGES}
    out: list[Term] = []
    for index, raw in enumerate(raw_terms, start=1):
        raw = mapping(raw, file, f"term #{index}")
        term_id = raw.get("id")
        if not isinstance(term_id, str) or not term_id or term_id in {t.id for t in out}:
            raise ContentError(file, f"term #{index}", "id", "missing, not text, or repeated")
        entry = f"term {term_id}"
        matches = raw.get("matches")
        if not isinstance(matches, list) or not matches or not all(isinstance(m, str) and m.strip() for m in matches):
            raise ContentError(file, entry, "matches", "expected a non-empty list of spellings")
        pages = raw.get("pages") or []
        if not isinstance(pages, list) or set(pages) - known_pages:
            raise ContentError(file, entry, "pages", f"expected page URL paths ({', '.join(sorted(known_pages))})")
        out.append(
            Term(
                term_id,
                _text(raw.get("term"), file, entry, "term"),
                tuple(m.strip() for m in matches),
                _text(raw.get("explanation"), file, entry, "explanation"),
                tuple(pages),
            )
        )
    return tuple(out)


def terms() -> tuple[Term, ...]:
    return load_content(GLOSSARY_PATH, glossary_schema)


def for_page(url_path: str) -> list[Term]:
    """The terms the page's cards and charts use."""
    return [term for term in terms() if url_path in term.pages]


def in_texts(texts: Iterable[str]) -> list[Term]:
    """The terms any of `texts` uses, in the glossary's order."""
    folded = fold(" ".join(texts))
    return [term for term in terms() if any(fold(spelling) in folded for spelling in term.matches)]
