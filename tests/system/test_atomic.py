"""Replacing a user's file: old or new, never half; links followed; odd files refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from breathe.cli.main import main
from breathe.system.atomic import NotARegularFile, write_atomic


def test_a_symlink_stays_a_link_and_its_target_is_updated(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_the_files_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_something_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with pytest.raises(NotARegularFile):
        write_atomic(target, "data")
    assert target.is_fifo() if kind == "fifo" else target.is_dir()
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_export_refuses_a_pipe_nobody_reads_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["export", "--output", str(fifo)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "a pipe that no program is reading from" in err  # never waits for one
    assert fifo.is_fifo()
