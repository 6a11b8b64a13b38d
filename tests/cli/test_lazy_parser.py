"""`breathe CMD` builds only CMD's parser in full; the others are listed by name with their
line of help, which must stay the line their own parser gives."""

from __future__ import annotations

import argparse

import pytest

from breathe.cli.main import COMMAND_NAMES, build_parser, command_of


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub


def _lines(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    return {a.dest: a.help for a in _commands(parser)._choices_actions}


def test_each_command_is_listed_with_the_line_its_own_parser_gives() -> None:
    full = _lines(build_parser())
    assert list(full) == list(COMMAND_NAMES)
    for command in ("", *COMMAND_NAMES):
        assert _lines(build_parser(command)) == full, command


@pytest.mark.parametrize("command", ["", "run", "history", "sound"])
def test_the_help_is_the_same_whichever_command_is_built(command: str) -> None:
    assert build_parser(command).format_help() == build_parser().format_help()


@pytest.mark.parametrize("command", ["list", "paths"])
def test_commands_without_options_keep_their_description(command: str) -> None:
    full = _commands(build_parser()).choices[command]
    only = _commands(build_parser("run")).choices[command]
    assert only.description == full.description and full.description


def test_only_the_command_run_has_its_options() -> None:
    choices = _commands(build_parser("run")).choices
    assert any("--lead-in" in a.option_strings for a in choices["run"]._actions)
    assert not any(a.option_strings != ["-h", "--help"] for a in choices["history"]._actions)


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["run", "wall", "--plain"], "run"),
        (["--version"], ""),
        ([], ""),
        (["nosuch"], ""),
        (["history", "--limit", "5"], "history"),
        (["later", "20m"], "later"),
        (["completion", "bash"], None),
    ],
)
def test_the_command_is_the_first_word(argv: list[str], command: str | None) -> None:
    assert command_of(argv) == command


def test_a_lone_parser_still_parses_its_command() -> None:
    args = build_parser("run").parse_args(["run", "resonance", "--hr", "off", "--tension", "4"])
    assert (args.command, args.id, args.tension) == ("run", "resonance", 4)
