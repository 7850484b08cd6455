"""The three shapes people bring: Chinese-header GBK CSV, English-header UTF-8 CSV, XLSX with a title row (reproducible bytes)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from loaders.contracts.contract import Contract
from tools.samples.common import EXPORT_MONTH, XLSX_STAMP, Row
from tools.samples.spellings import en_cell, zh_cell

# ---------------------------------------------------------------- writers


def csv_text(header: list[str], lines: Iterable[list[str]], lineterminator: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue()


def write_zh_gbk_csv(contract: Contract, rows: list[Row], path: Path) -> Path:
    header = [f.header_zh for f in contract.fields]
    lines = ([zh_cell(f, row[f.name], i) for f in contract.fields] for i, row in enumerate(rows))
    path.write_bytes(csv_text(header, lines, "\r\n").encode("gbk"))
    return path


def write_en_utf8_csv(contract: Contract, rows: list[Row], path: Path) -> Path:
    header = [f.label_en for f in contract.fields]
    lines = ([en_cell(f, row[f.name]) for f in contract.fields] for row in rows)
    path.write_bytes(csv_text(header, lines, "\n").encode("utf-8"))
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
    book.properties.created = XLSX_STAMP
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_reproducible_zip(buffer.getvalue()))
    return path


def _reproducible_zip(data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and every zip entry: pin both."""
    stamp = XLSX_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=XLSX_STAMP.timetuple()[:6]), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()
