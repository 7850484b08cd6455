"""The command line: python -m loaders {load,check,demo,status,retire} ... (loaders/__main__.py runs `main`).

Exit codes: 0 all rows accepted; 3 some rows rejected (the rest loaded, rejects file written);
4 refused, nothing written (`--strict` with rejected rows, `demo` on a store holding real data,
`retire` with a key that cannot be read); 2 unreadable file, bad arguments or a store that cannot
be used (bad --db, server down, missing or damaged store): one line saying which and what to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import sqlalchemy as sa

from loaders.contracts.datasets import CONTRACTS
from loaders.read.input_errors import printable
from loaders.read.readers import UnreadableFile
from loaders.store.engines import StoreUnavailable, database_url, describe, exists, first_line, probe
from loaders.store.load import LoadRequest, RejectedRows, check, load_files

EXIT_REJECTED_ROWS = 3
EXIT_STRICT_REFUSED = 4
EXIT_REFUSED = EXIT_STRICT_REFUSED
EXIT_UNREADABLE = 2


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-12-31") from None


def build_parser(width: int | None = None) -> argparse.ArgumentParser:
    """The command line; `width` fixes the help's line width (default: the terminal's)."""

    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=width)

    parser = argparse.ArgumentParser(
        prog="python -m loaders", description="Load files into the dashboard's store.", formatter_class=formatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dataset_help = "the dataset the files hold (each opens with its contract in loaders/contracts/)"
    files_help = "CSV (UTF-8, UTF-8 with BOM, GBK), .csv.gz or XLSX; Chinese or English headers"
    db_help = "SQLAlchemy URL of the store (default: DASHBOARD_DB_URL, else var/dashboard.duckdb)"
    load = commands.add_parser("load", formatter_class=formatter, help="validate and load files (one transaction)")
    load.add_argument("dataset", choices=list(CONTRACTS), help=dataset_help)
    load.add_argument("files", nargs="+", type=Path, help=files_help)
    load.add_argument("--db", help=db_help)
    load.add_argument("--strict", action="store_true", help="load nothing if any row is rejected")
    load.add_argument("--demo", action="store_true", help="flag the rows as demo data")
    load.add_argument(
        "--covers-through",
        type=_day,
        metavar="DATE",
        help="the last day the files' data cover (YYYY-MM-DD), e.g. the end of the export; "
        "default: the last whole day in each file, which the summary names",
    )
    check_cmd = commands.add_parser("check", formatter_class=formatter, help="validate files without loading")
    check_cmd.add_argument("dataset", choices=list(CONTRACTS), help=dataset_help)
    check_cmd.add_argument("files", nargs="+", type=Path, help=files_help)
    for command in (load, check_cmd):
        command.add_argument(
            "--hidden-sheets", action="store_true", help="read a workbook's hidden sheets too (skipped and named otherwise)"
        )
    demo = commands.add_parser("demo", formatter_class=formatter, help="build the demo store (refuses a store holding real data)")
    demo.add_argument("--db", help=db_help)
    demo.add_argument("--seed", type=int, default=20230704, help="seed of the generator (default: %(default)s)")
    demo.add_argument("--scale", type=float, default=1.0, help="volume relative to the shipped demo (default: %(default)s)")
    demo.add_argument("--if-missing", action="store_true", help="only when the store does not exist yet")
    demo.add_argument("--replace-real", action="store_true", help="delete the real data the store holds and build the demo")
    status = commands.add_parser("status", formatter_class=formatter, help="rows, date range and demo/real status per dataset")
    status.add_argument("--db", help=db_help)
    retire = commands.add_parser(
        "retire", formatter_class=formatter, help="delete the rows whose keys a file lists (one transaction, recorded)"
    )
    retire.add_argument("dataset", choices=list(CONTRACTS), help=dataset_help)
    retire.add_argument("file", type=Path, help="a file listing the wrong keys (the key columns, headers as in the dataset's files)")
    retire.add_argument("--db", help=db_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except UnreadableFile as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return EXIT_UNREADABLE
    except StoreUnavailable as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return EXIT_UNREADABLE
    except RejectedRows as error:
        print(f"refused, nothing written: {printable(str(error))}", file=sys.stderr)
        return EXIT_REFUSED
    except sa.exc.DBAPIError as error:  # the store failed mid-way (server gone, disk full)
        store = describe(database_url(getattr(args, "db", None)))
        print(f"error: store {store}: {first_line(error.orig)}; nothing was written, try again when it is back", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:  # e.g. the var folder for rejects is not writable
        where = f"{printable(str(error.filename))}: " if error.filename else ""
        print(f"error: {where}{printable(str(error.strerror or error))}; nothing was written", file=sys.stderr)
        return EXIT_UNREADABLE


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args)
    if args.command == "status":
        return _status(args)
    if args.command == "retire":
        from loaders.store.retire import retire_keys

        print(retire_keys(args.dataset, args.file, args.db).summary())
        return 0
    covers_through = getattr(args, "covers_through", None)
    requests = [
        LoadRequest(
            args.dataset, path, is_demo=getattr(args, "demo", False), covers_through=covers_through, hidden_sheets=args.hidden_sheets
        )
        for path in args.files
    ]
    if args.command == "check":
        reports = [check(request)[1] for request in requests]
    else:
        try:
            reports = load_files(requests, args.db, strict=args.strict)
        except RejectedRows as error:
            print(f"refused (--strict), nothing loaded: {error}", file=sys.stderr)
            return EXIT_STRICT_REFUSED
    for report in reports:
        print(report.summary())
    return EXIT_REJECTED_ROWS if any(r.rows_rejected for r in reports) else 0


def _demo(args: argparse.Namespace) -> int:
    from loaders.store.demo import RealDataPresent, build_demo

    url = probe(args.db)
    if args.if_missing and exists(url):
        print(f"demo store present: {describe(url)}")
        return 0
    try:
        reports = build_demo(url, seed=args.seed, scale=args.scale, replace_real=args.replace_real)
    except RealDataPresent as error:
        print(f"refused, nothing written: {error}", file=sys.stderr)
        return EXIT_REFUSED
    for report in reports:
        print(report.summary())
    print(f"demo store built: {describe(url)}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from loaders.queries.overview import dataset_status
    from loaders.store.engines import read_engine, require_store

    engine = read_engine(require_store(args.db), pooled=False)
    try:
        print(dataset_status(engine).to_string(index=False))
    finally:
        engine.dispose()
    return 0
