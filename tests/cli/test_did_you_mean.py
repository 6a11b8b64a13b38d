"""A command line that helps: the nearest command, exercise or routine for a typo (case aside),
`breathe wall` pointing at `breathe run wall`, a command without its action showing its usage,
every invalid choice in one line of the project's own wording, and export's format from the
output's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import run_main


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["wall"], "breathe: unknown command 'wall'; did you mean 'breathe run wall'?"),
        (["pre-run"], "breathe: unknown command 'pre-run'; did you mean 'breathe run pre-run'?"),
        (["histroy"], "breathe: unknown command 'histroy'; did you mean 'history'?"),
        (["run", "walls"], "breathe: unknown exercise 'walls'; did you mean 'wall'?"),
        (["run", "Wall"], "breathe: unknown exercise 'Wall'; did you mean 'wall'?"),
        (["run", "PRE-RUN"], "breathe: unknown exercise 'PRE-RUN'; did you mean 'pre-run'?"),
        (["progress", "hooklyin"], "did you mean 'hooklying'?"),
        (
            ["run", "wall", "--exhale", "hmm"],
            "breathe: --exhale must be hum or ha, not 'hmm'; did you mean 'hum'?",
        ),
        (["completion", "tcsh"], "breathe: shell must be bash, zsh or fish, not 'tcsh'"),
        (["export", "--format", "xml"], "breathe: --format must be csv or json, not 'xml'"),
    ],
)
def test_a_typo_is_one_line_with_the_nearest_choice(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("breathe: ") and line in err, err
    assert "invalid choice" not in err and "choose from" not in err


@pytest.mark.parametrize(
    ("command", "actions"),
    [("sound", "test"), ("completion", "bash, zsh, fish"), ("heart", "test, scan, sweep")],
)
def test_a_command_without_its_action_says_in_one_line_what_it_takes(
    command: str, actions: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main([command], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"breathe: 'breathe {command}' needs one of: {actions} (see 'breathe {command} --help')"
    ]


@pytest.mark.parametrize(
    ("argv", "help_of"),
    [
        (["heart", "sweep", "--bogus"], "breathe heart"),
        (["remind", "add", "07:00", "--bogus"], "breathe remind add"),
        (["list", "extra"], "breathe list"),
        (["--bogus"], "breathe"),
        (["--bogus", "run", "wall"], "breathe"),
    ],
)
def test_an_unknown_argument_points_at_the_help_of_its_own_command(
    argv: list[str], help_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = next(word for word in argv if word in ("--bogus", "extra"))
    code, _, err = run_main(argv, capsys)
    assert code == 2
    assert err.splitlines() == [
        f"breathe: unrecognized arguments: {unknown} (see '{help_of} --help')"
    ]


@pytest.mark.parametrize("duration", ["-5m", "-1h"])
def test_a_negative_delay_for_later_is_a_wrong_duration_not_a_missing_one(
    duration: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["later", duration], ["later", duration, "--run", "wall"]):
        code, _, err = run_main(argv, capsys)
        assert code == 2
        assert err.splitlines() == [
            f"breathe: the duration must be like 20m, 1h or 90s, not '{duration}'"
        ], err


def test_export_takes_its_format_from_the_output_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["export", "--output", str(tmp_path / "s.json")], capsys)[0] == 0
    assert json.loads((tmp_path / "s.json").read_text()) == []
    assert run_main(["export", "--output", str(tmp_path / "s.CSV")], capsys)[0] == 0
    assert (tmp_path / "s.CSV").read_text().startswith("id,started_at,")
    assert run_main(["export", "--output", str(tmp_path / "s.txt")], capsys)[0] == 0
    assert (tmp_path / "s.txt").read_text().startswith("id,started_at,")  # csv by default
    code, _, err = run_main(
        ["export", "--format", "csv", "--output", str(tmp_path / "x.json")], capsys
    )
    assert code == 2 and len(err.splitlines()) == 1
    assert "--format csv does not match the output's name" in err
    assert not (tmp_path / "x.json").exists()


def test_paths_lists_the_state_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["paths"], capsys)
    state = [line for line in out.splitlines() if line.startswith("state ")]
    assert code == 0 and len(state) == 1 and state[0].rstrip().endswith("state.json")
