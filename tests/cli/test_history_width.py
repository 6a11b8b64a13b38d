"""`breathe history` and `history --insights` fit the terminal (`COLUMNS`, 80 at most into a
pipe), and a routine's session is named by its routine, with a seeded history of 20 sessions
over 21 days: routines, a long exercise name and wide characters among them."""

from __future__ import annotations

import io
import json
import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.cli.layout import cell_len
from breathe.cli.main import main
from breathe.history.store import HistoryStore
from tests.helpers.cli import breathe_cmd
from tests.helpers.history import session

LONG_NAME = "Stair breathing at the bottom of a very long staircase 呼吸 🌊"
CONFIG = f"""
[exercises.stairs]
name = "{LONG_NAME}"
pattern = "2-0-3-0"
breaths = 6
"""
END = datetime(2026, 3, 21, 19, 0, tzinfo=timezone.utc)
# (exercise id, stored name, routine): a gone routine keeps its id as its name.
KINDS = (
    ("wall", "Wall breathing", None),
    ("wall+goal-post", "Wall breathing + Goal-post arms", "pre-run"),
    ("stairs", LONG_NAME, None),
    ("hooklying", "Hooklying reset", "post-run"),
    ("box", "Box breathing", "old-routine"),
)


def seed() -> None:
    rows = []
    for i in range(20):
        start = END - timedelta(days=i * 21 / 20)
        exercise, name, routine = KINDS[i % len(KINDS)]
        rows.append(
            session(
                start,
                exercise,
                name,
                routine=routine,
                exhale=("hum", "ha")[i % 2],
                tension_before=6,
                status=("completed", "ended_early", "interrupted")[i % 3],
                breaths=30 + i,
                active_s=300 + i,
                tension_after=(3, 4, 5, 6)[i % 4],
            )
        )
    with HistoryStore.open() as store:
        store.record_many(rows)


@pytest.fixture
def history() -> None:
    config = Path(os.environ["BREATHE_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(CONFIG, encoding="utf-8")
    seed()


def in_pipe(*args: str, columns: str | None = None) -> list[str]:
    """`breathe ARGS` as a real subprocess writing into a pipe."""
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = columns
    done = subprocess.run(breathe_cmd(*args), env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout.decode().splitlines()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def on_terminal(argv: list[str], columns: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`breathe ARGV` in this process, writing to a terminal `columns` wide."""
    monkeypatch.setenv("COLUMNS", str(columns))
    out = Terminal()
    assert main(argv, out=out) == 0
    return out.getvalue().splitlines()


COMMANDS = (["history"], ["history", "--insights"])


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [None, "40", "80", "200"])
def test_every_line_fits_into_a_pipe(argv: list[str], columns: str | None) -> None:
    lines = in_pipe(*argv, columns=columns)
    limit = 80 if columns is None else min(80, int(columns))
    assert lines and max(cell_len(line) for line in lines) <= limit


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [40, 60, 80, 100, 200])
def test_every_line_fits_the_terminal(
    argv: list[str], columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = on_terminal(argv, columns, monkeypatch)
    assert max(cell_len(line) for line in lines) <= columns
    text = " ".join(" ".join(lines).split())
    assert "Before the run" in text and "After the run" in text and "old-routine" in text
    if argv == ["history"]:
        assert "Stair breathing" in text
        assert "Goal-post" not in text  # a routine is never named by its exercises


@pytest.mark.usefixtures("history")
def test_the_table_keeps_its_columns_at_80_and_wraps_only_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = on_terminal(["history"], 80, monkeypatch)
    assert lines[0].split() == [
        "ID", "DATE", "EXERCISE", "EXHALE", "TIME", "BREATHS", "STATUS", "TENSION",
    ]  # fmt: skip
    newest = lines[1]
    assert newest.split()[0] == "1" and "Wall breathing" in newest and "05:00" in newest
    assert "6 -> 3" in newest and " 30 " in newest
    wide = on_terminal(["history"], 200, monkeypatch)
    assert len(wide) == 21  # one line a session when there is room
    assert any(LONG_NAME in line for line in wide)


@pytest.mark.usefixtures("history")
def test_at_40_columns_each_session_is_stacked_with_its_figures_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = on_terminal(["history"], 40, monkeypatch)
    text = "\n".join(lines)
    assert "breaths 30" in text and "time 05:00" in text and "tension 6 -> 3" in text


@pytest.mark.usefixtures("history")
def test_json_keeps_the_stored_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = io.StringIO()
    assert main(["history", "--json"], out=out) == 0
    routine = next(r for r in json.loads(out.getvalue()) if r["routine"] == "pre-run")
    assert routine["exercise"] == "wall+goal-post"


@pytest.mark.usefixtures("history")
def test_insights_give_each_routine_a_line_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = on_terminal(["history", "--insights"], 200, monkeypatch)
    names = [line.strip().split(":")[0] for line in lines[1:]]
    assert sorted(names) == sorted(
        ["Wall breathing", LONG_NAME, "Before the run", "After the run", "old-routine"]
    )
