"""Format samples: the same synthetic rows of each dataset in the three shapes people bring.

    python -m tools.samples            # rewrites datasets/samples/

For every contract in loaders.datasets.CONTRACTS:

- `<dataset>_zh_gbk.csv`      Chinese headers (Field.header_zh), GBK, coded values in Chinese,
                              是/否, datetimes mixing 2023/7/4 9:30 and 2023年7月4日 9时30分
- `<dataset>_en_utf8.csv`     English headers (Field.label_en), UTF-8, canonical codes, ISO datetimes
- `<dataset>_title_row.xlsx`  a title in row 1, row 2 blank, Chinese header in row 3, real Excel
                              date/time cells

All three hold the same rows, so they load into identical store contents. Plus
`clearance_bad_rows.csv`: one bad row for each way the clearance contract rejects a row,
between a few good ones (see BAD_CLEARANCE_ROWS).

The rows are synthetic (numpy default_rng(SEED)) and satisfy every contract rule. Output is
byte-for-byte reproducible, XLSX included, so regenerating changes nothing unless the
contracts or this module change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from loaders import reference, vocab
from loaders.contract import Contract, Field
from loaders.datasets import CONTRACTS
from loaders.indicator_series import CONFIDENCE
from loaders.paths import DATASETS_DIR

SAMPLES_DIR = DATASETS_DIR / "samples"
SEED = 20240131
ROWS = 300
EXPORT_MONTH = "2024-01"
_START = dt.datetime(2023, 7, 1)
_MINUTES_IN_HALF_YEAR = 183 * 24 * 60
# Fixed archive timestamps so the XLSX bytes do not change from one run to the next.
_XLSX_STAMP = dt.datetime(2024, 1, 31, 9, 0)

Row = dict[str, object]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


# ---------------------------------------------------------------- spellings


def zh_spelling(f: Field, code: str) -> str:
    """The first all-Chinese spelling the contract accepts for a code (the code itself if none).

    "All-Chinese" skips generated variants such as 5301海关 or SZ_HUANGGANG口岸.
    """
    assert f.codes is not None
    for spelling in f.codes.get(code, ()):
        if _CJK.search(spelling) and not _ASCII_ALNUM.search(spelling):
            return spelling
    return code


def _zh_datetime(value: dt.datetime, style: int) -> str:
    if style % 2:
        return f"{value.year}年{value.month}月{value.day}日 {value.hour}时{value.minute}分"
    return f"{value.year}/{value.month}/{value.day} {value.hour}:{value.minute:02d}"


def _zh_date(value: dt.date, style: int) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if style % 2 else f"{value.year}/{value.month}/{value.day}"


def _number_text(value: float | int, thousands: bool = False) -> str:
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return f"{int(value):,}" if thousands else str(int(value))


def zh_cell(f: Field, value: object, row_index: int) -> str:
    """A value as a Chinese export writes it."""
    if value is None:
        return ""
    if f.kind == "code":
        return zh_spelling(f, str(value))
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "datetime":
        return _zh_datetime(value, row_index)  # type: ignore[arg-type]
    if f.kind == "date":
        return _zh_date(value, row_index)  # type: ignore[arg-type]
    if f.kind in ("int", "float"):
        return _number_text(value, thousands=f.name.endswith("_cny"))  # type: ignore[arg-type]
    return str(value)


def en_cell(f: Field, value: object) -> str:
    """A value in canonical form: codes, true/false, ISO 8601."""
    if value is None:
        return ""
    if f.kind == "bool":
        return "true" if value else "false"
    if f.kind in ("datetime", "date"):
        return value.isoformat()  # type: ignore[union-attr]
    if f.kind in ("int", "float"):
        return _number_text(value)  # type: ignore[arg-type]
    return str(value)


# ---------------------------------------------------------------- synthetic rows


def _minute(rng: np.random.Generator, low_hours: float, high_hours: float) -> dt.timedelta:
    return dt.timedelta(minutes=int(rng.integers(int(low_hours * 60), int(high_hours * 60) + 1)))


def _moment(rng: np.random.Generator) -> dt.datetime:
    return _START + dt.timedelta(minutes=int(rng.integers(0, _MINUTES_IN_HALF_YEAR)))


def _places(kind: str) -> list[str]:
    return [p["place_id"] for p in reference.places() if p["kind"] == kind]


_DESTINATION_COUNTRY = {
    "DEST_MOSCOW": "RU",
    "DEST_VORSINO": "RU",
    "DEST_MINSK": "BY",
    "DEST_DUISBURG": "DE",
    "DEST_HAMBURG": "DE",
    "DEST_BUDAPEST": "HU",
    "DEST_WARSAW": "PL",
    "DEST_MALASZEWICZE": "PL",
    "DEST_TASHKENT": "UZ",
    "DEST_ALMATY": "KZ",
    "DEST_BISHKEK": "KG",
}


def _clearance(rng: np.random.Generator, n: int) -> list[Row]:
    kinds = {p["customs_code"]: p["kind"] for p in reference.places() if p["customs_code"]}
    codes = [row["customs_code"] for row in reference.customs_codes()]
    mode_by_kind = {"land_port": "road", "seaport": "sea", "airport": "air", "customs_office": "road"}
    rows = []
    for i in range(n):
        customs = str(rng.choice(codes))
        mode = mode_by_kind[kinds[customs]]
        if kinds[customs] == "seaport" and rng.random() < 0.1:
            mode = "rail"  # sea-rail intermodal declared at the port
        direction = "import" if rng.random() < 0.55 else "export"
        arrived = _moment(rng)
        advance = bool(rng.random() < 0.4)
        declared = arrived - _minute(rng, 2, 72) if advance else arrived + _minute(rng, 0.5, 24)
        released = max(arrived, declared) + _minute(rng, 0.2, 48) if rng.random() < 0.95 else None
        exited = released + _minute(rng, 0.1, 12) if released and rng.random() < 0.85 else None
        rows.append(
            {
                "declaration_id": f"{customs}{arrived.year}{1 if direction == 'import' else 0}{i + 1:09d}",
                "direction": direction,
                "transport_mode": mode,
                "customs_code": customs,
                "arrived_at": arrived,
                "declared_at": declared,
                "released_at": released,
                "exited_at": exited,
                "is_inspected": bool(rng.random() < 0.08),
                "is_aeo": bool(rng.random() < 0.3),
                "is_advance_declaration": advance,
                "is_two_step": bool(rng.random() < 0.15),
                "hs_chapter": int(rng.integers(1, 98)) if rng.random() < 0.9 else None,
            }
        )
    return rows


_FRESH_WEIGHT_T = {
    "vegetables": (5, 30),
    "fruit": (5, 25),
    "live_pigs": (8, 15),
    "live_cattle": (10, 20),
    "live_poultry": (2, 6),
    "aquatic": (1, 10),
    "chilled_poultry": (2, 12),
    "eggs": (3, 15),
    "other": (1, 8),
}
_FRESH_HEADS = {"live_pigs": (80, 200), "live_cattle": (15, 40), "live_poultry": (800, 3000)}


def _fresh_produce(rng: np.random.Generator, n: int) -> list[Row]:
    ports = _places("land_port")
    categories = list(vocab.FRESH_CATEGORY)
    weights = np.array([30, 10, 8, 3, 5, 12, 8, 6, 4], dtype=float)
    rows = []
    for i in range(n):
        category = str(rng.choice(categories, p=weights / weights.sum()))
        arrived = _moment(rng) if rng.random() < 0.9 else None
        crossed = arrived + _minute(rng, 0.1, 3) if arrived else _moment(rng)
        low, high = _FRESH_WEIGHT_T[category]
        heads = _FRESH_HEADS.get(category)
        rows.append(
            {
                "consignment_id": f"FP{crossed:%Y%m%d}{i + 1:05d}",
                "crossed_at": crossed,
                "arrived_port_at": arrived,
                "port": "SZ_WENJINDU" if rng.random() < 0.5 else str(rng.choice(ports)),
                "category": category,
                "weight_t": round(float(rng.uniform(low, high)), 3),
                "head_count": int(rng.integers(*heads)) if heads else None,
                "base_id": f"GB{int(rng.integers(1, 400)):04d}" if rng.random() < 0.8 else None,
                "is_precleared_at_base": bool(rng.random() < 0.6),
            }
        )
    return rows


_SEAFOOD = {
    "NO": "冰鲜大西洋鲑",
    "CL": "冰鲜三文鱼",
    "AU": "冰鲜龙虾",
    "NZ": "冰鲜帝王鲑",
    "CA": "冰鲜北极贝",
    "FO": "冰鲜鳕鱼",
    "IS": "冰鲜鳕鱼",
    "VN": "冰鲜金枪鱼",
    "TH": "冰鲜虾",
    "JP": "冰鲜扇贝",
}
_LABS = ("深圳海关食品检验检疫技术中心", "深圳海关动植物检验检疫技术中心")


def _seafood_lab(rng: np.random.Generator, n: int) -> list[Row]:
    countries = list(_SEAFOOD)
    rows = []
    for i in range(n):
        country = str(rng.choice(countries))
        sampled = _moment(rng)
        received = sampled + _minute(rng, 0.5, 6)
        reported = received + _minute(rng, 2, 30) if rng.random() < 0.92 else None
        rows.append(
            {
                "sample_id": f"SL{sampled:%Y%m}{i + 1:05d}",
                "product": _SEAFOOD[country],
                "origin_country": country,
                "lab": _LABS[int(rng.random() < 0.3)],
                "sampled_at": sampled,
                "received_at": received,
                "reported_at": reported,
                "result": ("pass" if rng.random() < 0.97 else "fail") if reported else None,
                "is_green_channel": bool(rng.random() < 0.6),
            }
        )
    return rows


def _rail_train(rng: np.random.Generator, n: int) -> list[Row]:
    crossings = _places("border_crossing")
    cities = list(_DESTINATION_COUNTRY)
    services = list(vocab.RAIL_SERVICE)
    rows = []
    for i in range(n):
        outbound = bool(rng.random() < 0.75)
        city = str(rng.choice(cities))
        teu = float(rng.choice([41, 43, 50, 55, 100]))
        rows.append(
            {
                "train_no": f"X{8001 + i % 60}",
                "departed_at": _START + dt.timedelta(hours=14 * i) + _minute(rng, 0, 6),
                "direction": "outbound" if outbound else "inbound",
                "origin_station": "SZ_PINGHUSOUTH" if outbound else city,
                "border_crossing": str(rng.choice(crossings)),
                "destination_city": city if outbound else "SZ_PINGHUSOUTH",
                "destination_country": _DESTINATION_COUNTRY[city] if outbound else "CN",
                "teu": teu,
                "weight_t": round(teu * float(rng.uniform(8, 16)), 1),
                "value_cny": float(round(teu * float(rng.uniform(2e5, 9e5)))),
                "service": str(rng.choice(services, p=[0.6, 0.15, 0.1, 0.15])),
            }
        )
    return rows


def _tir_trip(rng: np.random.Generator, n: int) -> list[Row]:
    exits = ["BX_HORGOS", "BX_ERENHOT", "BX_ALASHANKOU", "BX_MANZHOULI", "BX_DULATA"]
    cities = list(_DESTINATION_COUNTRY)
    rows = []
    for i in range(n):
        city = str(rng.choice(cities))
        vehicles = int(rng.integers(1, 6))
        departed = _moment(rng)
        rows.append(
            {
                "carnet_no": f"XC{71000000 + i * 37:08d}",
                "departed_at": departed,
                "arrived_at": departed + _minute(rng, 5 * 24, 14 * 24) if rng.random() < 0.9 else None,
                "exit_port": str(rng.choice(exits)),
                "destination_city": city,
                "destination_country": _DESTINATION_COUNTRY[city],
                "vehicles": vehicles,
                "weight_t": round(vehicles * float(rng.uniform(8, 25)), 2),
                "value_cny": float(round(vehicles * float(rng.uniform(1e5, 8e5)))),
            }
        )
    return rows


_SERIES = (
    ("aeo.enterprises", "enterprises", (380, 420)),
    ("combiport.teu", "TEU", (20000, 32000)),
    ("issues.resolved", "issues", (40, 120)),
    ("overseas_warehouse.filings", "filings", (5, 30)),
    ("issues.days_to_resolve", "days", (1.5, 4.0)),
)
_SCOPES = ("shenzhen_customs_district", "huanggang", "shekou", "yantian", "qianhai")


def _indicator_series(rng: np.random.Generator, n: int) -> list[Row]:
    rows = []
    months = max(1, n // (len(_SERIES) * len(_SCOPES)))
    confidences = list(CONFIDENCE)
    for indicator, unit, (low, high) in _SERIES:
        for scope in _SCOPES:
            for m in range(months):
                start = dt.date(2023 + m // 12, m % 12 + 1, 1)
                end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)
                value = float(rng.uniform(low, high))
                rows.append(
                    {
                        "indicator_id": indicator,
                        "scope": scope,
                        "period_start": start,
                        "period_end": end,
                        "value": round(value, 2) if high < 10 else float(round(value)),
                        "unit": unit,
                        "source": "format sample (synthetic data) 格式样例（合成数据）",
                        "source_url": None,
                        "confidence": str(rng.choice(confidences)) if rng.random() < 0.8 else None,
                        "note": "合成数据，仅示格式" if m == 0 else None,
                    }
                )
    return rows[:n]


_GENERATORS: dict[str, Callable[[np.random.Generator, int], list[Row]]] = {
    "clearance": _clearance,
    "fresh_produce": _fresh_produce,
    "seafood_lab": _seafood_lab,
    "rail_train": _rail_train,
    "tir_trip": _tir_trip,
    "indicator_series": _indicator_series,
}


def sample_rows(dataset: str, rows: int = ROWS, seed: int = SEED) -> list[Row]:
    """The synthetic rows of a dataset as canonical Python values (codes, datetimes, bools, None)."""
    index = list(CONTRACTS).index(dataset)
    rng = np.random.default_rng([seed, index])
    return _GENERATORS[dataset](rng, rows)


# ---------------------------------------------------------------- writers


def _csv_text(header: list[str], lines: Iterable[list[str]], lineterminator: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue()


def write_zh_gbk_csv(contract: Contract, rows: list[Row], path: Path) -> Path:
    header = [f.header_zh for f in contract.fields]
    lines = ([zh_cell(f, row[f.name], i) for f in contract.fields] for i, row in enumerate(rows))
    path.write_bytes(_csv_text(header, lines, "\r\n").encode("gbk"))
    return path


def write_en_utf8_csv(contract: Contract, rows: list[Row], path: Path) -> Path:
    header = [f.label_en for f in contract.fields]
    lines = ([en_cell(f, row[f.name]) for f in contract.fields] for row in rows)
    path.write_bytes(_csv_text(header, lines, "\n").encode("utf-8"))
    return path


def xlsx_title(contract: Contract) -> str:
    return f"深圳海关 {contract.title_zh} 导出 {EXPORT_MONTH}"


def write_title_row_xlsx(contract: Contract, rows: list[Row], path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = contract.title_zh[:31]
    sheet.append([xlsx_title(contract)])
    sheet.append([])
    sheet.append([f.header_zh for f in contract.fields])
    for row in rows:
        cells: list[object] = []
        for f in contract.fields:
            value = row[f.name]
            if value is None or f.kind in ("datetime", "date", "int", "float", "text"):
                cells.append(value)
            else:
                cells.append(zh_cell(f, value, 0))
        sheet.append(cells)
    for column, f in enumerate(contract.fields, start=1):
        if f.kind in ("datetime", "date"):
            number_format = "yyyy-mm-dd hh:mm" if f.kind == "datetime" else "yyyy-mm-dd"
            for (cell,) in sheet.iter_rows(min_row=4, min_col=column, max_col=column):
                cell.number_format = number_format
    book.properties.creator = "tools.samples"
    book.properties.created = _XLSX_STAMP
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_reproducible_zip(buffer.getvalue()))
    return path


def _reproducible_zip(data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and every zip entry: pin both."""
    stamp = _XLSX_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=_XLSX_STAMP.timetuple()[:6]), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------- the bad-rows file

# (what the row shows, cells overriding a good row by Chinese header). A value of None for
# EXTRA_CELLS makes the row ragged. The expected rejects are asserted in tests/test_load.py.
EXTRA_CELLS = "__extra_cells__"
_GOOD_CLEARANCE = {
    "报关单号": "",
    "进出口": "进口",
    "运输方式": "公路运输",
    "关区代码": "皇岗",
    "运抵时间": "2023/7/4 9:30",
    "申报时间": "2023/7/4 10:05",
    "放行时间": "2023/7/4 11:40",
    "提离时间": "2023/7/4 12:15",
    "是否查验": "否",
    "AEO企业": "是",
    "提前申报": "否",
    "两步申报": "否",
    "商品章节": "85",
}
BAD_CLEARANCE_ROWS: tuple[tuple[str, dict[str, str]], ...] = (
    ("good", {}),
    (
        "good: advance declaration, Chinese date style, code 2 for sea",
        {"运输方式": "2", "关区代码": "5316", "申报时间": "2023年7月3日 16时20分", "提前申报": "是"},
    ),
    ("missing required value", {"进出口": ""}),
    ("bad datetime", {"申报时间": "2023-13-45 10:00"}),
    ("bad number", {"商品章节": "八十五"}),
    ("bad yes/no", {"是否查验": "也许"}),
    ("unknown code", {"运输方式": "9"}),
    ("out of range", {"商品章节": "120"}),
    ("implausible date", {"提离时间": "2099/7/4 12:15"}),
    ("rule release_before_arrival", {"申报时间": "2023/7/3 8:00", "放行时间": "2023/7/4 9:00", "提前申报": "是"}),
    ("rule release_before_declaration", {"申报时间": "2023/7/4 11:00", "放行时间": "2023/7/4 10:30"}),
    ("rule exit_before_release", {"提离时间": "2023/7/4 11:00"}),
    ("rule exit_without_release", {"放行时间": ""}),
    ("rule declaration_too_early", {"申报时间": "2023/5/1 9:00", "提前申报": "是"}),
    ("rule clearance_too_long", {"运抵时间": "2023/1/2 9:30", "申报时间": "2023/1/2 10:05"}),
    ("duplicate key (1 of 2)", {"报关单号": "530120231000009999"}),
    ("duplicate key (2 of 2)", {"报关单号": "530120231000009999", "是否查验": "是"}),
    ("ragged row: more cells than the header", {EXTRA_CELLS: "多余1,多余2"}),
    ("good: export by air", {"进出口": "出口", "运输方式": "航空运输", "关区代码": "5317"}),
    ("good: not yet released", {"放行时间": "", "提离时间": "", "商品章节": ""}),
    ("good: Y/N spelling", {"是否查验": "Y", "AEO企业": "N"}),
)


def bad_clearance_lines() -> list[list[str]]:
    header = [f.header_zh for f in CONTRACTS["clearance"].fields]
    lines = []
    for number, (_, overrides) in enumerate(BAD_CLEARANCE_ROWS, start=1):
        cells = {**_GOOD_CLEARANCE, "报关单号": f"53012023100{number:07d}", **overrides}
        line = [cells[h] for h in header]
        if EXTRA_CELLS in cells:
            line += cells[EXTRA_CELLS].split(",")
        lines.append(line)
    return [header, *lines]


def write_bad_clearance_csv(path: Path) -> Path:
    header, *lines = bad_clearance_lines()
    path.write_bytes(_csv_text(header, lines, "\n").encode("utf-8"))
    return path


# ---------------------------------------------------------------- all files

README = """\
# Format samples

Synthetic rows (not real customs data) written by `python -m tools.samples` from the
contracts in `loaders/`; do not edit by hand, rerun the module after changing a contract.
Each dataset comes in three shapes holding the same {rows} rows, and all three load into
identical store contents:

| file | encoding | header | values |
|---|---|---|---|
| `<dataset>_zh_gbk.csv` | GBK | Chinese (`Field.header_zh`) | Chinese code spellings, 是/否, datetimes as `2023/7/4 9:30` and `2023年7月4日 9时30分`, amounts with thousands separators |
| `<dataset>_en_utf8.csv` | UTF-8 | English (`Field.label_en`) | canonical codes, true/false, ISO 8601 datetimes |
| `<dataset>_title_row.xlsx` | XLSX | title in row 1, row 2 blank, Chinese header in row 3 | real Excel date/time and number cells |

Datasets: {datasets}.

Files:

{files}

`clearance_bad_rows.csv` (UTF-8, Chinese headers) has one bad row for every way the clearance
contract rejects a row, between good rows; try `python -m loaders check clearance
datasets/samples/clearance_bad_rows.csv`. Row by row (row 1 is the header):

{bad_rows}
"""


def _readme(files: list[str]) -> str:
    bad = "\n".join(f"- row {number}: {label}" for number, (label, _) in enumerate(BAD_CLEARANCE_ROWS, start=2))
    return README.format(
        rows=ROWS,
        datasets=", ".join(f"`{name}` ({contract.title_zh} / {contract.title_en})" for name, contract in CONTRACTS.items()),
        files="\n".join(f"- `{name}`" for name in files),
        bad_rows=bad,
    )


def write_samples(out_dir: Path = SAMPLES_DIR, rows: int = ROWS, seed: int = SEED) -> list[Path]:
    """Write every sample file into out_dir; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset, contract in CONTRACTS.items():
        data = sample_rows(dataset, rows, seed)
        written.append(write_zh_gbk_csv(contract, data, out_dir / f"{dataset}_zh_gbk.csv"))
        written.append(write_en_utf8_csv(contract, data, out_dir / f"{dataset}_en_utf8.csv"))
        written.append(write_title_row_xlsx(contract, data, out_dir / f"{dataset}_title_row.xlsx"))
    written.append(write_bad_clearance_csv(out_dir / "clearance_bad_rows.csv"))
    readme = out_dir / "README.md"
    readme.write_text(_readme([p.name for p in written]), encoding="utf-8")
    return [*written, readme]


def main() -> None:
    for path in write_samples():
        print(path)


if __name__ == "__main__":
    main()
