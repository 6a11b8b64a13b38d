"""The pace check in plain mode: `--felt`, and the prompt at the end that Enter skips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from breathe.cli import plain
from breathe.cli import run as run_cli
from breathe.core.pace import FELT_LABELS
from breathe.history.store import HistoryStore
from tests.helpers.cli import run_main

# A quick exercise with a ladder of its own: its sessions count toward a step, so they are
# asked the pace check (one with a pattern or dose typed off the ladder is not).
QUICK_CONFIG = """
[exercises.quick]
name = "Quick"
pattern = "0.05-0-0.05-0"
breaths = 1
progress = { breaths = [1, 2] }
"""
QUICK = ["run", "quick", "--plain", "--lead-in", "0", "--no-sound"]


@pytest.fixture(autouse=True)
def quick_exercise() -> None:
    from breathe.system import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(QUICK_CONFIG, encoding="utf-8")


def felt_saved() -> list[str | None]:
    with HistoryStore.open() as store:
        return [r.felt for r in store.sessions()]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str | None]]:
    """Standard input is a terminal that answers these lines in turn."""
    queue: list[str | None] = []
    monkeypatch.setattr(run_cli, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(plain, "read_line", lambda: queue.pop(0) if queue else None)
    yield queue


def test_felt_on_the_command_line_is_saved_with_the_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main([*QUICK, "--felt", "HARD"], capsys)
    assert (code, err) == (0, "")
    assert "How was the pace" not in out
    assert felt_saved() == ["hard"]


def test_a_bad_felt_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main([*QUICK, "--felt", "meh"], capsys)
    assert code == 2
    assert "--felt must be easy, right or hard, not 'meh'" in err


def test_without_a_terminal_nothing_is_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0 and "How was the pace" not in out
    assert felt_saved() == [None]


@pytest.mark.parametrize(
    ("lines", "saved"),
    [
        (["2"], "right"),
        (["easy"], "easy"),
        ([" HARD "], "hard"),
        ([" 3 "], "hard"),
        ([""], None),  # Enter skips
        ([None], None),  # end of input skips
        (["so-so", "1"], "easy"),  # asked once more
        (["h", "2"], "right"),  # a lone letter (the home screen's keys) is no answer
        (["so-so", "meh"], None),
    ],
)
def test_a_terminal_is_asked_at_the_end(
    lines: list[str | None],
    saved: str | None,
    answers: list[str | None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers.extend(lines)
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0
    assert out.count(plain.PACE_PROMPT) == min(len(lines), 2)
    assert out.index("completed: Quick") < out.index(plain.PACE_PROMPT)
    if saved is not None:
        assert out.endswith(f"pace: {FELT_LABELS[saved]}\n")  # type: ignore[index]
    if lines[-1] is None:  # Ctrl-D echoes no newline: the prompt's line is ended for it
        assert out.endswith(plain.PACE_PROMPT + "\n")
    assert felt_saved() == [saved]


@pytest.mark.parametrize(
    "off_ladder",
    [["--pattern", "0.04-0.06"], ["--breaths", "3"], ["--minutes", "0.01"]],
)
def test_a_session_off_its_ladder_is_not_asked(
    off_ladder: list[str], answers: list[str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    """README: the pace check follows only an exercise that counts toward its step; a
    pattern or dose typed off the ladder does not (`breathe run wall --pattern 1-1`)."""
    answers.append("3")
    code, out, _ = run_main([*QUICK, *off_ladder], capsys)
    assert code == 0 and "completed: Quick" in out
    assert plain.PACE_PROMPT not in out
    assert answers == ["3"]  # nothing was read
    assert felt_saved() == [None]


@pytest.mark.parametrize(
    ("lines", "after", "felt"),
    [
        (["3", "2"], 3, "right"),  # the rating after, then the pace check
        (["", "1"], None, "easy"),  # Enter skips the rating; the pace is still asked
        (["eleven", "4", "3"], 4, "hard"),  # asked once more
        ([None], None, None),  # Ctrl-D: nothing more asked
    ],
)
def test_with_tension_before_a_terminal_is_asked_the_rating_after(
    lines: list[str | None],
    after: int | None,
    felt: str | None,
    answers: list[str | None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--tension` before: plain mode asks after as the app's summary does, so 'What helps
    you' has both ratings; the pace check follows."""
    answers.extend(lines)
    code, out, _ = run_main([*QUICK, "--tension", "6"], capsys)
    assert code == 0
    assert out.index("completed: Quick") < out.index(plain.TENSION_PROMPT)
    if after is not None:
        assert f"tension after: {after}\n" in out
    with HistoryStore.open() as store:
        (record,) = store.sessions()
    assert (record.tension_before, record.tension_after, record.felt) == (6, after, felt)


def test_without_tension_before_no_rating_is_asked(
    answers: list[str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    answers.append("2")
    code, out, _ = run_main(QUICK, capsys)
    assert code == 0 and plain.TENSION_PROMPT not in out
    assert felt_saved() == ["right"]
