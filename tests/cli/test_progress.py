"""Progression on the command line: `breathe run ID` takes the next step, an explicit pattern
or dose wins, and `breathe progress` shows, holds and resets it."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.history.store import HistoryStore
from breathe.system import paths
from tests.helpers.cli import run_main
from tests.helpers.history import seed_paced

TINY = """
[exercises.tiny]
name = "Tiny"
pattern = "0.02-0-0.02-0"
breaths = 1
progress = { exhale = [0.02, 0.04], step = 0.01 }
"""
QUICK = ["run", "tiny", "--plain", "--no-sound", "--lead-in", "0"]


@pytest.fixture
def tiny() -> None:
    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(textwrap.dedent(TINY))


def seed(exercise: str, pattern: str, planned: str, felt: list[str | None], **kw: object) -> None:
    with HistoryStore.open() as store:
        seed_paced(store, exercise, pattern, planned, felt, **kw)  # type: ignore[arg-type]


def patterns() -> list[str]:
    with HistoryStore.open() as store:
        return [r.pattern for r in store.sessions()]


def test_progress_lists_every_exercise_at_its_starting_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(["progress"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 10
    assert "hooklying    next: 4 · 0 · 8 · 2, the starting step" in lines
    assert "resonance    next: 10 min, the starting step" in lines


def test_three_comfortable_sessions_show_the_next_step_and_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed("hooklying", "4-0-8-2", "5 min", ["right", "easy", "right"])
    code, out, _ = run_main(["progress", "hooklying"], capsys)
    assert code == 0
    assert out == "hooklying  next: 4 · 0 · 9 · 2, up from 8 s after 3 comfortable sessions\n"


def test_run_uses_the_next_step_and_the_record_keeps_it(
    tiny: None, capsys: pytest.CaptureFixture[str]
) -> None:
    seed("tiny", "0.02-0-0.02-0", "1 breath", ["right"] * 3)
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        "progress: next: 0.02 · 0 · 0.03 · 0, up from 0.02 s after 3 comfortable sessions"
    )
    assert "00:00 exhale 0.03s" in out
    assert patterns()[0] == "0.02-0-0.03-0"


@pytest.mark.parametrize(
    "extra",
    [["--pattern", "0.02-0-0.02-0"], ["--breaths", "1"], ["--no-progress"]],
)
def test_an_explicit_pattern_or_dose_or_no_progress_wins(
    extra: list[str], tiny: None, capsys: pytest.CaptureFixture[str]
) -> None:
    seed("tiny", "0.02-0-0.02-0", "1 breath", ["right"] * 3)
    code, out, _ = run_main([*QUICK, *extra], capsys)
    assert code == 0 and "progress:" not in out
    assert patterns()[0] == "0.02-0-0.02-0"


def test_the_progress_setting_off_keeps_the_own_dose(
    tiny: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with paths.config_file().open("a") as fh:
        fh.write("\n[settings]\nprogress = false\n")
    seed("tiny", "0.02-0-0.02-0", "1 breath", ["right"] * 3)
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0 and "progress:" not in out
    assert patterns()[0] == "0.02-0-0.02-0"


def test_hold_resume_and_reset(capsys: pytest.CaptureFixture[str]) -> None:
    seed("hooklying", "4-0-8-2", "5 min", ["right"] * 3)
    seed(
        "hooklying", "4-0-9-2", "5 min", ["right"], start=datetime(2026, 3, 3, tzinfo=timezone.utc)
    )
    _, out, _ = run_main(["progress", "hooklying", "--hold"], capsys)
    assert out == "hooklying  next: 4 · 0 · 9 · 2, held at 9 s\n"
    _, out, _ = run_main(["progress", "hooklying", "--resume"], capsys)
    assert out == "hooklying  next: 4 · 0 · 9 · 2, 1 of 3 comfortable sessions at 9 s\n"
    _, out, _ = run_main(["progress", "hooklying", "--reset"], capsys)
    assert out == "hooklying  next: 4 · 0 · 8 · 2, the starting step\n"
    # Sessions after the reset count again.
    seed("hooklying", "4-0-8-2", "5 min", ["hard"], start=datetime(2026, 3, 4, tzinfo=timezone.utc))
    _, out, _ = run_main(["progress", "hooklying"], capsys)
    assert (
        out == "hooklying  next: 4 · 0 · 7 · 2, back from 8 s after a session that felt too hard\n"
    )


def test_hold_keeps_the_step_progress_shows_as_next(
    tiny: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three comfortable sessions at 0.02 s: next is 0.03 s, and --hold keeps that one (the
    app's `p` holds the step it shows), not the 0.02 s last breathed."""
    seed("tiny", "0.02-0-0.02-0", "1 breath", ["right"] * 3)
    _, out, _ = run_main(["progress", "tiny"], capsys)
    assert out.startswith("tiny  next: 0.02 · 0 · 0.03 · 0, up from")
    code, out, _ = run_main(["progress", "tiny", "--hold"], capsys)
    assert (code, out) == (0, "tiny  next: 0.02 · 0 · 0.03 · 0, held at 0.03 s\n")
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0 and patterns()[0] == "0.02-0-0.03-0"
    # A session at the held step, rated too hard, does not move it.
    seed(
        "tiny",
        "0.02-0-0.03-0",
        "1 breath",
        ["hard"],
        start=datetime(2026, 3, 9, tzinfo=timezone.utc),
    )
    _, out, _ = run_main(["progress", "tiny"], capsys)
    assert out == "tiny  next: 0.02 · 0 · 0.03 · 0, held at 0.03 s\n"


def test_sessions_dated_in_the_future_or_after_a_zone_change_count_in_recording_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A clock set a year ahead, then put right: the latest recorded session decides."""
    future = datetime(2027, 3, 2, tzinfo=timezone(timedelta(hours=14)))
    seed("hooklying", "4-0-8-2", "5 min", ["right"] * 3, start=future)
    seed("hooklying", "4-0-8-2", "5 min", ["hard"], start=datetime(2026, 3, 2, tzinfo=timezone.utc))
    _, out, _ = run_main(["progress", "hooklying"], capsys)
    assert "back from 8 s after a session that felt too hard" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["progress", "pre-run"], "'pre-run' is a routine; progression is per exercise"),
        (["progress", "--hold"], "--hold, --resume and --reset need an exercise ID"),
        (["progress", "wal"], "unknown exercise 'wal'"),
        (["progress", "wall", "--hold", "--reset"], "not allowed with argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(argv, capsys)
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_an_unknown_id_is_answered_with_exercises_only(capsys: pytest.CaptureFixture[str]) -> None:
    """Progression is per exercise: a routine is never offered as what was meant."""
    code, _, err = run_main(["progress", "nosuch", "--hold"], capsys)
    assert code == 2 and "try: wall, goal-post" in err, err
    assert not any(r in err for r in ("pre-run", "post-run", "between-sets", "mid-run")), err
    code, _, err = run_main(["progress", "pre-rum"], capsys)
    assert code == 2 and "pre-run" not in err, err


def test_a_custom_exercise_without_a_ladder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text('[exercises.plain]\npattern = "2-0-3-0"\nbreaths = 3\n')
    code, out, _ = run_main(["progress", "plain"], capsys)
    assert (code, out) == (0, "plain: no ladder; it runs at its own dose\n")
