"""The `breathe` command's first module: nothing heavy is imported before Ctrl-C is caught,
so an interrupt during start-up ends quietly with 130, never a traceback."""

from __future__ import annotations

import sys


def entry_point() -> None:
    try:
        from breathe.cli.main import main
    except KeyboardInterrupt as exc:
        # SIGTERM or SIGHUP arrive as a KeyboardInterrupt carrying their number (128 + it);
        # Ctrl-C is 130 (EXIT_INTERRUPTED), without importing anything more.
        signum = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 2
        sys.exit(128 + signum)
    sys.exit(main())
