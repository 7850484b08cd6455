"""The "About the data" views: dataset contracts, store status, load provenance, published figures
and how to load real files. Tables are built by plain functions (tested without a page) and drawn
by the `*_section` functions. Everything shown comes from the contracts in loaders/ and from the
store; only the headings and explanations come from the string tables.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard import i18n, registry
from dashboard.context import PageContext
from loaders import parsing, readers, reference, validate, vocab
from loaders.__main__ import EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED, EXIT_UNREADABLE
from loaders.contract import Contract, Field
from loaders.paths import REJECTS_DIR, REPO_ROOT
from loaders.queries.overview import TIME_COLUMNS

# --- contract text in the viewer's language -------------------------------------------------
# Contracts carry English and Simplified Chinese. Traditional Chinese is derived by converting the
# Simplified text: phrases whose character has more than one traditional form first, then single
# characters (the vocabulary of customs data contracts; tests check that no simplified-only
# character is left in what the page shows).
_HANT_PHRASES = {
    "恢复": "恢復",
    "答复": "答覆",
    "往复": "往復",
    "复工": "復工",
    "头发": "頭髮",
    "皇后": "皇后",
    "以后": "以後",
    "之后": "之後",
}
_HANT_PAIRS = (
    "与與 个個 为為 产產 体體 关關 写寫 别別 区區 单單 发發 围圍 复複 头頭 岗崗 开開 报報 数數 无無 时時 标標 样樣 检檢 欧歐 测測"
    " 称稱 结結 记記 证證 识識 该該 货貨 较較 输輸 达達 过過 运運 进進 钟鐘 键鍵 间間 项項 须須 验驗 鲜鮮 内內 于於 范範 离離 码碼"
    " 这這 们們 据據 湾灣 号號 车車 辆輛 铁鐵 链鏈 线線 图圖 国國 门門 华華 东東 广廣 场場 电電 类類 实實 际際 种種 业業 务務 条條"
    " 总總 计計 统統 书書 对對 应應 从從 后後 来來 长長 认認 库庫 仓倉 贸貿 闸閘 账賬 资資 额額 价價 边邊 机機 经經 营營 质質 险險"
    " 审審 阶階 处處 办辦 员員 顺順 态態 状狀 况況 级級 组組 织織 规規 则則 划劃 转轉 换換 传傳 载載 装裝 吨噸 万萬 亿億 两兩 监監"
    " 预預 约約 备備 签簽 仅僅 将將 还還 并並 专專 简簡 页頁 显顯 选選 择擇 筛篩 历歷 变變 动動 罗羅 莲蓮 锦錦 陆陸 桥橋 岛島 盐鹽"
    " 宝寶 龙龍 妈媽 鲁魯 马馬 乌烏 兹茲 兰蘭 汉漢 韩韓 维維 奥奧 亚亞 尔爾 滨濱 庆慶 齐齊 轮輪 飞飛 邮郵 递遞 储儲 币幣 汇匯 补補"
    " 录錄 编編 确確 义義 问問 题題 难難 决決 论論 讯訊 询詢 请請 许許 试試 课課 训訓 讲講 师師 视視 频頻 网網 络絡 终終 点點 农農"
    " 渔漁 鱼魚 虾蝦 贝貝 鸡雞 鸭鴨 猪豬 冻凍 启啟 闭閉 厢廂 柜櫃 册冊 张張 节節 当當 凭憑 优優 护護 卫衛 损損 坏壞 势勢 闻聞 读讀"
    " 谁誰 阅閱 阳陽 阴陰 气氣 温溫 湿濕 净淨 续續 缴繳 费費 税稅 纳納 设設 错錯 误誤"
)
SIMPLIFIED_TO_TRADITIONAL: dict[str, str] = {pair[0]: pair[1] for pair in _HANT_PAIRS.split()}
_HANT_CHARS = str.maketrans(SIMPLIFIED_TO_TRADITIONAL)


def to_traditional(text: str) -> str:
    """Simplified -> Traditional Chinese for contract text (phrases first, then characters)."""
    kept: list[str] = []
    for simplified, traditional in _HANT_PHRASES.items():
        if simplified in text:
            kept.append(traditional)
            text = text.replace(simplified, f"\x00{len(kept) - 1}\x00")
    text = text.translate(_HANT_CHARS)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


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


STATE_COLOURS = {"demo": "orange", "real": "green", "mixed": "violet", "empty": "gray"}


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
                ctx.t("about.as_of"): _stamp(ctx.as_of(name)),
                ctx.t("about.status"): ctx.t(f"about.status_{dataset_state(count, demo)}"),
            }
        )
    return pd.DataFrame(rows)


def _stamp(value) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")


# --- contract tables -------------------------------------------------------------------------
def _code_meaning(lang: str, field: Field, code: str) -> str:
    """The name of a code in `lang`: UI code labels, then the reference (ports, countries, places)."""
    kinds = {id(vocab.DIRECTION): "direction", id(vocab.TRANSPORT_MODE): "transport_mode", id(vocab.FRESH_CATEGORY): "category",
             id(vocab.LAB_RESULT): "result", id(vocab.RAIL_DIRECTION): "rail_direction", id(vocab.RAIL_SERVICE): "service"}  # fmt: skip
    kind = kinds.get(id(field.codes))
    if kind:
        return i18n.code_label(lang, kind, code)
    label = i18n.strings(lang).get(f"about_page.code.{field.name}.{code}")
    if label:
        return label
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


ROW_PX, MAX_ROWS_SHOWN = 35, 25


def _table(frame: pd.DataFrame, **config) -> None:
    """A table tall enough to show every row up to MAX_ROWS_SHOWN (no scrolling inside short tables);
    counts and values with thousands separators in the reader's locale."""
    height = ROW_PX * (min(len(frame), MAX_ROWS_SHOWN) + 1) + 3
    numbers = {
        column: st.column_config.NumberColumn(column, format="localized")
        for column in frame.columns
        if pd.api.types.is_numeric_dtype(frame[column])
    }
    st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config={**numbers, **config} or None)


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
            as_of=_stamp(ctx.as_of(name)),
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
        with st.expander(ctx.t("about_page.codes"), expanded=False):
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
            ctx.t("about_page.started"): [_stamp(v) for v in history["started_at"]],
            ctx.t("about_page.finished"): [_stamp(v) for v in history["finished_at"]],
            ctx.t("about_page.loader_version"): history["loader_version"],
            ctx.t("about_page.demo"): [yes if bool(v) else no for v in history["is_demo"]],
            ctx.t("about_page.rejects_file"): [v if isinstance(v, str) and v else "—" for v in history["rejects_file"]],
            ctx.t("about_page.sha256"): history["sha256"],
            ctx.t("about_page.load_id"): history["load_id"],
        }
    )


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


# --- published figures -----------------------------------------------------------------------
def _label(lang: str, prefix: str, value: str) -> str:
    return i18n.strings(lang).get(f"{prefix}.{str(value).replace(' ', '_')}", str(value))


def _unit(lang: str, unit: str) -> str:
    """A published figure's unit in the language: the app's unit names, then this page's, else as written."""
    key = str(unit).lower().replace(" ", "_")
    table = i18n.strings(lang)
    return table.get(f"unit.{key}") or table.get(f"about_page.unit.{key}") or str(unit)


def published_name(ctx: PageContext, indicator_id: str) -> str:
    """A published figure's name: the registry's title, else this page's name for it (figures with
    no card of their own, e.g. fresh.fruit_t), never the raw id alone."""
    indicators = registry.indicators()
    if indicator_id in indicators:
        return ctx.pick(indicators[indicator_id].title)
    return i18n.strings(ctx.lang).get("numbers.published_name." + indicator_id.replace(".", "_"), indicator_id)


def published_value(value: float, lang: str) -> str:
    """The number as text, to its last digit in the reader's units (316,000 / 31.6万): written out
    whole, it cannot be clipped at its leading digits the way a right-aligned number was."""
    return i18n.format_exact(value, lang)


def published_table(ctx: PageContext, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per published figure (indicator_series rows that are not demo data); the value and
    its unit right after the name, so a phone shows them without scrolling sideways."""
    return pd.DataFrame(
        {
            ctx.t("about_page.indicator"): [published_name(ctx, i) for i in figures["indicator_id"]],
            ctx.t("about_page.value"): [published_value(v, ctx.lang) for v in figures["value"]],
            ctx.t("about_page.unit_label"): [_unit(ctx.lang, u) for u in figures["unit"]],
            ctx.t("about_page.indicator_id"): figures["indicator_id"],
            ctx.t("about_page.scope"): [_label(ctx.lang, "about_page.scope_name", s) for s in figures["scope"]],
            ctx.t("about_page.period_start"): [i18n.format_date(v, ctx.lang) for v in figures["period_start"]],
            ctx.t("about_page.period_end"): [i18n.format_date(v, ctx.lang) for v in figures["period_end"]],
            ctx.t("about_page.source"): figures["source"],
            ctx.t("about_page.url"): [v if isinstance(v, str) and v else None for v in figures["source_url"]],
            ctx.t("about_page.confidence"): [
                _label(ctx.lang, "about_page.code.confidence", c) if isinstance(c, str) else "—" for c in figures["confidence"]
            ],
            ctx.t("about_page.note"): [v if isinstance(v, str) else "" for v in figures["note"]],
        }
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
