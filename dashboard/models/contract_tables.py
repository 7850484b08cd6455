"""The "About the data" tables, built by plain functions from the contracts in loaders/ and the
store's status, load history and published figures (tested without a page; drawn by
dashboard.views.about_data). Contract text comes in English and Simplified Chinese;
Traditional Chinese is converted from the Simplified by dashboard.chinese_script (OpenCC).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.chinese_script import to_traditional
from dashboard.context import PageContext
from dashboard.models.published import indicator_words, scope_words, value_words
from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.contract import Contract, Field
from loaders.contracts.indicator_series import CONFIDENCE, QUALIFIER
from loaders.read import parsing, validate


# --- contract text in the viewer's language -------------------------------------------------
def contract_text(lang: str, en: str, zh: str) -> str:
    """A contract's English/Chinese pair in `lang` (Traditional derived from Simplified)."""
    if lang == "en":
        return en or zh
    if lang == "zh_hant":
        return to_traditional(zh or en)
    return zh or en


def dataset_title(lang: str, contract: Contract) -> str:
    return contract_text(lang, contract.title_en, contract.title_zh)


# --- status ----------------------------------------------------------------------------------
def dataset_state(rows: int, demo_rows: int) -> str:
    """demo (every row is demo), real (no demo row), mixed, or empty."""
    if rows == 0:
        return "empty"
    if demo_rows == 0:
        return "real"
    return "demo" if demo_rows >= rows else "mixed"


def status_table(ctx: PageContext, contracts: dict[str, Contract]) -> pd.DataFrame:
    """One row per dataset in contract order: title, id, rows, demo rows, first/last record, last load, status."""
    rows = []
    for name, contract in contracts.items():
        row = ctx.status[ctx.status["dataset"] == name]
        count = int(row["rows"].iloc[0]) if not row.empty else 0
        demo = int(row["demo_rows"].iloc[0]) if not row.empty else 0
        rows.append(
            {
                ctx.t("about.dataset"): dataset_title(ctx.lang, contract),
                ctx.t("about_page.dataset_id"): name,
                ctx.t("about.rows"): count,
                ctx.t("about.demo_rows"): demo,
                ctx.t("about.first"): i18n.format_date(ctx.first_record(name), ctx.lang),
                ctx.t("about.last"): i18n.format_date(ctx.last_record(name), ctx.lang),
                ctx.t("about.as_of"): timestamp_text(ctx.as_of(name)),
                ctx.t("about.status"): ctx.t(f"about.status_{dataset_state(count, demo)}"),
            }
        )
    return pd.DataFrame(rows)


def timestamp_text(value) -> str:
    """A load or record time as 2026-12-01 09:30:00, or — when there is none."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")


# --- contract tables -------------------------------------------------------------------------
def _code_meaning(lang: str, field: Field, code: str) -> str:
    """The name of a code in `lang`: UI code labels, then the reference (ports, countries, places)."""
    kinds = {id(vocab.DIRECTION): "direction", id(vocab.TRANSPORT_MODE): "transport_mode", id(vocab.FRESH_CATEGORY): "category",
             id(vocab.LAB_RESULT): "result", id(vocab.RAIL_DIRECTION): "rail_direction", id(vocab.RAIL_SERVICE): "service", id(CONFIDENCE): "confidence", id(QUALIFIER): "qualifier"}  # fmt: skip
    kind = kinds.get(id(field.codes))
    if kind:
        return i18n.code_label(lang, kind, code)
    for ref_kind in ("customs_code", "country", "place"):
        name = reference.display_name(ref_kind, code, lang)
        if name != code:
            return name
    return ""


def _accepted_summary(ctx: PageContext, field: Field) -> str:
    if field.codes:
        codes = list(field.codes)
        shown = ", ".join(codes[:8]) + (f" … (+{len(codes) - 8})" if len(codes) > 8 else "")
        return shown + (f"; {ctx.t('about_page.open_codes')}" if field.open_codes else "")
    if field.kind == "bool":
        return ctx.t("about_page.accepted_bool", true=" / ".join(parsing.TRUE_SPELLINGS[:4]), false=" / ".join(parsing.FALSE_SPELLINGS[:4]))
    if field.kind == "datetime":
        return ctx.t("about_page.accepted_datetime")
    if field.kind == "date":
        return ctx.t("about_page.accepted_date")
    if field.minimum is not None or field.maximum is not None:
        low = "" if field.minimum is None else f"{field.minimum:g}"
        high = "" if field.maximum is None else f"{field.maximum:g}"
        text = ctx.t("about_page.accepted_range", low=low or "−∞", high=high or "∞")
        if field.kind == "int":
            text += f"; {ctx.t('about_page.whole_numbers')}"
        return text
    if field.kind in ("int", "float"):
        return ctx.t("about_page.whole_numbers") if field.kind == "int" else ctx.t("about_page.any_number")
    return ctx.t("about_page.any_text")


def _other_headers(field: Field) -> str:
    parts = list(field.aliases)
    parts += [f"{header} (×{factor:g})" for header, factor in field.unit_headers.items()]
    return ", ".join(parts)


def fields_table(ctx: PageContext, contract: Contract) -> pd.DataFrame:
    """One row per field of the contract, in file order."""
    yes, no = ctx.t("code.flag_true"), ctx.t("code.flag_false")
    return pd.DataFrame(
        [
            {
                ctx.t("about.column"): f.name,
                ctx.t("about.header_zh"): f.header_zh,
                ctx.t("about.header_en"): f.label_en,
                ctx.t("about.kind"): ctx.t(f"about_page.kind.{f.kind}"),
                ctx.t("about_page.key"): yes if f.name in contract.key else "",
                ctx.t("about.required"): yes if f.required or f.name in contract.key else no,
                ctx.t("about.description"): contract_text(ctx.lang, f.description_en, f.description_zh),
                ctx.t("about.accepted"): _accepted_summary(ctx, f),
                ctx.t("about_page.other_headers"): _other_headers(f),
            }
            for f in contract.fields
        ]
    )


def codes_table(ctx: PageContext, contract: Contract) -> pd.DataFrame:
    """One row per accepted code of every coded field: code, its name in the language, spellings."""
    rows = [
        {
            ctx.t("about.column"): f.name,
            ctx.t("about_page.code_value"): code,
            ctx.t("about_page.meaning"): _code_meaning(ctx.lang, f, code),
            ctx.t("about_page.spellings"): " · ".join(dict.fromkeys(spellings)),
        }
        for f in contract.fields
        if f.codes
        for code, spellings in f.codes.items()
    ]
    return pd.DataFrame(rows)


def derived_table(ctx: PageContext, contract: Contract) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {ctx.t("about.column"): d.name, ctx.t("about_page.definition"): contract_text(ctx.lang, d.description_en, d.description_zh)}
            for d in contract.derived
        ]
    )


def rules_table(ctx: PageContext, contract: Contract) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ctx.t("about_page.rule"): rule.code,
                ctx.t("about.column"): rule.column,
                ctx.t("about_page.reason"): contract_text(ctx.lang, rule.reason_en, rule.reason_zh),
            }
            for rule in contract.rules
        ]
    )


def checks_table(ctx: PageContext) -> pd.DataFrame:
    """The checks every file goes through, whatever the dataset (validate.REASONS)."""
    return pd.DataFrame(
        [
            {ctx.t("about_page.rule"): code, ctx.t("about_page.reason"): contract_text(ctx.lang, en, zh)}
            for code, (en, zh) in validate.REASONS.items()
        ]
    )


# --- provenance ------------------------------------------------------------------------------
SHA_SHOWN = 12


def load_table(ctx: PageContext, history: pd.DataFrame, contracts: dict[str, Contract]) -> pd.DataFrame:
    """One row per load, newest first, with the columns a reader needs to trace a number to its file."""
    yes, no = ctx.t("code.flag_true"), ctx.t("code.flag_false")
    return pd.DataFrame(
        {
            ctx.t("about.dataset"): [dataset_title(ctx.lang, contracts[n]) if n in contracts else n for n in history["dataset"]],
            ctx.t("about_page.file"): history["file_name"],
            ctx.t("about_page.sha256_short"): [str(s)[:SHA_SHOWN] for s in history["sha256"]],
            ctx.t("about_page.rows_read"): history["rows_read"].astype("int64"),
            ctx.t("about_page.rows_accepted"): history["rows_accepted"].astype("int64"),
            ctx.t("about_page.rows_rejected"): history["rows_rejected"].astype("int64"),
            ctx.t("about_page.rows_new"): history["rows_new"].astype("int64"),
            ctx.t("about_page.rows_replaced"): history["rows_replaced"].astype("int64"),
            ctx.t("about_page.rows_unchanged"): history["rows_unchanged"].astype("int64"),
            ctx.t("about_page.started"): [timestamp_text(v) for v in history["started_at"]],
            ctx.t("about_page.finished"): [timestamp_text(v) for v in history["finished_at"]],
            ctx.t("about_page.loader_version"): history["loader_version"],
            ctx.t("about_page.demo"): [yes if bool(v) else no for v in history["is_demo"]],
            ctx.t("about_page.rejects_file"): [v if isinstance(v, str) and v else "—" for v in history["rejects_file"]],
            ctx.t("about_page.sha256"): history["sha256"],
            ctx.t("about_page.load_id"): history["load_id"],
        }
    )


# --- published figures -----------------------------------------------------------------------
def _unit(lang: str, unit: str) -> str:
    """A published figure's unit in the language: the app's unit names, then this page's, else as written."""
    key = str(unit).lower().replace(" ", "_")
    table = i18n.strings(lang)
    return table.get(f"unit.{key}") or table.get(f"about_page.unit.{key}") or str(unit)


def published_table(ctx: PageContext, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per published figure (indicator_series rows that are not demo data); the value and
    its unit right after the name, so a phone shows them without scrolling sideways. The value is
    text to its last digit in the reader's units (316,000 / 31.6万), worded as published (400余 /
    more than 400, 约20万 / about 200,000): written out whole, it cannot be clipped at its leading
    digits the way a right-aligned number was."""
    return pd.DataFrame(
        {
            ctx.t("about_page.indicator"): [indicator_words(ctx, i) for i in figures["indicator_id"]],
            ctx.t("about_page.value"): value_words(ctx, figures),
            ctx.t("about_page.unit_label"): [_unit(ctx.lang, u) for u in figures["unit"]],
            ctx.t("about_page.indicator_id"): figures["indicator_id"],
            ctx.t("about_page.scope"): [scope_words(ctx, s) for s in figures["scope"]],
            ctx.t("about_page.period_start"): [i18n.format_date(v, ctx.lang) for v in figures["period_start"]],
            ctx.t("about_page.period_end"): [i18n.format_date(v, ctx.lang) for v in figures["period_end"]],
            ctx.t("about_page.source"): figures["source"],
            ctx.t("about_page.url"): [v if isinstance(v, str) and v else None for v in figures["source_url"]],
            ctx.t("about_page.confidence"): [
                i18n.code_label(ctx.lang, "confidence", c) if isinstance(c, str) and c else "—" for c in figures["confidence"]
            ],
            ctx.t("about_page.note"): [v if isinstance(v, str) else "" for v in figures["note"]],
        }
    )


REPRINT_MARK = "(seen in a reprint; not linked)"  # how the reference marks a figure seen only in a reprint (its README)


@dataclass(frozen=True)
class Sourcing:
    """How the quoted figures are sourced: how many link to the original publisher's page, how many
    were seen only in reprints (no link, by design), how many have neither; and by whom."""

    total: int
    linked: int
    reprint: int
    other: int
    by_publisher: pd.DataFrame  # publisher, figures, linked, reprint_only; most figures first


def sourcing(figures: pd.DataFrame) -> Sourcing:
    """`figures`: the published (non-demo) indicator_series rows, with source and source_url."""
    source = figures["source"].fillna("").astype(str)
    linked = figures["source_url"].fillna("").astype(str).str.strip() != ""
    reprint = ~linked & source.str.contains(REPRINT_MARK, regex=False)
    publisher = source.str.replace(REPRINT_MARK, "", regex=False).str.strip()
    table = (
        pd.DataFrame({"publisher": publisher, "figures": 1, "linked": linked.astype(int), "reprint_only": reprint.astype(int)})
        .groupby("publisher", as_index=False)
        .sum()
        .sort_values(["figures", "publisher"], ascending=[False, True], ignore_index=True)
    )
    return Sourcing(len(figures), int(linked.sum()), int(reprint.sum()), int((~linked & ~reprint).sum()), table)
