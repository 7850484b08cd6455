"""The "About the data" views: dataset contracts, store status, load provenance, published figures
and how to load real files. The tables come from dashboard.models.contract_tables (plain
functions); the `*_section` functions here draw them. Everything shown comes from the contracts in
loaders/ and from the store; only the headings and explanations come from the string tables.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.components.safe_text import plain
from dashboard.components.tables import show_table
from dashboard.context import PageContext
from dashboard.models.contract_tables import (
    SHA_SHOWN,
    checks_table,
    codes_table,
    contract_text,
    dataset_state,
    dataset_title,
    derived_table,
    fields_table,
    load_table,
    published_table,
    rules_table,
    sourcing,
    status_table,
    timestamp_text,
)
from loaders import settings
from loaders.cli import EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED, EXIT_UNREADABLE
from loaders.contracts.contract import Contract
from loaders.paths import REJECTS_DIR, REPO_ROOT
from loaders.queries.overview import TIME_COLUMNS
from loaders.read import parsing, readers

STATE_COLOURS: dict[str, Literal["orange", "green", "violet", "gray"]] = {
    "demo": "orange",
    "real": "green",
    "mixed": "violet",
    "empty": "gray",
}

ROW_PX, MAX_ROWS_SHOWN = 35, 25


def _table(frame: pd.DataFrame, **config) -> None:
    """A table tall enough to show every row up to MAX_ROWS_SHOWN (no scrolling inside short tables);
    counts and values with thousands separators in the reader's locale."""
    height = ROW_PX * (min(len(frame), MAX_ROWS_SHOWN) + 1) + 3
    show_table(frame, config, height=height)


def _status_line(ctx: PageContext, name: str) -> None:
    row = ctx.status[ctx.status["dataset"] == name]
    count = int(row["rows"].iloc[0]) if not row.empty else 0
    demo = int(row["demo_rows"].iloc[0]) if not row.empty else 0
    state = dataset_state(count, demo)
    st.badge(ctx.t(f"about.status_{state}"), color=STATE_COLOURS[state])
    st.caption(
        ctx.t(
            "about_page.status_line",
            rows=i18n.format_number(count, 0, ctx.lang, large_units=False),
            demo_rows=i18n.format_number(demo, 0, ctx.lang, large_units=False),
            first=i18n.format_date(ctx.first_record(name), ctx.lang),
            last=i18n.format_date(ctx.last_record(name), ctx.lang),
            time_column=TIME_COLUMNS.get(name, "—"),
            as_of=timestamp_text(ctx.as_of(name)),
        )
    )


def contract_section(ctx: PageContext, contract: Contract) -> None:
    """One dataset: status from the store, then its contract (fields, codes, derived columns, rules)."""
    st.subheader(dataset_title(ctx.lang, contract), anchor=contract.dataset)
    _status_line(ctx, contract.dataset)
    st.markdown(
        f"**{ctx.t('about.grain')}**: {contract_text(ctx.lang, contract.grain_en, contract.grain_zh)}  \n"
        f"**{ctx.t('about_page.key')}**: `{'`, `'.join(contract.key)}` — {ctx.t('about_page.key_note')}  \n"
        f"**{ctx.t('about_page.table')}**: `{contract.dataset}`"
    )
    st.markdown(f"**{ctx.t('about_page.fields')}**")
    _table(fields_table(ctx, contract))
    st.caption(ctx.t("about_page.fields_note"))
    codes = codes_table(ctx, contract)
    if not codes.empty:
        st.markdown(f"**{ctx.t('about_page.codes')}**")  # the section sits in the operators' expander: none inside it
        _table(codes)
    if contract.derived:
        st.markdown(f"**{ctx.t('about_page.derived')}**")
        _table(derived_table(ctx, contract))
    if contract.rules:
        st.markdown(f"**{ctx.t('about_page.rules')}**")
        _table(rules_table(ctx, contract))
        st.caption(ctx.t("about_page.rules_note"))


def contracts_section(ctx: PageContext, contracts: dict[str, Contract]) -> None:
    st.header(ctx.t("about.contract"), anchor="contracts")
    st.markdown(ctx.t("about_page.contracts_intro"))
    for tab, contract in zip(st.tabs([dataset_title(ctx.lang, c) for c in contracts.values()]), contracts.values(), strict=True):
        with tab:
            contract_section(ctx, contract)
    st.markdown(f"**{ctx.t('about_page.checks')}**")
    _table(checks_table(ctx))


def status_section(ctx: PageContext, contracts: dict[str, Contract]) -> None:
    st.header(ctx.t("about.datasets"), anchor="datasets")
    _table(status_table(ctx, contracts))
    st.caption(ctx.t("about_page.status_note"))


def loads_section(ctx: PageContext, history: pd.DataFrame, contracts: dict[str, Contract]) -> None:
    st.header(ctx.t("about.loads"), anchor="loads")
    st.markdown(ctx.t("about_page.loads_intro"))
    if history.empty:
        st.info(ctx.t("about_page.no_loads"))
        return
    short, full = ctx.t("about_page.sha256_short"), ctx.t("about_page.sha256")
    _table(
        load_table(ctx, history, contracts),
        **{
            short: st.column_config.TextColumn(short, help=ctx.t("about_page.sha256_help", shown=SHA_SHOWN, column=full)),
            full: st.column_config.TextColumn(full, width="large"),
        },
    )


def published_section(ctx: PageContext, figures: pd.DataFrame) -> None:
    st.header(ctx.t("about_page.published"), anchor="published")
    st.markdown(ctx.t("about_page.published_intro"))
    if figures.empty:
        st.info(ctx.t("about_page.no_published"))
        return
    url = ctx.t("about_page.url")
    value, name, unit = ctx.t("about_page.value"), ctx.t("about_page.indicator"), ctx.t("about_page.unit_label")
    _table(
        published_table(ctx, figures),
        **{
            url: st.column_config.LinkColumn(url, help=ctx.t("about_page.url_help")),
            value: st.column_config.TextColumn(value, width="small"),
            name: st.column_config.TextColumn(name, width=250),  # the longest Chinese name whole
            unit: st.column_config.TextColumn(unit, width=90),  # 车次/日, head per day
        },
    )
    st.caption(ctx.t("about_page.confidence_note"))
    sourcing_section(ctx, figures)


def sourcing_section(ctx: PageContext, figures: pd.DataFrame) -> None:
    """How the quoted figures are sourced, with counts, and by whom."""
    found = sourcing(figures)
    st.markdown(
        ctx.t(
            "about_page.sourcing",
            total=found.total,
            linked=found.linked,
            reprint=found.reprint,
            other=found.other,
            publishers=len(found.by_publisher),
        )
    )
    st.subheader(ctx.t("about_page.sourcing_by_whom"), anchor="sourcing")
    _table(
        found.by_publisher.rename(
            columns={
                "publisher": ctx.t("about_page.publisher"),
                "figures": ctx.t("about_page.figures"),
                "linked": ctx.t("about_page.linked"),
                "reprint_only": ctx.t("about_page.reprint_only"),
            }
        )
    )


def data_contact_section(ctx: PageContext) -> None:
    """Who answers questions about this dashboard's data: the authority's data contact (a setting)."""
    st.header(ctx.t("about_page.data_contact_heading"), anchor="data-contact")
    contact = settings.DATA_CONTACT.get()
    st.markdown(ctx.t("about_page.data_contact", contact=plain(contact)) if contact else ctx.t("about_page.data_contact_unset"))


# --- how to load real files ------------------------------------------------------------------
def _relative(path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def how_to_load_section(ctx: PageContext, contracts: dict[str, Contract]) -> None:
    """CLI commands in code blocks; formats, dates, exit codes and rejects explained in the language."""
    st.header(ctx.t("about.how_to_load"), anchor="how-to-load")
    st.markdown(ctx.t("about_page.howto.intro", datasets=", ".join(f"`{n}`" for n in contracts)))
    st.markdown(ctx.t("about_page.howto.check"))
    st.code(
        "python -m loaders check DATASET FILE [FILE ...]\npython -m loaders check clearance datasets/samples/clearance_bad_rows.csv",
        language="bash",
        wrap_lines=True,
    )
    st.markdown(ctx.t("about_page.howto.load"))
    st.code(
        "python -m loaders load clearance clearance_2024-06.xlsx clearance_2024-07.csv.gz\n"
        "python -m loaders load clearance clearance_2024-06.xlsx --strict\n"
        "DASHBOARD_DB_URL=postgresql+psycopg://user@host/dbname python -m loaders load fresh_produce fresh_2024-06.csv\n"
        "python -m loaders status",
        language="bash",
        wrap_lines=True,
    )
    st.markdown(ctx.t("about_page.howto.demo"))
    st.code("make demo            # python -m loaders demo --if-missing", language="bash")
    st.subheader(ctx.t("about_page.howto.formats_title"), anchor=False)
    st.markdown(ctx.t("about_page.howto.formats", rows=readers.HEADER_SEARCH_ROWS))
    st.subheader(ctx.t("about_page.howto.values_title"), anchor=False)
    st.markdown(
        ctx.t(
            "about_page.howto.values",
            true=", ".join(f"`{s}`" for s in parsing.TRUE_SPELLINGS),
            false=", ".join(f"`{s}`" for s in parsing.FALSE_SPELLINGS),
            tz=parsing.LOCAL_TZ,
        )
    )
    st.subheader(ctx.t("about_page.howto.exit_title"), anchor=False)
    codes = pd.DataFrame(
        {
            ctx.t("about_page.howto.exit_code"): [0, EXIT_UNREADABLE, EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED],
            ctx.t("about_page.howto.exit_meaning"): [
                ctx.t(f"about_page.howto.exit_{k}") for k in ("ok", "unreadable", "rejected", "strict")
            ],
        }
    )
    _table(codes)
    st.subheader(ctx.t("about_page.howto.rejects_title"), anchor=False)
    st.markdown(ctx.t("about_page.howto.rejects", folder=_relative(REJECTS_DIR)))
