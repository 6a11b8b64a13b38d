"""One way to replace a user's file: write beside it, fsync, rename over it.

A reader sees the old file or the new one, never half of either. Symlinks are followed, so a
config kept in a dotfiles repository stays linked, and anything that is not a regular file
(a device, a pipe, a directory) is refused rather than replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class NotARegularFile(OSError):
    """The target exists but is not a plain file, so replacing it would destroy something."""


def write_atomic(target: Path, data: str | bytes, *, make_dirs: bool = False) -> None:
    """Replace `target` (or the file a symlink points at) with `data`; OSError on failure."""
    real = Path(os.path.realpath(target))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise NotARegularFile(f"{target} is {kind}; not replacing it")
    if make_dirs:
        real.parent.mkdir(parents=True, exist_ok=True)
    # An error names the user's file, never the temporary one beside it (which is gone).
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        reason = f"cannot create a new file in {real.parent}: {exc.strerror or exc}"
        raise OSError(exc.errno, reason, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _new_file_mode())
        os.replace(tmp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (tmp, None):
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise


def _new_file_mode() -> int:
    """What the umask allows for a new file (mkstemp alone would make it private)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
