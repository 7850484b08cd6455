"""Loads: read -> validate -> stage -> merge on the natural key, with a provenance record.

A call to `load_files` is one transaction: every file in it lands, or none does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.engine import Connection

from loaders import LOADER_VERSION
from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.paths import REJECTS_DIR
from loaders.read.file_bytes import check_path
from loaders.read.input_errors import printable
from loaders.read.validate import ValidationResult, validate_file
from loaders.safe_csv import write_csv
from loaders.store.engines import probe
from loaders.store.limits import reject_unstorable
from loaders.store.locks import write_connection
from loaders.store.staging import stage_rows, upsert_from
from loaders.store.tables import load_log


class RejectedRows(Exception):
    """Strict load refused: some rows were rejected (nothing was written)."""


@dataclass(frozen=True)
class LoadRequest:
    dataset: str
    path: Path
    is_demo: bool = False
    # the last day the file's data cover, as the steward knows it (an export "through 31 Dec");
    # None: the last whole day in the file (see file_coverage)
    covers_through: dt.date | None = None
    hidden_sheets: bool = False  # a workbook's hidden sheets are read too


@dataclass
class LoadReport:
    dataset: str
    file_name: str
    sha256: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_new: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    load_id: str = ""
    rejects_file: Path | None = None
    reasons: dict[str, int] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    covers_through: dt.date | None = None
    coverage_declared: bool = False
    case_variants: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{printable(self.file_name)} -> {self.dataset}: read {self.rows_read}, accepted {self.rows_accepted}, "
            f"rejected {self.rows_rejected}; new {self.rows_new}, replaced {self.rows_replaced}, unchanged {self.rows_unchanged}"
        )
        if self.reasons:
            text += "\n  rejected by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items()))
        if self.rejects_file:
            text += f"\n  rejects written to {self.rejects_file}"
        if self.ignored_headers:
            text += "\n  columns not in the contract (ignored): " + ", ".join(printable(h) for h in self.ignored_headers)
        if self.case_variants:
            text += "\n  keys equal apart from upper/lower case (kept as two records; correct them if they are one): " + "; ".join(
                printable(v) for v in self.case_variants
            )
        if self.covers_through is not None:
            how = "as declared" if self.coverage_declared else "the last whole day in the file; declare another with --covers-through DATE"
            text += f"\n  data cover through {self.covers_through.isoformat()} ({how})"
        return text


def file_coverage(dataset: str, accepted: pa.Table) -> dt.date | None:
    """The last day a file's accepted rows cover whole, when nobody declared it: for records, the
    day before the latest record's day (an export cut during that day covers it only in part); for
    an indicator series, the end of its latest period. None when no row was accepted."""
    column = CONTRACTS[dataset].time_column
    if accepted.num_rows == 0 or column not in accepted.column_names:
        return None
    latest = pc.max(accepted[column]).as_py()
    if latest is None:
        return None
    if isinstance(latest, dt.datetime):
        return latest.date() - dt.timedelta(days=1)
    return latest if isinstance(latest, dt.date) else None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_rejects(result: ValidationResult, dataset: str, sha256: str, rejects_dir: Path) -> Path | None:
    if result.rejects.empty:
        return None
    rejects_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = rejects_dir / f"{dataset}-{stamp}-{sha256[:8]}.csv"
    # made to open in a spreadsheet: UTF-8 with BOM, formula prefixes neutralised (safe_csv)
    return write_csv(result.rejects, path)


def _merge(conn: Connection, request: LoadRequest, result: ValidationResult, report: LoadReport, started: dt.datetime) -> None:
    table = TABLES[request.dataset]
    rows = result.accepted
    rows = rows.append_column("is_demo", pa.repeat(pa.scalar(request.is_demo, pa.bool_()), rows.num_rows))
    rows = rows.append_column("load_id", pa.repeat(pa.scalar(report.load_id, pa.string()), rows.num_rows))
    staged = stage_rows(conn, table, rows)
    report.rows_new, report.rows_replaced = upsert_from(
        conn, table, staged, CONTRACTS[request.dataset].key, CONTRACTS[request.dataset].cluster_by
    )
    report.rows_unchanged = report.rows_accepted - report.rows_new - report.rows_replaced
    conn.execute(
        load_log.insert().values(
            load_id=report.load_id,
            dataset=request.dataset,
            file_name=report.file_name,
            sha256=report.sha256,
            encoding=None,
            rows_read=report.rows_read,
            rows_accepted=report.rows_accepted,
            rows_rejected=report.rows_rejected,
            rows_new=report.rows_new,
            rows_replaced=report.rows_replaced,
            rows_unchanged=report.rows_unchanged,
            is_demo=request.is_demo,
            started_at=started,
            finished_at=dt.datetime.now(),
            loader_version=LOADER_VERSION,
            rejects_file=str(report.rejects_file) if report.rejects_file else None,
            covers_through=report.covers_through,
        )
    )


def check(request: LoadRequest, rejects_dir: Path = REJECTS_DIR) -> tuple[ValidationResult, LoadReport]:
    """Read and validate one file without touching the store."""
    if request.dataset not in CONTRACTS:
        raise KeyError(f"unknown dataset {request.dataset!r}; known: {', '.join(CONTRACTS)}")
    contract = CONTRACTS[request.dataset]
    check_path(request.path)  # a FIFO or a device (/dev/zero) is refused before anything reads it, the hash included
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashing releases the GIL: it overlaps the parse
        digest = pool.submit(file_sha256, request.path)
        result = validate_file(request.path, contract, request.hidden_sheets)  # a missing file is reported as UnreadableFile
        result = reject_unstorable(request.path, contract, result, request.hidden_sheets)  # NUL bytes, over-long keys
        sha256 = digest.result()
    assert result.rows_accepted + result.rows_rejected == result.rows_read
    report = LoadReport(
        dataset=request.dataset,
        file_name=request.path.name,
        sha256=sha256,
        rows_read=result.rows_read,
        rows_accepted=result.rows_accepted,
        rows_rejected=result.rows_rejected,
        load_id=uuid.uuid4().hex,
        rejects_file=write_rejects(result, request.dataset, sha256, rejects_dir),
        reasons=result.reasons(),
        ignored_headers=result.ignored_headers,
        covers_through=request.covers_through or file_coverage(request.dataset, result.accepted),
        coverage_declared=request.covers_through is not None,
        case_variants=result.case_variants,
    )
    return result, report


def use_jemalloc() -> None:
    """Arrow's jemalloc pool for loads: measured on a 10M-row file, the default mimalloc pool made
    the kernel spend 10 s faulting in fresh pages (load 16.7 s), jemalloc reuses them (13.8 s)."""
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.system_memory_pool())


def load_files(
    requests: list[LoadRequest],
    url: str | None = None,
    strict: bool = False,
    rejects_dir: Path = REJECTS_DIR,
    prepare: Callable[[Connection], None] | None = None,
) -> list[LoadReport]:
    """Check the store can be reached, validate every file, then write them all in one transaction."""
    url = probe(url)  # a store that is down or misnamed is reported before any file is parsed
    use_jemalloc()
    started = dt.datetime.now()
    checked = [(request, *check(request, rejects_dir)) for request in requests]
    if strict:
        refused = [report for _, _, report in checked if report.rows_rejected]
        if refused:
            raise RejectedRows("; ".join(f"{r.file_name}: {r.rows_rejected} row(s) rejected, see {r.rejects_file}" for r in refused))
    with write_connection(url) as conn:
        if prepare is not None:  # e.g. the demo build: refuse real rows or clear the store, under the writer lock
            prepare(conn)
        for request, result, report in checked:
            _merge(conn, request, result, report, started)
    return [report for _, _, report in checked]


def load_file(
    dataset: str, path: Path, url: str | None = None, is_demo: bool = False, strict: bool = False, rejects_dir: Path = REJECTS_DIR
) -> LoadReport:
    return load_files([LoadRequest(dataset, Path(path), is_demo)], url, strict, rejects_dir)[0]
