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


@pytest.mark.device  # a pseudo-terminal and a real subprocess
def test_a_terminal_without_keys_says_why_it_runs_plain(tmp_path: object) -> None:
    """`breathe run wall </dev/null` on a terminal: the app could not read a key, so plain
    mode runs, and one line says why (as TERM=dumb and a small terminal do)."""
    from tests.helpers.cli import run_on_a_terminal

    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=f"{tmp_path}/d", BREATHE_CONFIG_DIR=f"{tmp_path}/c", TERM="xterm")
    args = ("run", "wall", "--no-sound", "--breaths", "1", "--pattern", "0.1-0-0.1-0")
    code, out, err = run_on_a_terminal((*args, "--lead-in", "0"), env)
    assert code == 0, err
    assert err.splitlines() == [
        "breathe: standard input is not a terminal (the app needs its keys): plain mode instead"
    ]
    assert "completed: Wall breathing, 1 breath" in out
