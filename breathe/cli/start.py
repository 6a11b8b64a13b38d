"""The `breathe` command's first module: nothing heavy is imported before Ctrl-C is caught,
so an interrupt during start-up ends quietly with 130, never a traceback."""

from __future__ import annotations

import sys


def entry_point() -> None:
    try:
        from breathe.cli.main import main
    except KeyboardInterrupt:
        sys.exit(130)  # EXIT_INTERRUPTED, without importing anything more
    sys.exit(main())
