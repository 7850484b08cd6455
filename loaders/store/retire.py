"""Retire wrong keys: delete the rows a steward lists, in one transaction, with a provenance record.

Rows are merged on their natural key, so a corrected value in any other column replaces the row,
but a corrected key field (a train's departure moved by a minute) is a different key: the loader
cannot tell a correction from a second record, and the old row stays. The steward lists the wrong
keys in a file (CSV or XLSX with the key columns, headers as in the dataset's contract) and runs

    python -m loaders retire rail_train wrong_keys.csv

The keys are read and checked by the same reader and validator as a load (only the key columns
are required). One bad key refuses the whole file (nothing deleted, rejects written). Otherwise
the matching rows are deleted in one transaction with a retire_log record, and the deleted rows
are saved, whole, to var/retired/<dataset>-<time>-<sha>.csv: loading that file back undoes it,
storing the same values byte for byte. That file is written for the loader, not for a
spreadsheet: unlike the rejects file it has no formula guard, which would add a quote to a value
such as -海关总署 (open it in a spreadsheet as text, or load it back as it is).
Keys not in the store are counted and named, not an error, so a retirement can be run twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from loaders import LOADER_VERSION
from loaders.contracts.contract import Contract
from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.paths import REJECTS_DIR, VAR_DIR
from loaders.read.input_errors import printable
from loaders.read.validate import ValidationResult, validate_file
from loaders.safe_csv import write_exact_csv
from loaders.store.engines import probe
from loaders.store.limits import reject_unstorable
from loaders.store.load import RejectedRows, file_sha256, write_rejects
from loaders.store.locks import write_connection
from loaders.store.staging import drop_staging, stage_rows
from loaders.store.tables import retire_log

RETIRED_DIR = VAR_DIR / "retired"


@dataclass
class RetireReport:
    dataset: str
    file_name: str
    keys_read: int
    rows_deleted: int
    keys_not_found: int
    retired_file: Path | None

    def summary(self) -> str:
        text = (
            f"{printable(self.file_name)} -> {self.dataset}: keys {self.keys_read}, rows deleted {self.rows_deleted}, "
            f"not in the store {self.keys_not_found}"
        )
        if self.retired_file:
            text += f"\n  deleted rows saved to {self.retired_file} (load it back to undo)"
        return text


def key_contract(dataset: str) -> Contract:
    """The dataset's contract cut down to its key columns: what a list of keys must hold."""
    contract = CONTRACTS[dataset]
    return dataclasses.replace(
        contract, fields=tuple(f for f in contract.fields if f.name in contract.key), rules=(), derived=(), cluster_by=()
    )


def retire_keys(
    dataset: str, path: Path, url: str | None = None, retired_dir: Path = RETIRED_DIR, rejects_dir: Path = REJECTS_DIR
) -> RetireReport:
    """Delete the rows whose key is listed in `path`, all or nothing. Raises RejectedRows (nothing
    deleted) if a key cannot be read, UnreadableFile if the file cannot."""
    url = probe(url)
    started = dt.datetime.now()
    contract = key_contract(dataset)
    result, sha256, rejects_file = _check_keys(path, contract, rejects_dir)
    if result.rows_rejected:
        raise RejectedRows(f"{path.name}: {result.rows_rejected} key(s) rejected, nothing retired; see {rejects_file}")
    target = TABLES[dataset]
    keys = sa.Table(f"keys_{dataset}", sa.MetaData(), *[sa.Column(k, target.c[k].type) for k in contract.key])
    with write_connection(url) as conn:
        staged = stage_rows(conn, keys, result.accepted)
        same_key = sa.and_(*[staged.table.c[k] == target.c[k] for k in contract.key])
        doomed = sa.exists().where(same_key)
        deleted = pd.DataFrame(conn.execute(sa.select(target).where(doomed)).mappings().all(), columns=[c.name for c in target.columns])
        rows_deleted = conn.execute(sa.delete(target).where(doomed)).rowcount
        drop_staging(conn, staged)
        retired_file = _save(deleted, dataset, sha256, retired_dir)
        conn.execute(
            retire_log.insert().values(
                retire_id=uuid.uuid4().hex,
                dataset=dataset,
                file_name=path.name,
                sha256=sha256,
                keys_read=result.rows_accepted,
                rows_deleted=rows_deleted,
                keys_not_found=result.rows_accepted - rows_deleted,
                started_at=started,
                finished_at=dt.datetime.now(),
                loader_version=LOADER_VERSION,
                retired_file=str(retired_file) if retired_file else None,
            )
        )
    return RetireReport(dataset, path.name, result.rows_accepted, rows_deleted, result.rows_accepted - rows_deleted, retired_file)


def _check_keys(path: Path, contract: Contract, rejects_dir: Path) -> tuple[ValidationResult, str, Path | None]:
    """Read and validate the key file with the cut-down contract (same reader and validator as a load)."""
    result = validate_file(path, contract)
    result = reject_unstorable(path, contract, result)
    sha256 = file_sha256(path)
    return result, sha256, write_rejects(result, contract.dataset, sha256, rejects_dir)


def _save(deleted: pd.DataFrame, dataset: str, sha256: str, retired_dir: Path) -> Path | None:
    if deleted.empty:
        return None
    retired_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    frame = deleted.drop(columns=["load_id", "is_demo"])
    return write_exact_csv(frame, retired_dir / f"{dataset}-{stamp}-{sha256[:8]}.csv")
