"""Write docs/cli.md from the command line's own help (`python -m loaders … --help`), so the
reference cannot drift from the code.

    python -m tools.cli_doc          # rewrite docs/cli.md
    python -m tools.cli_doc --check  # exit 1 when docs/cli.md is out of date
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys

from loaders import cli as loaders_cli
from loaders.paths import REPO_ROOT

CLI_DOC = REPO_ROOT / "docs" / "cli.md"
WIDTH = 100  # argparse wraps help at the terminal's width: one width, so the file is the same everywhere
COMMANDS = ("load", "check", "retire", "status", "demo")


def help_text(argv: list[str]) -> str:
    """What `python -m loaders <argv> --help` prints, at WIDTH columns."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        loaders_cli.build_parser(width=WIDTH).parse_args([*argv, "--help"])
    return out.getvalue().rstrip()


def cli_reference() -> str:
    parts = [
        "# Command line reference",
        "",
        "Written from the code by `python -m tools.cli_doc` (a test checks it is current); run the",
        "commands from the repository with `.venv/bin/python -m loaders …`. How to use them:",
        "[loading data](loading-data.md).",
        "",
        "## python -m loaders",
        "",
        "```text",
        help_text([]),
        "```",
        "",
        (loaders_cli.__doc__ or "").split("\n\n", 1)[1].strip(),
    ]
    for command in COMMANDS:
        parts += ["", f"## python -m loaders {command}", "", "```text", help_text([command]), "```"]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.cli_doc", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether docs/cli.md is out of date")
    args = parser.parse_args(argv)
    current = CLI_DOC.read_text(encoding="utf-8") if CLI_DOC.exists() else ""
    if args.check:
        if current != cli_reference():
            print(f"{CLI_DOC.relative_to(REPO_ROOT)}: out of date with the command line; run python -m tools.cli_doc", file=sys.stderr)
            return 1
        return 0
    CLI_DOC.write_text(cli_reference(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
