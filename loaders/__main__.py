"""Command line: python -m loaders {load,check,demo,status} ...

Exit codes: 0 all rows accepted; 3 some rows rejected (the rest loaded, rejects file written);
4 strict load refused (nothing written); 2 unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.datasets import CONTRACTS
from loaders.load import LoadRequest, RejectedRows, check, load_files
from loaders.readers import UnreadableFile
from loaders.store import database_url, describe, exists

EXIT_REJECTED_ROWS = 3
EXIT_STRICT_REFUSED = 4
EXIT_UNREADABLE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Load files into the dashboard's store.")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="validate and load files (one transaction)")
    load.add_argument("dataset", choices=list(CONTRACTS))
    load.add_argument("files", nargs="+", type=Path)
    load.add_argument("--db", help="SQLAlchemy URL (default: DASHBOARD_DB_URL or var/dashboard.duckdb)")
    load.add_argument("--strict", action="store_true", help="load nothing if any row is rejected")
    load.add_argument("--demo", action="store_true", help="flag the rows as demo data")
    check_cmd = commands.add_parser("check", help="validate files without loading")
    check_cmd.add_argument("dataset", choices=list(CONTRACTS))
    check_cmd.add_argument("files", nargs="+", type=Path)
    demo = commands.add_parser("demo", help="build the demo store")
    demo.add_argument("--db")
    demo.add_argument("--seed", type=int, default=20230704)
    demo.add_argument("--scale", type=float, default=1.0)
    demo.add_argument("--if-missing", action="store_true", help="only when the store does not exist yet")
    status = commands.add_parser("status", help="rows, date range and demo/real status per dataset")
    status.add_argument("--db")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(args)
        if args.command == "status":
            return _status(args)
        requests = [LoadRequest(args.dataset, path, is_demo=getattr(args, "demo", False)) for path in args.files]
        if args.command == "check":
            reports = [check(request)[1] for request in requests]
        else:
            reports = load_files(requests, args.db, strict=args.strict)
    except UnreadableFile as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except RejectedRows as error:
        print(f"refused (--strict), nothing loaded: {error}", file=sys.stderr)
        return EXIT_STRICT_REFUSED
    for report in reports:
        print(report.summary())
    return EXIT_REJECTED_ROWS if any(r.rows_rejected for r in reports) else 0


def _demo(args: argparse.Namespace) -> int:
    from loaders.demo_store import build_demo

    url = database_url(args.db)
    if args.if_missing and exists(url):
        print(f"demo store present: {describe(url)}")
        return 0
    for report in build_demo(url, seed=args.seed, scale=args.scale):
        print(report.summary())
    print(f"demo store built: {describe(url)}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from loaders.queries.overview import dataset_status
    from loaders.store import read_engine

    engine = read_engine(args.db)
    print(dataset_status(engine).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
