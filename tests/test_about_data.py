"""The "About the data" page: contracts rendered from the contracts themselves, status and
provenance from the store, published figures with their sources, and the loading guide."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.chinese_script import to_traditional
from dashboard.context import PageContext
from dashboard.models import contract_tables as about
from loaders.cli import EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED, EXIT_UNREADABLE
from loaders.contracts.datasets import CONTRACTS
from loaders.paths import REPO_ROOT
from loaders.queries.indicator_series import indicator_series
from loaders.queries.overview import dataset_status, load_history
from loaders.store import engines
from tests.apptest_helpers import run_page
from tests.test_i18n import SIMPLIFIED_ONLY

PAGE = "pages/about_data.py"
PUBLISHED_CSV = REPO_ROOT / "datasets" / "reference" / "published_figures.csv"


@pytest.fixture(scope="module")
def facts(demo_store_url):
    """What the store says, read straight from the data layer."""
    engine = engines.read_engine(demo_store_url)
    try:
        yield {
            "status": dataset_status(engine),
            "loads": load_history(engine),
            "published": indicator_series(engine, is_demo=False),
        }
    finally:
        engine.dispose()


def context(url: str, facts: dict, lang: str) -> PageContext:
    return PageContext(lang, url, "test", facts["status"])


# --- Traditional Chinese from the contracts' Simplified text ----------------------------------------
@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("运抵至放行（整体通关时间），小时", "運抵至放行（整體通關時間），小時"),
        ("文件内主键重复", "文件內主鍵重複"),
        ("恢复放行之后", "恢復放行之後"),
        ("每行一个指标、范围和期间", "每行一個指標、範圍和期間"),
    ],
)
def test_to_traditional(simplified, traditional):
    assert to_traditional(simplified) == traditional


def _contract_texts(lang: str) -> list[str]:
    texts = []
    for contract in CONTRACTS.values():
        texts += [about.dataset_title(lang, contract), about.contract_text(lang, contract.grain_en, contract.grain_zh)]
        texts += [about.contract_text(lang, f.description_en, f.description_zh) for f in contract.fields]
        texts += [about.contract_text(lang, r.reason_en, r.reason_zh) for r in contract.rules]
        texts += [about.contract_text(lang, d.description_en, d.description_zh) for d in contract.derived]
    return texts


def test_contract_text_in_traditional_chinese_has_no_simplified_only_characters():
    leftovers = {
        text: [c for c in text if c in SIMPLIFIED_ONLY] for text in _contract_texts("zh_hant") if any(c in SIMPLIFIED_ONLY for c in text)
    }
    assert leftovers == {}


def test_contract_text_in_each_language_comes_from_the_contract():
    clearance = CONTRACTS["clearance"]
    rule = clearance.rules[0]
    assert about.contract_text("en", rule.reason_en, rule.reason_zh) == rule.reason_en
    assert about.contract_text("zh_hans", rule.reason_en, rule.reason_zh) == rule.reason_zh
    assert about.contract_text("zh_hant", rule.reason_en, rule.reason_zh) == to_traditional(rule.reason_zh) != rule.reason_zh


# --- contract tables ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", list(CONTRACTS))
def test_contract_tables_list_every_field_code_rule_and_derived_column(demo_store_url, facts, lang, name):
    ctx, contract = context(demo_store_url, facts, lang), CONTRACTS[name]
    fields = about.fields_table(ctx, contract)
    assert len(fields) == len(contract.fields)
    assert list(fields[ctx.t("about.header_zh")]) == [f.header_zh for f in contract.fields]
    assert list(fields[ctx.t("about.header_en")]) == [f.label_en for f in contract.fields]
    is_key = fields[ctx.t("about_page.key")] == ctx.t("code.flag_true")
    assert list(fields.loc[is_key, ctx.t("about.column")]) == list(contract.key)
    required = dict(zip([f.name for f in contract.fields], fields[ctx.t("about.required")], strict=True))
    assert all(required[f.name] == ctx.t("code.flag_true") for f in contract.fields if f.required)

    codes = about.codes_table(ctx, contract)
    expected_codes = [(f.name, code) for f in contract.fields if f.codes for code in f.codes]
    assert list(zip(codes.get(ctx.t("about.column"), []), codes.get(ctx.t("about_page.code_value"), []), strict=True)) == expected_codes
    if expected_codes:
        for (field, code), spellings in zip(expected_codes, codes[ctx.t("about_page.spellings")], strict=True):
            assert set(spellings.split(" · ")) == set(contract.field(field).codes[code])

    rules = about.rules_table(ctx, contract)
    assert list(rules.get(ctx.t("about_page.rule"), [])) == [r.code for r in contract.rules]
    assert list(rules.get(ctx.t("about_page.reason"), [])) == [about.contract_text(lang, r.reason_en, r.reason_zh) for r in contract.rules]
    derived = about.derived_table(ctx, contract)
    assert list(derived.get(ctx.t("about.column"), [])) == [d.name for d in contract.derived]


def test_code_meanings_are_in_the_viewers_language(demo_store_url, facts):
    en = about.codes_table(context(demo_store_url, facts, "en"), CONTRACTS["clearance"]).set_index("Code (stored)")["Meaning"]
    hant = about.codes_table(context(demo_store_url, facts, "zh_hant"), CONTRACTS["clearance"])
    assert en["import"] == "Import" and en["road"] == "Road" and en["5301"] == "Huanggang"
    assert dict(zip(hant.iloc[:, 1], hant.iloc[:, 2], strict=True))["5301"] == "皇崗"


# --- status and provenance ------------------------------------------------------------------------
@pytest.mark.parametrize(("rows", "demo_rows", "state"), [(0, 0, "empty"), (10, 0, "real"), (10, 10, "demo"), (10, 3, "mixed")])
def test_dataset_state(rows, demo_rows, state):
    assert about.dataset_state(rows, demo_rows) == state


def test_status_table_counts_what_the_store_holds(demo_store_url, facts):
    ctx = context(demo_store_url, facts, "en")
    table = about.status_table(ctx, CONTRACTS).set_index("Table")
    status = facts["status"].set_index("dataset")
    assert list(table.index) == list(CONTRACTS)
    for name in CONTRACTS:
        assert table.loc[name, "Rows"] == status.loc[name, "rows"]
        assert table.loc[name, "Demo rows"] == status.loc[name, "demo_rows"]
        state = about.dataset_state(int(status.loc[name, "rows"]), int(status.loc[name, "demo_rows"]))
        assert table.loc[name, "Status"] == i18n.t("en", f"about.status_{state}")
    assert table.loc["indicator_series", "Status"] == i18n.t("en", "about.status_mixed"), "demo series and published figures"


def test_load_table_traces_every_load(demo_store_url, facts):
    ctx = context(demo_store_url, facts, "en")
    loads = facts["loads"]
    table = about.load_table(ctx, loads, CONTRACTS)
    assert len(table) == len(loads) > 0
    assert list(table["SHA-256 (full)"]) == list(loads["sha256"])
    assert all(
        full.startswith(short) and len(short) == about.SHA_SHOWN
        for short, full in zip(table["SHA-256 (start)"], table["SHA-256 (full)"], strict=True)
    )
    for column, source in (("Rows read", "rows_read"), ("Accepted", "rows_accepted"), ("Rejected", "rows_rejected"), ("New", "rows_new")):
        assert list(table[column]) == list(loads[source])
    assert (table["Accepted"] + table["Rejected"] == table["Rows read"]).all()
    assert set(table["Demo data"]) <= {"Yes", "No"} and "No" in set(table["Demo data"]), "published figures are a real load"


def test_published_table_lists_every_published_figure_with_its_source(demo_store_url, facts):
    ctx = context(demo_store_url, facts, "en")
    published = facts["published"]
    table = about.published_table(ctx, published)
    assert len(table) == len(published) > 0
    assert list(table["Source"]) == list(published["source"])
    assert table["Link"].notna().sum() == published["source_url"].notna().sum()
    assert set(table["Confidence"]) <= {"High", "Medium", "Low", "—"}
    assert table.loc[table["Indicator id"] == "clearance.overall_hours_mean.import", "Indicator"].iloc[0] == "Import clearance time (mean)"


# --- the page -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_page_shows_contracts_loads_sources_and_the_guide(app_env, facts, lang):
    app = run_page(PAGE, lang)
    assert not app.exception, [e.value for e in app.exception]
    subheaders = [s.value for s in app.subheader]
    for contract in CONTRACTS.values():
        assert about.dataset_title(lang, contract) in subheaders
    headers = [h.value for h in app.header]
    for key in ("about.datasets", "about.contract", "about.loads", "about_page.published", "about.how_to_load"):
        assert i18n.t(lang, key) in headers
    tables = [t.value for t in app.get("dataframe")]
    assert any(len(t) == len(facts["loads"]) and i18n.t(lang, "about_page.sha256") in t.columns for t in tables)
    assert any(len(t) == len(facts["published"]) and i18n.t(lang, "about_page.source") in t.columns for t in tables)
    code = "\n".join(block.value for block in app.code)
    assert "python -m loaders check" in code and "python -m loaders load" in code and "--strict" in code
    exits = next(t for t in tables if i18n.t(lang, "about_page.howto.exit_code") in t.columns)
    assert sorted(exits.iloc[:, 0]) == sorted([0, EXIT_UNREADABLE, EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED])
    warnings = [w.value for w in app.warning]
    assert any(i18n.t(lang, "app.demo_badge") in w for w in warnings), "demo data is labelled"


def test_traditional_chinese_page_shows_traditional_contract_rules(app_env):
    app = run_page(PAGE, "zh_hant")
    reasons = [
        value
        for table in app.get("dataframe")
        if i18n.t("zh_hant", "about_page.reason") in table.value.columns
        for value in table.value[i18n.t("zh_hant", "about_page.reason")]
    ]
    assert reasons and not [r for r in reasons if any(c in SIMPLIFIED_ONLY for c in r)]


# --- how the quoted figures are sourced, and who answers questions about the data ---------------
def test_sourcing_counts_linked_originals_reprints_and_the_rest_by_publisher(facts):
    """Counted from the shared reference itself: 20 figures link to the original page, 19 were seen
    only in reprints (no link, by design), 2 have neither (the measures' own text)."""
    found = about.sourcing(facts["published"])
    reference = pd.read_csv(PUBLISHED_CSV, dtype=str, keep_default_na=False)
    assert found.total == len(reference) == len(facts["published"])
    assert (found.linked, found.reprint, found.other) == (
        int((reference["source_url"] != "").sum()),
        int(reference["publisher"].str.contains("seen in a reprint").sum()),
        int(((reference["source_url"] == "") & ~reference["publisher"].str.contains("seen in a reprint")).sum()),
    )
    assert found.linked + found.reprint + found.other == found.total
    assert found.by_publisher["figures"].sum() == found.total
    people = found.by_publisher.set_index("publisher").loc["People's Daily"]
    assert (people["figures"], people["linked"], people["reprint_only"]) == (4, 4, 0)
    assert not found.by_publisher["publisher"].str.contains("reprint").any(), "the reprint mark is counted, not repeated in the name"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_page_states_how_figures_are_sourced_and_whom_to_ask_about_the_data(app_env, facts, lang, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_CONTACT", "统计分析处 data@example.gov.cn")
    app = run_page(PAGE, lang)
    assert not app.exception, [e.value for e in app.exception]
    found = about.sourcing(facts["published"])
    text = "\n".join(m.value for m in app.markdown)
    assert (
        i18n.t(
            lang,
            "about_page.sourcing",
            total=found.total,
            linked=found.linked,
            reprint=found.reprint,
            other=found.other,
            publishers=len(found.by_publisher),
        )
        in text
    )
    assert "统计分析处 data@" in text and "example.gov.cn" in text, "the contact as set (shown as text, never as a mail link)"
    plain = i18n.t(lang, "about_page.plain_intro")
    assert "12360" in plain and i18n.t(lang, "about_page.data_contact_heading") in plain, (
        "12360 for policies; the data contact for the data"
    )
    assert i18n.t(lang, "about_page.data_contact_heading") in [h.value for h in app.header]


def test_without_a_data_contact_the_page_does_not_send_data_questions_to_12360(app_env):
    app = run_page(PAGE, "en")
    text = "\n".join(m.value for m in app.markdown)
    assert i18n.t("en", "about_page.data_contact_unset") in text
