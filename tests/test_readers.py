"""Readers: the files people bring (encodings, gzip, XLSX title rows, header spellings) -> raw rows.

Fixtures are built in code in a temp folder; every case states the rows a user would see.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import openpyxl
import pytest

from loaders.contracts.clearance import CONTRACT as CLEARANCE
from loaders.contracts.fresh_produce import CONTRACT as FRESH
from loaders.contracts.seafood_lab import CONTRACT as SEAFOOD
from loaders.read import readers
from loaders.read.readers import UnreadableFile, read_file
from loaders.read.validate import validate
from loaders.store.load import LoadRequest, check

SEAFOOD_ZH = "样品编号,品名,原产国,检测实验室,取样时间,接样时间,报告时间,检测结果,绿色通道"
SEAFOOD_EN = "Sample number,Product,Country of origin,Laboratory,Sampled at,Received by lab,Report issued,Result,Green channel"


def seafood_line(sample_id: str, product: str = "冰鲜三文鱼", origin: str = "挪威") -> str:
    return f"{sample_id},{product},{origin},深圳海关技术中心,2023/7/4 9:30,2023/7/4 12:30,2023/7/5 8:00,合格,是"


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def sample_ids(raw: readers.RawTable) -> list[str | None]:
    return raw.columns["sample_id"].to_pylist()


# ---------------------------------------------------------------- encodings and compression

# 𩸽 (a fish) is outside GBK: only GB18030 or UTF-8 can carry it.
ENCODED_TEXTS = [
    ("utf-8", "冰鲜𩸽鱼", "utf-8"),
    ("utf-8-sig", "冰鲜𩸽鱼", "utf-8-sig"),
    ("gbk", "冰鲜三文鱼", "gb18030"),
    ("gb18030", "冰鲜𩸽鱼", "gb18030"),
]


@pytest.mark.parametrize(("encoding", "product", "detected"), ENCODED_TEXTS, ids=[e for e, _, _ in ENCODED_TEXTS])
def test_chinese_text_survives_every_accepted_encoding(tmp_path, encoding, product, detected):
    text = "\r\n".join([SEAFOOD_ZH, seafood_line("S1", product), seafood_line("S2")]) + "\r\n"
    raw = read_file(write_text(tmp_path / "lab.csv", text, encoding), SEAFOOD)
    assert raw.encoding == detected
    assert raw.columns["product"].to_pylist() == [product, "冰鲜三文鱼"]
    assert raw.columns["origin_country"].to_pylist() == ["挪威", "挪威"]
    assert raw.source_rows.to_pylist() == [2, 3]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_gzipped_csv_reads_like_the_plain_file(tmp_path, encoding):
    text = "\n".join([SEAFOOD_ZH, seafood_line("S1"), seafood_line("S2")]) + "\n"
    plain = read_file(write_text(tmp_path / "lab.csv", text, encoding), SEAFOOD)
    packed = tmp_path / "lab.csv.gz"
    packed.write_bytes(gzip.compress(text.encode(encoding)))
    zipped = read_file(packed, SEAFOOD)
    assert zipped.file_name == "lab.csv.gz"
    assert {k: v.to_pylist() for k, v in zipped.columns.items()} == {k: v.to_pylist() for k, v in plain.columns.items()}
    assert zipped.source_rows.to_pylist() == [2, 3]


# ---------------------------------------------------------------- header row and header spellings


def test_xlsx_header_below_title_rows_keeps_spreadsheet_row_numbers(tmp_path):
    rows: list[list[object]] = [
        ["深圳海关 进口冰鲜水产品检测 导出 2024-01"],
        [],
        SEAFOOD_ZH.split(","),
        seafood_line("S1").split(","),
        [],  # a blank row inside the data is skipped, not read as a row
        seafood_line("S2").split(","),
    ]
    raw = read_file(write_xlsx(tmp_path / "lab.xlsx", rows), SEAFOOD)
    assert raw.header_row == 3
    assert sample_ids(raw) == ["S1", "S2"]
    assert raw.source_rows.to_pylist() == [4, 6]


def test_csv_header_below_a_title_row(tmp_path):
    text = "\n".join(["深圳海关 检测数据导出,,", "", SEAFOOD_ZH, seafood_line("S1")]) + "\n"
    raw = read_file(write_text(tmp_path / "lab.csv", text), SEAFOOD)
    assert raw.header_row == 3
    assert sample_ids(raw) == ["S1"]
    assert raw.source_rows.to_pylist() == [4]


HEADER_SPELLINGS = {
    "chinese": SEAFOOD_ZH,
    "english": SEAFOOD_EN,
    "canonical": "sample_id,product,origin_country,lab,sampled_at,received_at,reported_at,result,is_green_channel",
    "aliases": "样品号,商品名称,原产地,实验室,sampling_time,收样时间,出具报告时间,结果,是否绿色通道",
    "spacing and case": " Sample Number ,PRODUCT,country of origin,laboratory,Sampled_At,received by lab,REPORT ISSUED,result,Green Channel",
}


@pytest.mark.parametrize("header", list(HEADER_SPELLINGS.values()), ids=list(HEADER_SPELLINGS))
def test_every_header_spelling_maps_to_the_canonical_columns(tmp_path, header):
    raw = read_file(write_text(tmp_path / "lab.csv", f"{header}\n{seafood_line('S1')}\n"), SEAFOOD)
    assert set(raw.columns) == {f.name for f in SEAFOOD.fields}
    assert raw.columns["received_at"].to_pylist() == ["2023/7/4 12:30"]
    assert raw.ignored_headers == []


FRESH_LINE = "FP1,2023/7/4 9:30,2023/7/4 8:50,文锦渡口岸,蔬菜,{weight},GB0001,是"


@pytest.mark.parametrize(
    ("weight_header", "cell", "weight_t"),
    [
        ("重量(吨)", "12.5", 12.5),
        ("重量（吨）", "12.5", 12.5),  # full-width brackets, as Chinese input methods type them
        ("重量(千克)", "12500", 12.5),
        ("重量（千克）", "12,500", 12.5),
        ("weight_kg", "800", 0.8),
        ("Weight (t)", "0.8", 0.8),
    ],
)
def test_weight_in_kilograms_header_is_stored_in_tonnes(tmp_path, weight_header, cell, weight_t):
    header = f"批次号,验放时间,到达口岸时间,口岸,品类,{weight_header},供港基地,基地预检"
    line = FRESH_LINE.format(weight=f'"{cell}"')
    raw = read_file(write_text(tmp_path / "fresh.csv", f"{header}\n{line}\n"), FRESH)
    result = validate(raw, FRESH)
    assert result.rows_rejected == 0, result.rejects.to_dict("records")
    assert result.accepted.column("weight_t").to_pylist() == [pytest.approx(weight_t)]


def test_kilograms_over_the_tonne_limit_are_out_of_range(tmp_path):
    header = "批次号,验放时间,到达口岸时间,口岸,品类,重量(千克),供港基地,基地预检"
    raw = read_file(write_text(tmp_path / "fresh.csv", f"{header}\n{FRESH_LINE.format(weight='150000')}\n"), FRESH)
    result = validate(raw, FRESH)
    assert result.rejects[["row", "column", "reason_code", "value"]].to_dict("records") == [
        {"row": 2, "column": "weight_t", "reason_code": "out_of_range", "value": "150000"}
    ]


# ---------------------------------------------------------------- Excel dates


def test_excel_serial_dates_in_xlsx_and_csv(tmp_path):
    serial = 45111.395833333336  # 2023-07-04 09:30
    rows: list[list[object]] = [
        SEAFOOD_ZH.split(","),
        ["S1", "冰鲜三文鱼", "NO", "L1", serial, dt.datetime(2023, 7, 4, 12, 30), None, None, "否"],
    ]
    from_xlsx = validate(read_file(write_xlsx(tmp_path / "lab.xlsx", rows), SEAFOOD), SEAFOOD)
    csv_text = f"{SEAFOOD_ZH}\nS1,冰鲜三文鱼,NO,L1,45111.395833,45111.520833,,,否\n"
    from_csv = validate(read_file(write_text(tmp_path / "lab.csv", csv_text), SEAFOOD), SEAFOOD)
    for result in (from_xlsx, from_csv):
        assert result.rows_rejected == 0, result.rejects.to_dict("records")
        assert result.accepted.column("sampled_at").to_pylist() == [dt.datetime(2023, 7, 4, 9, 30)]
        assert result.accepted.column("received_at").to_pylist() == [dt.datetime(2023, 7, 4, 12, 30)]


# ---------------------------------------------------------------- physical row numbers, fast and careful path


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# (file text, sample ids read, their row numbers as a spreadsheet shows them, rows malformed)
ROW_NUMBER_CASES = {
    "regular": (_lines(SEAFOOD_ZH, seafood_line("S1"), seafood_line("S2"), seafood_line("S3")), ["S1", "S2", "S3"], [2, 3, 4], []),
    "blank lines": (
        _lines(SEAFOOD_ZH, seafood_line("S1"), "", seafood_line("S2"), "", "", seafood_line("S3")),
        ["S1", "S2", "S3"],
        [2, 4, 7],
        [],
    ),
    "row of empty cells": (_lines(SEAFOOD_ZH, seafood_line("S1"), ",,,,,,,,", seafood_line("S2")), ["S1", "S2"], [2, 4], []),
    "quoted line break": (
        _lines(SEAFOOD_ZH, seafood_line("S1"), seafood_line("S2", product='"冰鲜\n三文鱼"'), seafood_line("S3")),
        ["S1", "S2", "S3"],
        [2, 3, 4],
        [],
    ),
    "windows line ends": (_lines(SEAFOOD_ZH, seafood_line("S1"), "", seafood_line("S2")).replace("\n", "\r\n"), ["S1", "S2"], [2, 4], []),
}
# Irregular files the Arrow reader refuses, so the csv-module path reads them.
IRREGULAR_CASES = {
    "short row": (_lines(SEAFOOD_ZH, seafood_line("S1"), "S2,冰鲜三文鱼", seafood_line("S3")), ["S1", "S2", "S3"], [2, 3, 4], []),
    "ragged row among blank lines and a quoted line break": (
        _lines(
            SEAFOOD_ZH,
            seafood_line("S1", product='"冰鲜\n三文鱼"'),
            "",
            seafood_line("S2") + ",多余,多余",
            seafood_line("S3"),
            "",
            seafood_line("S4"),
        ),
        ["S1", "S3", "S4"],
        [2, 5, 7],
        [4],
    ),
}


@pytest.fixture
def csv_path_used(monkeypatch):
    """Records which path read the file: 'fast' (Arrow) or 'careful' (csv module)."""
    used: list[str] = []
    fast = readers._read_csv_fast

    def spy(*args, **kwargs):
        table = fast(*args, **kwargs)
        used.append("fast" if table is not None else "careful")
        return table

    monkeypatch.setattr(readers, "_read_csv_fast", spy)
    return used


@pytest.mark.parametrize(("text", "ids", "rows", "malformed"), list(ROW_NUMBER_CASES.values()), ids=list(ROW_NUMBER_CASES))
def test_regular_files_take_the_fast_path_with_spreadsheet_row_numbers(tmp_path, csv_path_used, text, ids, rows, malformed):
    raw = read_file(write_text(tmp_path / "lab.csv", text), SEAFOOD)
    assert csv_path_used == ["fast"]
    assert (sample_ids(raw), raw.source_rows.to_pylist(), [m[0] for m in raw.malformed]) == (ids, rows, malformed)


@pytest.mark.parametrize(("text", "ids", "rows", "malformed"), list(IRREGULAR_CASES.values()), ids=list(IRREGULAR_CASES))
def test_irregular_files_take_the_careful_path_with_spreadsheet_row_numbers(tmp_path, csv_path_used, text, ids, rows, malformed):
    raw = read_file(write_text(tmp_path / "lab.csv", text), SEAFOOD)
    assert csv_path_used == ["careful"]
    assert (sample_ids(raw), raw.source_rows.to_pylist(), [m[0] for m in raw.malformed]) == (ids, rows, malformed)


@pytest.mark.parametrize(("text", "ids", "rows", "malformed"), list(ROW_NUMBER_CASES.values()), ids=list(ROW_NUMBER_CASES))
def test_careful_path_numbers_rows_like_the_fast_path(tmp_path, monkeypatch, text, ids, rows, malformed):
    monkeypatch.setattr(readers, "_read_csv_fast", lambda *args, **kwargs: None)
    raw = read_file(write_text(tmp_path / "lab.csv", text), SEAFOOD)
    assert (sample_ids(raw), raw.source_rows.to_pylist(), [m[0] for m in raw.malformed]) == (ids, rows, malformed)


@pytest.mark.parametrize("path", ["fast", "careful"])
def test_line_break_inside_a_quoted_cell_is_kept(tmp_path, monkeypatch, path):
    if path == "careful":
        monkeypatch.setattr(readers, "_read_csv_fast", lambda *args, **kwargs: None)
    raw = read_file(write_text(tmp_path / "lab.csv", ROW_NUMBER_CASES["quoted line break"][0]), SEAFOOD)
    assert raw.columns["product"].to_pylist() == ["冰鲜三文鱼", "冰鲜\n三文鱼", "冰鲜三文鱼"]


def test_malformed_row_is_counted_as_read(tmp_path):
    text = IRREGULAR_CASES["ragged row among blank lines and a quoted line break"][0]
    result = validate(read_file(write_text(tmp_path / "lab.csv", text), SEAFOOD), SEAFOOD)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 3, 1)
    assert result.rejects[["row", "column", "reason_code"]].to_dict("records") == [
        {"row": 4, "column": "*", "reason_code": "malformed_row"}
    ]


# ---------------------------------------------------------------- unknown and missing columns


def test_extra_unknown_columns_are_reported_as_ignored(tmp_path, rejects_dir):
    text = _lines(SEAFOOD_ZH + ",备注,Operator", seafood_line("S1") + ",加急,王五")
    path = write_text(tmp_path / "lab.csv", text)
    raw = read_file(path, SEAFOOD)
    assert raw.ignored_headers == ["备注", "Operator"]
    assert set(raw.columns) == {f.name for f in SEAFOOD.fields}
    _, report = check(LoadRequest("seafood_lab", path), rejects_dir)
    assert report.rows_accepted == 1
    assert "columns not in the contract (ignored): 备注, Operator" in report.summary()


@pytest.mark.parametrize(
    ("drop", "named"),
    [("运抵时间", "运抵时间 (arrived_at)"), ("报关单号", "报关单号 (declaration_id)"), ("是否查验", "是否查验 (is_inspected)")],
)
def test_missing_required_column_names_the_file_and_the_column(tmp_path, drop, named):
    header = [f.header_zh for f in CLEARANCE.fields if f.header_zh != drop]
    path = write_text(tmp_path / "报关单导出.csv", ",".join(header) + "\n" + ",".join("1" for _ in header) + "\n")
    with pytest.raises(UnreadableFile) as error:
        read_file(path, CLEARANCE)
    message = str(error.value)
    assert message.startswith("报关单导出.csv: ")
    assert named in message
    assert "\n" not in message


def test_optional_columns_may_be_absent(tmp_path):
    required = [f for f in CLEARANCE.fields if f.required]
    line = "5301202310000001,进口,公路,皇岗,2023/7/4 9:30,2023/7/4 10:00,否,否,否,否"
    raw = read_file(write_text(tmp_path / "c.csv", _lines(",".join(f.header_zh for f in required), line)), CLEARANCE)
    result = validate(raw, CLEARANCE)
    assert result.rows_rejected == 0
    assert result.accepted.column("released_at").to_pylist() == [None]


def test_two_headers_for_one_column_is_unreadable(tmp_path):
    path = write_text(tmp_path / "lab.csv", _lines(SEAFOOD_ZH + ",Sample number", seafood_line("S1") + ",S1"))
    with pytest.raises(UnreadableFile, match=r"^lab\.csv: column sample_id \(样品编号\) appears twice"):
        read_file(path, SEAFOOD)


def test_xlsx_saved_with_a_csv_name_is_explained(tmp_path):
    workbook = write_xlsx(tmp_path / "lab.xlsx", [SEAFOOD_ZH.split(",")])
    renamed = tmp_path / "lab.csv"
    renamed.write_bytes(workbook.read_bytes())
    with pytest.raises(UnreadableFile, match=r"^lab\.csv: looks like an XLSX workbook"):
        read_file(renamed, SEAFOOD)


def test_a_bom_file_that_is_not_utf8_is_unreadable_with_a_reason(tmp_path):
    path = tmp_path / "bad_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "报关单号,进出口\n".encode("gb18030"))
    with pytest.raises(readers.UnreadableFile, match="bad_bom.csv: starts with a UTF-8 byte-order mark"):
        readers.read_file(path, CLEARANCE)


# ---------------------------------------------------------------- big files: read and validated batch by batch


def _lab_file(count: int, bad: dict[int, str] | None = None) -> str:
    """`count` samples; `bad` replaces the line of sample i (1-based) with other text."""
    lines = [SEAFOOD_ZH] + [(bad or {}).get(i, seafood_line(f"S{i:05d}")) for i in range(1, count + 1)]
    return "\n".join(lines) + "\n"


def _validated_in_batches(path: Path, monkeypatch, block_bytes: int = 4096):
    """validate_file with tiny blocks, so a few hundred rows arrive as many batches."""
    from loaders.read import validate as validation

    batches = []
    stream = readers.read_batches

    def small_blocks(file_path, contract, hidden_sheets=False):
        for batch in stream(file_path, contract, block_bytes=block_bytes, hidden_sheets=hidden_sheets):
            batches.append(batch.source_rows.to_pylist())
            yield batch

    monkeypatch.setattr(validation, "read_batches", small_blocks)
    return validation.validate_file(path, SEAFOOD), batches


def test_a_file_read_in_batches_is_validated_exactly_as_one_table(tmp_path, monkeypatch):
    # a bad date early, a blank line, an unknown result and a duplicate key far apart (different batches)
    bad = {
        3: seafood_line("S00003").replace("2023/7/4 9:30", "2023/13/4 9:30"),
        150: "",
        400: seafood_line("S00002"),
        401: seafood_line("S00401").replace("合格", "待定"),
    }
    path = write_text(tmp_path / "lab.csv", _lab_file(600, bad))
    whole = validate(read_file(path, SEAFOOD), SEAFOOD)
    streamed, batches = _validated_in_batches(path, monkeypatch)
    assert len(batches) > 5
    assert sum(len(b) for b in batches) == 599  # the blank line is not a row
    assert (streamed.rows_read, streamed.rows_accepted, streamed.rows_rejected) == (599, 595, 4)
    assert streamed.accepted.to_pylist() == whole.accepted.to_pylist()
    assert streamed.rejects.to_dict("records") == whole.rejects.to_dict("records")
    duplicates = streamed.rejects[streamed.rejects["reason_code"] == "duplicate_key"]
    assert duplicates["row"].tolist() == [3, 401]  # sample 2 and its copy 398 rows further down
    assert duplicates["reason_en"].str.contains("rows 3, 401").all()


def test_a_ragged_row_deep_in_a_big_file_starts_over_on_the_careful_path(tmp_path, monkeypatch):
    path = write_text(tmp_path / "lab.csv", _lab_file(600, {500: seafood_line("S00500") + ",多余"}))
    result, batches = _validated_in_batches(path, monkeypatch)
    assert len(batches) > 3  # it streamed before it met the ragged row
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (600, 599, 1)
    assert result.rejects[["row", "reason_code"]].to_dict("records") == [{"row": 501, "reason_code": "malformed_row"}]


@pytest.mark.parametrize("packing", ["gzip", "bom"])
def test_gzipped_and_bom_files_stream_with_their_row_numbers(tmp_path, monkeypatch, packing):
    text = "深圳海关 检测数据导出\n\n" + _lab_file(300)
    data = gzip.compress(text.encode()) if packing == "gzip" else text.encode("utf-8-sig")
    path = tmp_path / ("lab.csv.gz" if packing == "gzip" else "lab.csv")
    path.write_bytes(data)
    result, batches = _validated_in_batches(path, monkeypatch)
    assert len(batches) > 3
    assert batches[0][0] == 4 and batches[-1][-1] == 303
    assert (result.rows_read, result.rows_accepted) == (300, 300)


def test_a_gbk_file_is_read_whole_as_one_batch(tmp_path, monkeypatch):
    path = write_text(tmp_path / "lab.csv", _lab_file(300), "gbk")
    result, batches = _validated_in_batches(path, monkeypatch)
    assert len(batches) == 1 and result.rows_accepted == 300


def test_a_header_without_rows_reads_as_an_empty_file(tmp_path, monkeypatch):
    result, batches = _validated_in_batches(write_text(tmp_path / "lab.csv", SEAFOOD_ZH + "\n"), monkeypatch)
    assert (batches, result.rows_read, result.rows_accepted) == ([[]], 0, 0)
