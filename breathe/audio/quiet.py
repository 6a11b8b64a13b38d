"""Keep audio libraries from writing on the terminal.

ALSA prints `ALSA lib ...` lines straight to file descriptor 2 when a device is missing; under
the app they would land on the screen. Its error handler is replaced process-wide with a no-op,
and callers that own the terminal may also point fd 2 at /dev/null while a device is opened.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any


def _ignore_alsa_error(*_args: Any) -> None:
    return None


# Kept at module level for the life of the process: ALSA holds a raw pointer to it.
# (With cffi, the library object is kept too: cffi closes a library when its object goes.)
_handler: Any = None


def silence_alsa() -> bool:
    """Install the no-op ALSA error handler once; False where there is no libasound."""
    global _handler
    if _handler is not None:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        handler = _ctypes_handler()
    except (OSError, AttributeError):
        return False
    _handler = handler
    return True


def _ctypes_handler() -> Any:
    import ctypes

    kind = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    lib = ctypes.CDLL("libasound.so.2")
    handler = kind(_ignore_alsa_error)
    lib.snd_lib_error_set_handler(handler)
    return handler


@contextlib.contextmanager
def stderr_silenced(enabled: bool = True) -> Iterator[None]:
    """Point fd 2 at /dev/null for the block; only where nothing else draws on the terminal."""
    if not enabled:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
