"""Reading a user's file without trusting it: only a regular file, and only so much of it.

A config that is a symlink to /dev/zero, or a sound that is a FIFO, must never hang breathe
or fill its memory; a dangling symlink is named as such.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path


class UnreadableFile(OSError):
    """The file cannot be used: `reason` says why (`is not a regular file`), `str()` is a
    sentence naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, at most `limit` of them, following symlinks; FileNotFoundError
    when nothing is there, UnreadableFile for anything else that is wrong."""
    if not os.path.lexists(path):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        target = os.readlink(path)
        raise UnreadableFile(path, f"is a broken symlink (to {target})") from None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise UnreadableFile(path, f"is {kind}")
        if info.st_size > limit:
            raise UnreadableFile(path, f"is {_size(info.st_size)}, over the {_size(limit)} limit")
        chunks: list[bytes] = []
        total = 0
        # The size fstat gave (and one byte to find the end): a read of 1 MiB for a small
        # state file makes 1 MiB of bytes for a moment, a start-up's peak memory.
        want = info.st_size + 1
        while total <= limit:
            chunk = os.read(fd, min(want, 1 << 20, limit + 1 - total))
            want = 64 * 1024  # more than fstat said: a file still growing
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UnreadableFile(path, f"is over the {_size(limit)} limit")
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def aside_name(path: Path, moment: datetime, kind: str, side_files: Iterable[str] = ()) -> Path:
    """Where a damaged file is kept for the user: `history.sqlite3.corrupt-20260101T120000Z`,
    with `-2`, `-3`... when that (or one of its side files) is taken, so a second damaged
    file in the same second never replaces the first one's copy."""
    sides = ("", *side_files)
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while any(os.path.lexists(candidate.with_name(candidate.name + s)) for s in sides):
        n += 1
        candidate = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
    return candidate
