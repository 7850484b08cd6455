"""`python -m loaders`: the command line (loaders/cli.py)."""

import sys

from loaders.cli import main

sys.exit(main())
