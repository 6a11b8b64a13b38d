"""What the resolved issues spell out, run as a user runs it: the real command in a
subprocess, its exact words and exit status."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers.cli import breathe_cmd


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(breathe_cmd(*args), capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    ("command", "actions"),
    [
        ("sound", "test"),
        ("heart", "test, scan, sweep"),
        ("completion", "bash, zsh, fish"),
        ("remind", "add, list, remove, fire"),
    ],
)
def test_every_command_without_its_action_says_what_it_takes_not_argparse(
    command: str, actions: str
) -> None:
    """Issue 22: a missing action is told in the project's words; `remind` (issue 25, with
    its `ACTION` metavar) fell back to "the following arguments are required: ACTION"."""
    done = run(command)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"breathe: 'breathe {command}' needs one of: {actions} (see 'breathe {command} --help')"
    ]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["remind", "remove"], "breathe: give a reminder's NAME or --all"),
        (["remind", "remove", "x", "--all"], "breathe: give a reminder's NAME or --all, not both"),
    ],
)
def test_remind_remove_says_what_was_wrong_with_its_arguments(argv: list[str], line: str) -> None:
    """Issue 25: bad input is one line and exit 2; `remove` alone was told "not both"."""
    done = run(*argv)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [line]


def test_a_ladder_step_too_large_is_not_told_as_not_above_zero() -> None:
    """Issue 15: a bad ladder is one located error; 1e306 was said not to be "above 0"."""
    import os
    from pathlib import Path

    config = Path(os.environ["BREATHE_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        '[exercises.lad]\nname = "Ladder"\npattern = "3-0-8-0"\nbreaths = 2\n'
        "progress = { exhale = [8, 12], step = 1e306 }\n"
    )
    done = run("config", "--check")
    assert done.returncode == 1
    assert (
        "exercises.lad.progress.step: expected a step above 0 and at most 3600, found 1e+306; "
        "lad runs at its own dose"
    ) in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["Wall"], "breathe: unknown command 'Wall'; did you mean 'breathe run wall'?"),
        (["Pre-Run"], "breathe: unknown command 'Pre-Run'; did you mean 'breathe run pre-run'?"),
        (["hist"], "breathe: unknown command 'hist'; did you mean 'history'?"),
        (["run", "pre"], "breathe: unknown exercise 'pre'; did you mean 'pre-run'?"),
    ],
)
def test_did_you_mean_is_case_blind_and_knows_a_word_cut_short(argv: list[str], line: str) -> None:
    """Issue 22: "did you mean" for a mistyped command or id, case-insensitive, and
    `breathe wall` pointing at `breathe run wall` (`Wall` got the list of commands)."""
    done = run(*argv)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(line), done.stderr
