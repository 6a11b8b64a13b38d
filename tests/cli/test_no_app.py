"""When the full-screen app cannot be drawn, plain mode takes over with a one-line note."""

from __future__ import annotations

import io
import os

import pytest

from breathe.cli import run as run_module
from breathe.cli.run import no_app_reason


class _Tty(io.StringIO):
    def fileno(self) -> int:
        return 1


def test_term_dumb_has_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert no_app_reason(_Tty()) == "TERM=dumb: no full-screen app, plain mode instead"


@pytest.mark.parametrize(("size", "small"), [((39, 24), True), ((80, 11), True), ((40, 12), False)])
def test_a_terminal_too_small_has_a_reason(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], small: bool
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(run_module.os, "get_terminal_size", lambda fd: os.terminal_size(size))
    reason = no_app_reason(_Tty())
    assert (reason is not None) == small
    if small:
        assert reason == (
            f"the terminal is {size[0]}x{size[1]}, smaller than the app's 40x12: plain mode instead"
        )


def test_a_second_console_script_names_the_same_entry_point() -> None:
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    lines = pyproject.read_text(encoding="utf-8").splitlines()
    scripts = lines[lines.index("[project.scripts]") + 1 :][:2]
    assert [line.split("#")[0].strip() for line in scripts] == [
        'breathe = "breathe.cli.start:entry_point"',
        'breathe-coach = "breathe.cli.start:entry_point"',
    ]
