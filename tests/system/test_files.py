"""read_regular reads what fstat says in one go (no megabyte of bytes for a small file) and
still all of a file that is longer than fstat said, within the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from breathe.system.files import UnreadableFile, read_regular


def test_a_small_file_is_read_whole_without_asking_for_a_megabyte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b'{"safety_seen": true}\n')
    asked: list[int] = []
    real_read = os.read

    def read(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", read)
    assert read_regular(path, 1 << 20) == b'{"safety_seen": true}\n'
    assert max(asked) <= 64 * 1024


def test_a_file_longer_than_fstat_says_is_read_to_its_end() -> None:
    status = read_regular(Path("/proc/self/status"), 1 << 20)  # st_size 0, text within
    assert b"VmRSS" in status


def test_the_limit_still_holds(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(bytes(2000))
    with pytest.raises(UnreadableFile):
        read_regular(path, 1000)
