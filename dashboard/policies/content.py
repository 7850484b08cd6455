"""The 15 measures as content: datasets/policies/*.yaml read through `loaders.content.reader.load_content`
into frozen dataclasses. No Streamlit here.

Each file is checked by its schema (a text missing or empty in a language, a channel kind or URL
that is not allowed, a keyword list that is empty); the references between files (a measure's
area, channels and indicators) are checked when the measures are put together. Every problem is a
`ContentError` naming file, entry and field. An edited file shows on the next call.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dashboard import registry
from loaders.constants import LANGS
from loaders.content import registry_schema
from loaders.content.reader import ContentError, files_in, load_content, mapping, stamps
from loaders.paths import DATASETS_DIR
from loaders.queries.catalog import UnknownFilter, check_filter_keys

POLICIES_DIR = DATASETS_DIR / "policies"
CHANNEL_KINDS = ("phone", "wechat", "web", "app", "counter", "mini_program")
CHANNEL_ICONS = {
    "phone": ":material/call:",
    "wechat": ":material/chat:",
    "web": ":material/language:",
    "app": ":material/smartphone:",
    "counter": ":material/storefront:",
    "mini_program": ":material/apps:",
}
# A channel's url may only point at the authorities' own sites: government hosts (*.gov.cn) and the
# China International Trade Single Window (run by the State Port Office with the customs).
OFFICIAL_HOST_SUFFIXES = (".gov.cn", ".singlewindow.cn")
_PHONE_NUMBER = re.compile(r"^[0-9][0-9-]{2,19}$")
_URL_SAFE = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~/%-]*)?$")  # nothing Markdown could read
TEXT_FIELDS = ("title", "summary", "audience", "what_changes")  # {lang: text} in every measure

Text = dict[str, str]  # {zh_hans, en, zh_hant}
PolicyContentError = ContentError  # the name callers used before the one content loader


@dataclass(frozen=True)
class Source:
    publisher: str
    published: dt.date
    title: str


@dataclass(frozen=True)
class Area:
    id: int
    title: Text


@dataclass(frozen=True)
class Channel:
    id: str
    kind: str
    name: Text
    description: Text
    contact: Text
    url: str | None

    @property
    def icon(self) -> str:
        return CHANNEL_ICONS[self.kind]

    @property
    def tel(self) -> str | None:
        """The number to dial (a tel: link) of a phone line; None for other channels."""
        number = self.contact["zh_hans"]
        return number if self.kind == "phone" and _PHONE_NUMBER.match(number) else None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "") if self.url else ""


def official_url(url: str) -> bool:
    """An http(s) address on an authority's own host, written so that a Markdown link shows it as is."""
    host = (urlsplit(url).hostname or "").lower() if _URL_SAFE.match(url) else ""
    return any(host.endswith(suffix) or host == suffix[1:] for suffix in OFFICIAL_HOST_SUFFIXES)


ROLES = ("outcome", "context")


@dataclass(frozen=True)
class IndicatorLink:
    """How an indicator tracks a measure. `outcome`: it moves with the measure, narrowed by
    `filters` to what the measure covers (measure 2: air freight). `context`: background that the
    measure does not move alone (the whole district's clearance time), labelled so on the page."""

    indicator_id: str
    role: str = "outcome"
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Measure:
    number: int
    area: int
    slug: str
    title: Text
    official_text_zh: str
    official_explanation_zh: str
    source: Source
    summary: Text
    audience: Text
    what_changes: Text
    how_to: tuple[Text, ...]  # empty when the public has nothing to do (the measure is on customs' side)
    channels: tuple[str, ...]
    indicators: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]]
    # what makes each indicator this measure's own: a role and the filters that narrow it to what
    # the measure covers (an id listed plainly is an outcome as it stands)
    links: dict[str, IndicatorLink] = field(default_factory=dict)
    related: tuple[int, ...] = ()  # other measures a reader of this one should see

    def link(self, indicator_id: str) -> IndicatorLink:
        return self.links.get(indicator_id, IndicatorLink(indicator_id))


# --- field checks -------------------------------------------------------------------------------


def _links(raw: dict[str, Any], file: str, entry: str) -> tuple[tuple[str, ...], dict[str, IndicatorLink]]:
    """`indicators`: ids, or {id, role: outcome | context, filters: {key: [codes]}} where the
    indicator must be narrowed to what the measure covers (measure 2: air) or is only background."""
    values = raw.get("indicators")
    if not isinstance(values, list) or not values:
        raise ContentError(file, entry, "indicators", "expected a non-empty list of ids")
    ids: list[str] = []
    links: dict[str, IndicatorLink] = {}
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            ids.append(value)
            continue
        where = f"indicators[{index}]"
        if not isinstance(value, dict) or not isinstance(value.get("id"), str) or value.keys() - {"id", "role", "filters"}:
            raise ContentError(file, entry, where, "expected an id or {id, role, filters}")
        role = value.get("role", "outcome")
        if role not in ROLES:
            raise ContentError(file, entry, f"{where}.role", f"expected one of {', '.join(ROLES)}")
        filters = value.get("filters") or {}
        if not isinstance(filters, dict) or not all(
            isinstance(codes, list) and codes and all(isinstance(c, str) for c in codes) for codes in filters.values()
        ):
            raise ContentError(file, entry, f"{where}.filters", "expected filter -> a non-empty list of codes")
        ids.append(value["id"])
        links[value["id"]] = IndicatorLink(value["id"], role, tuple(sorted((k, tuple(v)) for k, v in filters.items())))
    if len(set(ids)) != len(ids):
        raise ContentError(file, entry, "indicators", "an id is listed twice")
    return tuple(ids), links


def _text(raw: Any, file: str, entry: str, field: str) -> Text:
    """A {zh_hans, en, zh_hant} mapping with a non-empty string in each language."""
    if not isinstance(raw, dict):
        raise ContentError(file, entry, field, f"expected texts in {', '.join(LANGS)}")
    out = {}
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(file, entry, f"{field}.{lang}", "missing or empty")
        out[lang] = value.strip()
    return out


language_texts = _text  # the same check, for the other policy content files (the guide)


def _string(raw: dict[str, Any], key: str, file: str, entry: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(file, entry, key, "missing or empty")
    return value.strip()


def _id_list(raw: dict[str, Any], key: str, file: str, entry: str) -> tuple[str, ...]:
    values = raw.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise ContentError(file, entry, key, "expected a non-empty list of ids")
    if len(set(values)) != len(values):
        raise ContentError(file, entry, key, "an id is listed twice")
    return tuple(values)


def _entries(document: Any, key: str, file: str) -> list[Any]:
    values = mapping(document, file).get(key)
    if not isinstance(values, list):
        raise ContentError(file, None, key, "expected a list")
    return values


# --- schemas, one per file ----------------------------------------------------------------------


def areas_schema(document: Any, file: str) -> dict[int, Area]:
    out: dict[int, Area] = {}
    for index, raw in enumerate(_entries(document, "areas", file), start=1):
        entry = f"area #{index}"
        raw = mapping(raw, file, entry)
        if not isinstance(raw.get("id"), int) or isinstance(raw["id"], bool) or raw["id"] in out:
            raise ContentError(file, entry, "id", "missing, not a number, or repeated")
        out[raw["id"]] = Area(raw["id"], _text(raw.get("title"), file, f"area {raw['id']}", "title"))
    return out


def channels_schema(document: Any, file: str) -> dict[str, Channel]:
    out: dict[str, Channel] = {}
    for index, raw in enumerate(_entries(document, "channels", file), start=1):
        raw = mapping(raw, file, f"channel #{index}")
        channel_id = _string(raw, "id", file, f"channel #{index}")
        entry = f"channel {channel_id}"
        if channel_id in out:
            raise ContentError(file, entry, "id", "repeated")
        if raw.get("kind") not in CHANNEL_KINDS:
            raise ContentError(file, entry, "kind", f"{raw.get('kind')!r} is not one of {', '.join(CHANNEL_KINDS)}")
        url = raw.get("url") or None
        if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            raise ContentError(file, entry, "url", f"{url!r} is not an http(s) address")
        if url is not None and not official_url(url):
            raise ContentError(file, entry, "url", f"{url!r} is not on an official host ({', '.join(OFFICIAL_HOST_SUFFIXES)})")
        if raw.get("kind") == "phone" and not _PHONE_NUMBER.match(str(mapping(raw.get("contact"), file, entry).get("zh_hans", ""))):
            raise ContentError(file, entry, "contact", "a phone line's contact is its number (digits and -)")
        out[channel_id] = Channel(
            id=channel_id,
            kind=raw["kind"],
            name=_text(raw.get("name"), file, entry, "name"),
            description=_text(raw.get("description"), file, entry, "description"),
            contact=_text(raw.get("contact"), file, entry, "contact"),
            url=url,
        )
    return out


def _source(raw: Any, file: str, entry: str) -> Source:
    if not isinstance(raw, dict):
        raise ContentError(file, entry, "source", "missing")
    published = raw.get("published")
    if not isinstance(published, dt.date):
        raise ContentError(file, entry, "source.published", "expected a date (YYYY-MM-DD)")
    return Source(_string(raw, "publisher", file, f"{entry} source"), published, _string(raw, "title", file, f"{entry} source"))


def measure_schema(document: Any, file: str) -> Measure:
    """One measure file on its own; its references to other files are checked by `measures()`."""
    raw = mapping(document, file)
    number = raw.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise ContentError(file, "measure", "number", "expected a whole number")
    entry = f"measure {number}"
    if not isinstance(raw.get("area"), int):
        raise ContentError(file, entry, "area", f"{raw.get('area')!r} is not an area number")
    steps = raw.get("how_to")
    if not isinstance(steps, list):  # may be empty: some measures ask nothing of the public (e.g. 1)
        raise ContentError(file, entry, "how_to", "expected a list of steps")
    keywords = raw.get("keywords")
    if not isinstance(keywords, dict):
        raise ContentError(file, entry, "keywords", f"expected lists in {', '.join(LANGS)}")
    words: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        values = keywords.get(lang)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise ContentError(file, entry, f"keywords.{lang}", "expected a non-empty list of words")
        words[lang] = tuple(v.strip() for v in values)
    texts = {name: _text(raw.get(name), file, entry, name) for name in TEXT_FIELDS}
    indicator_ids, links = _links(raw, file, entry)
    related = raw.get("related") or []
    if not isinstance(related, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n != number for n in related):
        raise ContentError(file, entry, "related", "expected a list of other measures' numbers")
    return Measure(
        number=number,
        area=raw["area"],
        slug=_string(raw, "slug", file, entry),
        official_text_zh=_string(raw, "official_text_zh", file, entry),
        official_explanation_zh=_string(raw, "official_explanation_zh", file, entry),
        source=_source(raw.get("source"), file, entry),
        how_to=tuple(_text(step, file, entry, f"how_to[{i + 1}]") for i, step in enumerate(steps)),
        channels=_id_list(raw, "channels", file, entry),
        indicators=indicator_ids,
        links=links,
        related=tuple(dict.fromkeys(related)),
        keywords=words,
        **texts,
    )


# --- the content, put together ------------------------------------------------------------------


def areas() -> dict[int, Area]:
    return load_content(POLICIES_DIR / "areas.yaml", areas_schema)


def channels() -> dict[str, Channel]:
    return load_content(POLICIES_DIR / "channels.yaml", channels_schema)


def _measure_files() -> tuple[Path, ...]:
    return files_in(POLICIES_DIR, "measure_*.yaml")


def _check_references(item: Measure, file: str) -> None:
    entry = f"measure {item.number}"
    if item.area not in areas():
        raise ContentError(file, entry, "area", f"{item.area!r} is not an area in areas.yaml")
    for name, known in (("channels", set(channels())), ("indicators", set(registry.indicators()))):
        unknown = [value for value in getattr(item, name) if value not in known]
        if unknown:
            raise ContentError(file, entry, name, f"unknown ids {unknown}")
    for link in item.links.values():
        indicator = registry.indicators()[link.indicator_id]
        try:
            check_filter_keys(indicator.dataset, [key for key, _ in link.filters])
        except (UnknownFilter, KeyError) as error:
            raise ContentError(file, entry, f"indicators {link.indicator_id}", str(error).strip("'")) from None


@lru_cache(maxsize=4)
def _measures(key: tuple) -> dict[int, Measure]:
    loaded = [(path.name, load_content(path, measure_schema)) for path in _measure_files()]
    out: dict[int, Measure] = {}
    slugs: set[str] = set()
    for file, item in sorted(loaded, key=lambda pair: pair[1].number):
        _check_references(item, file)
        if item.number in out:
            raise ContentError(file, f"measure {item.number}", "number", "defined twice")
        if item.slug in slugs:
            raise ContentError(file, f"measure {item.number}", "slug", f"{item.slug} used twice")
        out[item.number] = item
        slugs.add(item.slug)
    for file, item in loaded:
        unknown = [number for number in item.related if number not in out]
        if unknown:
            raise ContentError(file, f"measure {item.number}", "related", f"unknown measures {unknown}")
    return out


def measures() -> dict[int, Measure]:
    """Every measure by number, in order (the same object until a content file changes)."""
    files = [*_measure_files(), POLICIES_DIR / "areas.yaml", POLICIES_DIR / "channels.yaml", registry_schema.REGISTRY_PATH]
    return _measures(stamps(files))


def measure(number: int) -> Measure:
    return measures()[number]


def by_area() -> dict[int, list[Measure]]:
    """Areas in order, each with its measures in order."""
    out: dict[int, list[Measure]] = {area_id: [] for area_id in areas()}
    for item in measures().values():
        out[item.area].append(item)
    return out


def source() -> Source:
    """The publication every measure comes from (the seed document of 2023-07-04)."""
    sources = {m.source for m in measures().values()}
    if len(sources) != 1:
        raise ContentError(POLICIES_DIR.name, "measures", "source", f"the measures cite {len(sources)} different sources; expected one")
    return next(iter(sources))
