"""Format samples: the same synthetic rows of each dataset in the three shapes people bring.

    python -m tools.samples            # rewrites datasets/samples/

For every contract in loaders.contracts.datasets.CONTRACTS:

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

from pathlib import Path

from loaders.contracts.datasets import CONTRACTS
from tools.samples.bad_rows import BAD_CLEARANCE_ROWS, write_bad_clearance_csv
from tools.samples.common import ROWS, SAMPLES_DIR, SEED
from tools.samples.rows import sample_rows
from tools.samples.writers import write_en_utf8_csv, write_title_row_xlsx, write_zh_gbk_csv

__all__ = ["ROWS", "SAMPLES_DIR", "SEED", "sample_rows", "write_samples"]

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
