"""Command-line output fits the terminal: `breathe list` narrows or wraps by column to the
terminal's width (`COLUMNS`), and never passes 80 columns into a pipe or a log."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from breathe.cli.layout import cell_len, table
from tests.helpers.cli import breathe_cmd

LONG = """
[exercises.stairs]
name = "Stair breathing at the bottom of a very long staircase 呼吸 🌊"
pattern = "2-0-3-0"
breaths = 6
"""


def _list(tmp_path: Path, columns: str | None) -> list[str]:
    (tmp_path / "cfg").mkdir(exist_ok=True)
    (tmp_path / "cfg" / "config.toml").write_text(LONG, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = columns
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "cfg"))
    done = subprocess.run(breathe_cmd("list"), env=env, capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().splitlines()


@pytest.mark.parametrize(
    ("columns", "limit"),
    [(None, 80), ("200", 80), ("60", 60), ("40", 40), ("39", 39), ("30", 30), ("24", 24)],
)
def test_list_fits(tmp_path: Path, columns: str | None, limit: int) -> None:
    lines = _list(tmp_path, columns)
    assert max(cell_len(line) for line in lines) <= limit
    text = "\n".join(lines)
    for id in ("wall", "4-7-8", "stairs", "pre-run", "mid-run"):
        assert f"  {id}" in text  # every entry is still there
    if limit >= 80:
        assert "Cadence: seconds to breathe in · hold · out · rest" in " ".join(lines)


def test_a_table_wraps_its_free_text_column_and_keeps_the_others() -> None:
    rows = [("ID", "NAME", "DOSE"), ("a", "one two three four five six", "5 min")]
    lines = table(rows, 30, wrap=1)
    assert all(len(line) <= 30 for line in lines)
    assert lines[1].endswith("5 min") and lines[1].startswith("  a ")
    assert len(lines) > 2  # the name went on to a second line, under its column
