"""The `breathe` command's first module: nothing heavy is imported before Ctrl-C is caught,
so an interrupt during start-up ends quietly with 130, never a traceback."""

from __future__ import annotations

import signal
import sys

import breathe


def entry_point() -> None:
    try:
        from breathe.cli.main import main
    except KeyboardInterrupt as exc:
        # SIGTERM or SIGHUP arrive as a KeyboardInterrupt carrying their number (128 + it);
        # Ctrl-C is 130 (EXIT_INTERRUPTED), without importing anything more.
        signum = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 2
        sys.exit(128 + signum)
    finally:
        # From here on Ctrl-C is Python's KeyboardInterrupt again: a session ends on it, saved.
        if signal.getsignal(signal.SIGINT) is breathe._exit_quietly:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
