"""breathe: a guided breathing coach for the terminal."""

import sys as _sys

# Static, and read by hatch at build time ([tool.hatch.version]): asking importlib.metadata
# at run time cost about 40 ms of every start-up.
__version__ = "0.1.0"


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(130)  # EXIT_INTERRUPTED: Ctrl-C before breathe has started


def _quiet_ctrl_c_while_starting() -> None:
    """Run as the `breathe` command (`python -m breathe`, the console scripts), a Ctrl-C while
    Python is still importing it ends quietly with 130 instead of a traceback from the import
    machinery; `cli.start` hands Ctrl-C back to Python once its imports are done. Imported as
    a library, nothing changes."""
    import os
    import signal

    program = os.path.basename(_sys.argv[0]) if _sys.argv else ""
    if program not in ("-m", "breathe", "breathe-coach"):
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored by a parent
        signal.signal(signal.SIGINT, _exit_quietly)


_quiet_ctrl_c_while_starting()
