"""The history file's content digest (noted in the lock file to tell a copied folder from a
restored older file): made with zlib, so a session never loads hashlib and OpenSSL's libcrypto;
a BLAKE2b digest noted by an older breathe is still checked as BLAKE2b."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from breathe.history.storefile import IDENTITY_BYTES, WAL_MAGIC, content_digest, wal_is_foreign


def _history(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(content)
    path.with_name(path.name + "-wal").write_bytes(WAL_MAGIC[0] + bytes(28))
    return path


def _lock_noting(tmp_path: Path, digest: str) -> int:
    lock = os.open(tmp_path / "history.sqlite3.lock", os.O_RDWR | os.O_CREAT, 0o644)
    os.write(lock, f"1:2:3:4|{digest}".encode("ascii").ljust(IDENTITY_BYTES))
    return lock


def test_the_digest_tells_content_apart_and_is_the_same_for_a_copy(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"SQLite format 3\x00" + bytes(300_000))
    b.write_bytes(a.read_bytes())
    assert content_digest(a) == content_digest(b)
    assert content_digest(a).startswith("z") and len(content_digest(a)) == 17
    b.write_bytes(a.read_bytes()[:-1] + b"\x01")
    assert content_digest(a) != content_digest(b)


def test_a_digest_noted_by_an_older_breathe_is_checked_as_blake2b(tmp_path: Path) -> None:
    content = b"SQLite format 3\x00" + bytes(1000)
    path = _history(tmp_path, content)
    old = hashlib.blake2b(content, digest_size=16).hexdigest()
    lock = _lock_noting(tmp_path, old)
    try:
        assert not wal_is_foreign(path, lock)  # the same content: a copy keeps its WAL
    finally:
        os.close(lock)
    path.write_bytes(content + b"older")
    lock = _lock_noting(tmp_path, old)
    try:
        assert wal_is_foreign(path, lock)
    finally:
        os.close(lock)


def test_a_new_digest_is_checked_as_one(tmp_path: Path) -> None:
    path = _history(tmp_path, b"SQLite format 3\x00" + bytes(1000))
    lock = _lock_noting(tmp_path, content_digest(path))
    try:
        assert not wal_is_foreign(path, lock)
        path.write_bytes(b"SQLite format 3\x00" + bytes(999))
        assert wal_is_foreign(path, lock)
    finally:
        os.close(lock)


def test_a_session_on_a_history_that_changed_loads_no_hashlib(tmp_path: Path) -> None:
    """The second session finds the file changed since the note and hashes it again."""
    probe = (
        "import contextlib, io, json, sys\n"
        "from breathe.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(sys.argv[1:])\n"
        "print(json.dumps([code, 'hashlib' in sys.modules, '_hashlib' in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    argv = ("run", "wall", "--plain", "--no-sound", "--breaths", "1", "--lead-in", "0")
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv, "--pattern", "0.1-0-0.1-0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, False, False]
    noted = (tmp_path / "d" / "history.sqlite3.lock").read_text().strip()
    assert noted.partition("|")[2].startswith("z")
