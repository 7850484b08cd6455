"""Write `.env.example` and the settings table of docs/running.md from loaders/settings.py.

    python -m tools.settings_doc          # rewrite both
    python -m tools.settings_doc --check  # exit 1 naming the file that is out of date

The table is the Markdown table right under "## Settings" in docs/running.md; the rest of the file is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.settings import REPO_ROOT, env_example, settings_table

ENV_EXAMPLE = REPO_ROOT / ".env.example"
RUNNING_DOC = REPO_ROOT / "docs" / "running.md"
HEADING = "## Settings\n"


def with_table(doc: str) -> str:
    """The document's text with its settings table replaced by the one the declarations make."""
    start = doc.index("| setting |", doc.index(HEADING))
    end = doc.find("\n\n", start)
    end = len(doc) if end < 0 else end + 1
    return doc[:start] + settings_table() + doc[end:]


def stale() -> list[Path]:
    """Files that differ from what the declarations make."""
    out = []
    if not ENV_EXAMPLE.exists() or ENV_EXAMPLE.read_text(encoding="utf-8") != env_example():
        out.append(ENV_EXAMPLE)
    doc = RUNNING_DOC.read_text(encoding="utf-8")
    if with_table(doc) != doc:
        out.append(RUNNING_DOC)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.settings_doc", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)
    if args.check:
        for path in stale():
            print(f"{path.name}: out of date with loaders/settings.py; run python -m tools.settings_doc", file=sys.stderr)
        return 1 if stale() else 0
    ENV_EXAMPLE.write_text(env_example(), encoding="utf-8")
    RUNNING_DOC.write_text(with_table(RUNNING_DOC.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
