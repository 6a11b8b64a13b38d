"""The history file on disk: telling damage from a busy or full disk, a WAL that belongs to
another file, moving a damaged file aside, and keeping space for a session's last writes."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import threading
import zlib
from datetime import datetime
from pathlib import Path

from breathe.history.records import HistoryUnavailable
from breathe.system.files import aside_name

BUSY_TIMEOUT_SECONDS = 5.0  # how long a connection waits out another's lock


def open_read_only(path: Path, mode: str, *, same_thread: bool = True) -> sqlite3.Connection:
    """A connection that only reads, by URI `mode` (`mode=ro`, or `immutable=1` for a file
    whose WAL is not to be applied), in autocommit, waiting out a writer's lock."""
    return sqlite3.connect(
        f"{path.absolute().as_uri()}?{mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=same_thread,
    )


SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
CONSTRAINT_NOTE = re.compile(r"(CHECK constraint failed in |NULL value in )")


def is_damage(exc: BaseException) -> bool:
    """True only for a damaged file, never for busy, locked, full or read-only ones."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def looks_like_sqlite(path: Path) -> bool:
    """Checked before SQLite opens a file, which could otherwise tidy away its WAL."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # unreadable: let SQLite say why, never move it aside for that
    return head == SQLITE_HEADER or head == b""


def corrupt_name(path: Path, moment: datetime, kind: str = "corrupt") -> Path:
    """`history.sqlite3.corrupt-20260101T120000Z`, with `-2`, `-3`... when that is taken."""
    return aside_name(path, moment, kind, ("-wal", "-shm"))


# Writes (breaths) between checkpoints. After one, SQLite writes the WAL from its start
# again, into space the file already has: with RESERVE_WAL_BYTES set aside when a session
# opens the store, a disk that fills up mid-session still takes every breath and the end.
CHECKPOINT_EVERY = 16
RESERVE_WAL_BYTES = 1024 * 1024
SPARE_BYTES = 512 * 1024
CLOSE_RETRIES = 3
SIDE_FILES = ("-wal", "-shm", "-journal")


def allocate(path: Path, size: int, *, create: bool = False) -> None:
    """Give `path` `size` bytes of disk now (a quarter when that much is not free, else
    none); OSError when it cannot be opened. Without posix_fallocate only a new file is
    filled (with zeros): a live WAL is never written to by anyone but SQLite."""
    allocate = getattr(os, "posix_fallocate", None)
    if allocate is None and not create:
        return
    flags = os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)  # data, not a program: no execute bits
    try:
        for want in (size, size // 4):
            try:
                if allocate is not None:
                    allocate(fd, 0, want)
                else:
                    os.write(fd, bytes(want))
                break
            except OSError:
                continue
    finally:
        os.close(fd)
    if create and os.path.getsize(path) == 0:
        os.unlink(path)  # not even a quarter was free


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def file_identity(path: Path) -> str | None:
    """What changes when the main file is replaced, restored or checkpointed into (and when
    it is copied or moved to another disk: then its content tells, `content_digest`)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


class _Blake2b:
    """The digest an older breathe noted (BLAKE2b, 16 bytes, in hex): hashlib loads OpenSSL's
    libcrypto (~0.6 MiB of a session's memory), so only a note that old is checked with it."""

    def __init__(self) -> None:
        from hashlib import blake2b

        self._hash = blake2b(digest_size=16)

    def update(self, chunk: bytes) -> None:
        self._hash.update(chunk)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class _Zlib:
    """CRC-32 and Adler-32 of the content (64 bits, zlib is loaded with Textual anyway): enough
    to tell a copy from a restored older file, and prefixed so an older note is told apart."""

    PREFIX = "z"

    def __init__(self) -> None:
        self._crc, self._adler = 0, 1

    def update(self, chunk: bytes) -> None:
        self._crc = zlib.crc32(chunk, self._crc)
        self._adler = zlib.adler32(chunk, self._adler)

    def hexdigest(self) -> str:
        return f"{self.PREFIX}{self._crc:08x}{self._adler:08x}"


def content_digest(path: Path, fd: int | None = None, *, like: str = "") -> str:
    """The main file's content, hashed: a copy has the same, a restored older file not. Read
    only when the file itself changed (about 20 ms for 10 MB). With a connection open in this
    process, read through `fd`, opened before it and closed after it: closing any other
    descriptor of the file would drop SQLite's POSIX locks on it (another process could then
    checkpoint and delete the WAL under this one's writes). `like`: a digest noted before,
    whose kind this one is made in (an older breathe noted BLAKE2b)."""
    old = bool(like) and not like.startswith(_Zlib.PREFIX)
    digest: _Blake2b | _Zlib = _Blake2b() if old else _Zlib()
    try:
        own = fd is None
        if fd is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            while chunk := os.read(fd, _CHUNK):
                digest.update(chunk)
        finally:
            if own:
                os.close(fd)
    except OSError:
        return ""
    return digest.hexdigest()


_CHUNK = 256 * 1024  # read in pieces this big: no megabyte of bytes for a moment


# The main file held open for its digest, once per process however many stores use it: the
# descriptor is closed only when the last of them has closed its connection.
_HELD: dict[str, list[int]] = {}
_HELD_LOCK = threading.Lock()


def hold(path: Path) -> int | None:
    """A descriptor of the main file for `content_digest`, until `release`; None when it
    cannot be opened."""
    key = os.path.realpath(path)
    with _HELD_LOCK:
        held = _HELD.get(key)
        if held is None:
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            except OSError:
                return None
            held = _HELD[key] = [fd, 0]
        held[1] += 1
        return held[0]


def release(path: Path) -> None:
    key = os.path.realpath(path)
    with _HELD_LOCK:
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] <= 0:
            del _HELD[key]
            os.close(held[0])


def _held(path: Path) -> int | None:
    with _HELD_LOCK:
        held = _HELD.get(os.path.realpath(path))
    return held[0] if held is not None else None


def _noted(lock: int) -> tuple[str, str]:
    """The identity and digest noted in the lock file ("" each when none)."""
    try:
        os.lseek(lock, 0, os.SEEK_SET)
        text = os.read(lock, IDENTITY_BYTES).decode("ascii", "replace").strip()
    except OSError:
        return "", ""
    identity, _, digest = text.partition("|")  # no digest: noted by an older breathe
    return identity, digest


def record_identity(lock: int, path: Path, fd: int | None) -> None:
    """Note the main file's identity and content; `fd`: see `content_digest`."""
    identity = file_identity(path) or ""
    noted, digest = _noted(lock)
    if identity != noted or not digest:  # the content may have changed: hash it again
        digest = content_digest(path, fd) if identity and fd is not None else ""
    with contextlib.suppress(OSError):
        os.lseek(lock, 0, os.SEEK_SET)
        os.write(lock, f"{identity}|{digest}".encode("ascii").ljust(IDENTITY_BYTES))


IDENTITY_BYTES = 128
WAL_MAGIC = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))


def wal_is_foreign(path: Path, lock: int | None) -> bool:
    """A non-empty WAL beside a main file that is not the one breathe last left it with.
    Told by content: a copy (`cp -r`, `cp -a`, a move to another disk, a backup of the whole
    folder restored) has the content noted and keeps its WAL; a restored older file has not."""
    try:
        with open(path.with_name(path.name + "-wal"), "rb") as wal:
            if wal.read(4) not in WAL_MAGIC:
                return False  # empty, or only space set aside: nothing to apply
    except OSError:
        return False
    if lock is None:
        return False  # nothing noted (a read-only folder): trust it, as SQLite would
    noted, digest = _noted(lock)
    if not noted or noted == file_identity(path):
        return False  # nothing noted yet (a file from before breathe kept notes): trust it
    return not digest or digest != content_digest(path, _held(path), like=digest)


def set_aside(path: Path, moment: datetime, kind: str, *, main: bool) -> Path | None:
    """Rename the damaged file and its side files (or, `main=False`, only the side files of
    a WAL that is not its own) beside it; the new name, or None when nothing was there."""
    target = corrupt_name(path, moment, kind)
    if main:
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise HistoryUnavailable(
                f"the history file {path} is damaged and could not be moved aside "
                f"({exc.strerror or exc})"
            ) from None
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            os.replace(side, target.with_name(target.name + suffix))
        except FileNotFoundError:
            continue
        except OSError as exc:
            if main:
                continue
            raise HistoryUnavailable(
                f"{side} does not belong to the history file and could not be moved aside "
                f"({exc.strerror or exc})"
            ) from None
    return target


_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14
LOW_SPACE_BYTES = 256 * 1024


def disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


def cannot_write(path: Path) -> bool:
    folder_ok = os.access(path.parent, os.W_OK)
    return not folder_ok or (path.exists() and not os.access(path, os.W_OK))


def describe(exc: BaseException, path: Path) -> str:
    """Why SQLite failed, told apart: a full disk, a read-only place, or what SQLite said."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if (
        primary == _SQLITE_FULL
        or "disk is full" in text
        or (primary in (_SQLITE_IOERR, None) and disk_full(path))
    ):
        return f"the disk is full: {text}"
    readonly = primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "readonly" in text
    if readonly and cannot_write(path):
        return f"the folder {path.parent} is read-only: {text}"
    return text
