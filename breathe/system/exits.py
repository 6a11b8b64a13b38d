"""The process's exit statuses, one set for the command line and the app alike (README's
"Exit status" table)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # a file or the output could not be read or written; config --check errors
EXIT_USAGE = 2  # bad input, told in one line
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT


def signal_exit_status(signum: int) -> int:
    """The shell's convention for death by signal: 128 + its number (143 SIGTERM, 129 SIGHUP)."""
    return 128 + signum
