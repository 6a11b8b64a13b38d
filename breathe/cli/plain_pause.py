"""Plain mode's pause: Ctrl-Z, the terminal's own. The session pauses (its blip heard, its line
printed) before the shell stops the program, and `fg` resumes it where it was, so a stop of any
length shifts the rest of the session instead of skipping it."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

from breathe.core.session import SessionRun

PAUSE_HEARD_SECONDS = 0.3  # the pause blip (0.18 s) plays out before the program stops


@contextlib.contextmanager
def ctrl_z_pauses(run: SessionRun) -> Iterator[None]:
    """While the session runs, Ctrl-Z (SIGTSTP) pauses it, then stops the program as usual;
    once continued (`fg`), it resumes. Nothing changes where there is no job control."""
    tstp = getattr(signal, "SIGTSTP", None)
    if tstp is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def pause_then_stop(signum: int, frame: FrameType | None) -> None:
        pausing = run.clock.started and run.result is None and not run.paused
        pausing = pausing and not run.awaiting  # (between sets, nothing runs to pause)
        if pausing:
            run.toggle_pause()
            time.sleep(PAUSE_HEARD_SECONDS)
        signal.signal(tstp, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), tstp)  # stopped here until continued
        finally:
            signal.signal(tstp, pause_then_stop)
        if pausing and run.paused and run.result is None:
            run.toggle_pause()

    previous = signal.signal(tstp, pause_then_stop)
    try:
        yield
    finally:
        signal.signal(tstp, previous)
