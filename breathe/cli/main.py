"""The `breathe` command: parses arguments, then hands over to plain mode or the app."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from breathe import __version__
from breathe.cli.argtypes import UsageError
from breathe.cli.completion import add_list_ids_option
from breathe.cli.config_cmd import cmd_config, load_for_cli
from breathe.cli.errors import HistoryCommandError, OutputLost
from breathe.cli.run import cmd_run, no_app_reason, run_app
from breathe.cli.run_options import RunOptions, run_options
from breathe.core.catalogue import Catalogue
from breathe.core.engine import (
    ScheduleError,
)
from breathe.core.text import nearest, printable
from breathe.system import app_state, paths
from breathe.system.app_state import StateFileError
from breathe.system.crashlog import where_details_are
from breathe.system.exits import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    signal_exit_status,
)
from breathe.system.signals import SessionTerminated
from breathe.system.textout import degrade_unencodable

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


_LONG_QUOTE = re.compile(r"('[^'\n]{37})[^'\n]{4,}'")
_LONG_WORD = re.compile(r"([^\s']{37})[^\s']{4,}")


_INVALID_CHOICE = re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", re.S)
_MISSING_ACTION = re.compile(r"the following arguments are required: (action|shell)", re.I)


def _choice_message(argument: str, typed: str, listed: str) -> str:
    """argparse's "invalid choice" in the project's own words, with the nearest choice."""
    choices = re.findall(r"'([^']*)'", listed) or [c.strip() for c in listed.split(",")]
    if argument == "COMMAND":
        meant = {i.lower(): i for i in Catalogue().ids()}.get(typed.lower())  # case aside
        if meant is not None:
            return f"unknown command {typed!r}; did you mean 'breathe run {meant}'?"
        guess = nearest(typed, choices)
        hint = f"did you mean {guess!r}?" if guess else f"the commands are {', '.join(choices)}"
        return f"unknown command {typed!r}; {hint}"
    guess = nearest(typed, choices)
    options = " or ".join([", ".join(choices[:-1]), choices[-1]] if len(choices) > 1 else choices)
    hint = f"; did you mean {guess!r}?" if guess and guess != typed else ""
    return f"{argument} must be {options}, not {typed!r}{hint}"


def usage_error(message: str, prog: str) -> UsageError:
    """One line, pointing at the help of the command it is about."""
    # argparse quotes what was typed in full: a 5,000-character word stays one short line.
    message = _LONG_QUOTE.sub(lambda m: f"{m.group(1)}...'", message)
    message = _LONG_WORD.sub(lambda m: f"{m.group(1)}...", message)
    return UsageError(f"{message} (see '{prog} --help')")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # "argument --breaths: --breaths must be ..." says the option's name twice.
        prefix, _, rest = message.partition(": ")
        if prefix.startswith("argument ") and rest.startswith(prefix[len("argument ") :]):
            message = rest
        choice = _INVALID_CHOICE.fullmatch(message)
        if choice is not None:
            message = _choice_message(*choice.groups())
        elif _MISSING_ACTION.match(message):
            # `breathe sound`: what the command takes, not argparse's word for its argument.
            message = f"'{self.prog}' needs one of: {', '.join(self._actions_named())}"
        raise usage_error(message, self.prog)

    def _actions_named(self) -> list[str]:
        """The choices of this command's required positional argument (its actions)."""
        for action in self._actions:
            if not action.option_strings and action.required and action.choices:
                return [str(c) for c in action.choices]
        return []

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows a failed write: `breathe --help > /dev/full` would say nothing.
        if message:
            (file or sys.stderr).write(message)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # argparse drops a lone `--` (`--breaths=--`) and hands the type an empty list.
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            self.error(f"argument {action.option_strings[-1]}: expected a value, found '--'")
        return super()._get_values(action, arg_strings)


# Each command's parser is built by its module's function (module, function, then the names
# it adds with their line in `breathe --help`). For a command being run only its own parser is
# built: the others are a name and that line (tests/cli/test_lazy_parser.py holds the lines
# to the full parsers').
_COMMANDS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("breathe.cli.run", "add_run_command", (("run", "start an exercise or routine"),)),
    ("", "", (("list", "exercises and routines with their cadence and dose"),)),
    ("", "", (("paths", "where history, config and sounds live"),)),
    (
        "breathe.cli.config_cmd",
        "add_config_command",
        (("config", "show, create or check your settings, exercises and routines"),),
    ),
    (
        "breathe.cli.history_cmd",
        "add_history_commands",
        (("history", "past sessions, newest first"), ("export", "every session as CSV or JSON")),
    ),
    (
        "breathe.cli.import_cmd",
        "add_import_command",
        (("import", "add sessions from a file made by 'breathe export'"),),
    ),
    (
        "breathe.cli.progress_cmd",
        "add_progress_command",
        (("progress", "each exercise's next dose and why; hold or reset it"),),
    ),
    (
        "breathe.cli.sound_cmd",
        "add_sound_command",
        (("sound", "check your sound before a session"),),
    ),
    (
        "breathe.cli.remind_parser",
        "add_remind_commands",
        (
            ("remind", "reminders kept by the system's own scheduler"),
            ("later", "a one-off reminder after DURATION (20m, 1h, 90s)"),
        ),
    ),
    (
        "breathe.cli.heart_cmd",
        "add_heart_command",
        (("heart", "heart rate: test a source, find straps, the resonance sweep"),),
    ),
    (
        "breathe.cli.completion",
        "add_completion_command",
        (("completion", "print a tab-completion script for bash, zsh or fish"),),
    ),
)
COMMAND_NAMES = tuple(name for _, _, names in _COMMANDS for name, _ in names)
_DESCRIPTIONS = {
    "list": "List the exercises and routines.",
    "paths": "Print where breathe keeps its files on this machine.",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser; given `command` (see `command_of`), only that one's in full
    (its module loaded), the others only named with their line of help."""
    parser = _Parser(
        prog="breathe",
        description="A guided breathing coach for the terminal. "
        "Run with no command to open the app.",
        epilog="Exit status: 0 done; 1 a file or the output could not be read or written, "
        "a finished session could not be saved, config (or config --check) found errors, no "
        "scheduler answered (remind, later) or there is no sound to test (sound test); 2 bad "
        "input; 130 ended with Ctrl-C (143 SIGTERM, 129 SIGHUP).",
    )
    parser.add_argument("--version", action="version", version=f"breathe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module, adder, names in _COMMANDS:
        if module and (command is None or command in dict(names)):
            getattr(import_module(module), adder)(sub)
            continue
        for name, line in names:
            sub.add_parser(name, help=line, description=_DESCRIPTIONS.get(name))
    add_list_ids_option(parser)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The command whose parser `argv` needs in full: its first word when that is a command;
    "" for none (no command, or an unknown one); None for all (`completion` prints them)."""
    word = next((a for a in argv if not a.startswith("-")), "")
    if word == "completion":
        return None
    return word if word in COMMAND_NAMES else ""


CADENCE_LEGEND = (
    "Cadence: seconds to breathe in · hold · out · rest; 2+0.5 is an inhale and a short "
    "top-up inhale."
)


def cmd_list(catalogue: Catalogue, out: TextIO) -> int:
    from breathe.cli.layout import output_width, table, wrapped

    width = output_width(out)
    rows = [("ID", "NAME", "CADENCE", "DOSE", "EXHALE")]
    for ex in catalogue.exercises:
        exhale = (
            f"{ex.exhale.value} (or {'ha' if ex.exhale.value == 'hum' else 'hum'})"
            if ex.either_exhale
            else ex.exhale.value
        )
        # Names and cues come from the user's config: never let them drive the terminal.
        rows.append((ex.id, printable(ex.name), ex.pattern.cadence, ex.dose.describe(), exhale))
    lines = ["Exercises", *table(rows, width, wrap=1)]
    lines += wrapped(CADENCE_LEGEND, width, "  ", "  ")
    lines += ["", "Routines"]
    rw = max(len(r.id) for r in catalogue.routines)
    hang = " " * (rw + 4)
    for routine in catalogue.routines:
        steps = " -> ".join(step.exercise for step in routine.steps)
        text = printable(f"{routine.name}: {steps}. {routine.why}")
        lines += wrapped(text, width, f"  {routine.id.ljust(rw)}  ", hang)
    for line in lines:
        print(line, file=out)
    return EXIT_OK


def cmd_paths(out: TextIO) -> int:
    rows = [
        ("history", paths.history_file()),
        ("config", paths.config_file()),
        ("sounds", paths.user_sounds_dir()),
        ("state", paths.state_file()),
        ("data dir", paths.data_dir()),
    ]
    from breathe.system.scheduler import reminder_paths

    rows += [("remind", path) for path in reminder_paths()]
    for name, path in rows:
        print(f"{name:<9}{path}", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    err = sys.stderr or open(os.devnull, "w")  # noqa: SIM115
    if out is None and sys.stdout is None:  # `breathe list >&-`: nowhere to write
        _say(err, "breathe: cannot write output (standard output is closed)")
        return EXIT_FAILURE
    out = out or sys.stdout or open(os.devnull, "w")  # noqa: SIM115
    for stream in (out, err):
        degrade_unencodable(stream)  # `·` becomes `-` on an ASCII terminal, never a crash
    try:
        try:
            code = _dispatch(argv, out, err)
        except SystemExit as exc:  # --help and --version print, then exit through argparse
            code = exc.code if isinstance(exc.code, int) else EXIT_OK
        out.flush()  # here, not at exit, where a closed pipe would be "Exception ignored"
        _tell_state_problem(err)
        return code
    except StateFileError as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    except SessionTerminated as exc:  # SIGTERM or SIGHUP before a session took it over
        return signal_exit_status(exc.signum)
    except (UsageError, ScheduleError) as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_USAGE
    except HistoryCommandError as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OutputLost as exc:
        _silence_stdout(out)
        if _terminal_gone(exc.error):
            return signal_exit_status(SIGHUP)
        if not isinstance(exc.error, BrokenPipeError):
            _say(err, f"breathe: cannot write output ({exc}); the session was saved as ended early")
        return EXIT_FAILURE
    except OSError as exc:
        if exc.filename:
            _say(err, f"breathe: cannot write {exc.filename} ({exc.strerror or exc})")
            return EXIT_FAILURE
        # The output went away: a pipe's reader left (`| head -1`: nothing to say), a full
        # disk, or a closed terminal (129, as if SIGHUP had ended it).
        _silence_stdout(out)
        if _terminal_gone(exc):
            return signal_exit_status(SIGHUP)
        if not isinstance(exc, BrokenPipeError):
            _say(err, f"breathe: cannot write output ({exc.strerror or exc})")
        return EXIT_FAILURE
    except Exception as exc:  # a bug: one line for the user, the details in a file
        _say(err, f"breathe: unexpected error: {exc}{where_details_are(exc)}")
        return EXIT_FAILURE


SIGHUP = 1  # the same number on every platform that has it


def _terminal_gone(exc: OSError) -> bool:
    return exc.errno == errno.EIO


def _silence_stdout(out: TextIO) -> None:
    """Point standard output at /dev/null, so the flush at exit finds nothing to fail on."""
    if out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def _tell_state_problem(err: TextIO) -> None:
    """A damaged app state file was read as empty: said once, after the command's output."""
    problem = app_state.problem()
    if problem is not None:
        _say(err, f"breathe: warning: {problem}")


def _say(err: TextIO, line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=err)


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """`--pattern -1-2-3-0` would read as an option: hand it over as `--pattern=-1-2-3-0`,
    so the user hears what is wrong with the pattern instead of "expected one argument"."""
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else ""
        if item in ("--pattern", "--lead-in", "--minutes", "--every") and re.match(r"-[\d.]", nxt):
            out.append(f"{item}={nxt}")
            i += 2
            continue
        out.append(item)
        i += 1
    # `breathe later -5m`: a duration, however wrong, not an unknown option (it goes last,
    # after `--`, as later's only positional).
    if out[:1] == ["later"] and "--" not in out:
        wrong = [w for w in out[1:] if re.match(r"-[\d.]", w)]
        if len(wrong) == 1:
            out = [w for w in out if w != wrong[0]] + ["--", wrong[0]]
    return out


def _sound_or_heart(args: argparse.Namespace, options: RunOptions, out: TextIO, err: TextIO) -> int:
    """The commands that take a session's options without running one."""
    if args.command == "sound":
        from breathe.cli.sound_cmd import run_sound_command

        return run_sound_command(options, out)
    from breathe.cli.heart_cmd import cmd_heart

    return cmd_heart(args, options, out, err)


def _parsed(argv: Sequence[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """The parser (the command's own built in full, see `command_of`) and what it read."""
    words = _join_negative_values(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_of(words))
    args, extra = parser.parse_known_args(words)
    if extra:  # `breathe heart sweep --bogus`: the help to read is the command's own
        command = args.command
        if command in words and extra[0] in words and words.index(extra[0]) < words.index(command):
            command = None  # `breathe --bogus run wall`: it is breathe's own option that is wrong
        prog = " ".join(["breathe", command or "", getattr(args, "remind_command", "") or ""])
        raise usage_error(f"unrecognized arguments: {' '.join(extra)}", " ".join(prog.split()))
    return parser, args


def _dispatch(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser, args = _parsed(argv)
    if args.command == "completion":
        from breathe.cli.completion import cmd_completion

        return cmd_completion(parser, args.shell, out)
    # Every command's parser (~0.25 MiB of objects) is done with: let a session reuse it.
    del parser
    if args.command == "config":
        return cmd_config(args.init, args.check, args.force, out, err)
    # Config problems go to stderr, one line each; the valid parts are used.
    loaded = load_for_cli(err)
    catalogue = loaded.catalogue().with_ladders(loaded.ladders)
    if args.list_ids:
        from breathe.cli.completion import cmd_list_ids

        return cmd_list_ids(catalogue, out, args.list_ids)
    problems = [p.brief() for p in loaded.problems]  # the app's banner shows the first
    if args.command == "run":
        return cmd_run(args, catalogue, out, loaded.settings, err, problems)
    if args.command == "progress":
        from breathe.cli.progress_cmd import cmd_progress

        return cmd_progress(args, catalogue, out)
    if args.command == "list":
        return cmd_list(catalogue, out)
    if args.command == "paths":
        return cmd_paths(out)
    if args.command == "history":
        from breathe.cli.history_cmd import cmd_history

        return cmd_history(args, out, routines={r.id: r.name for r in catalogue.routines})
    if args.command == "export":
        from breathe.cli.history_cmd import cmd_export

        return cmd_export(args, out)
    if args.command in ("sound", "heart"):
        return _sound_or_heart(args, run_options(args, loaded.settings), out, err)
    if args.command in ("remind", "later"):
        from breathe.cli.remind_cmd import cmd_remind

        return cmd_remind(args, catalogue, out, err)
    if args.command == "import":
        from breathe.cli.import_cmd import cmd_import

        return cmd_import(args, catalogue, out, err)
    if not (out.isatty() and sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError(
            "the app needs a terminal; for a session in a pipe or a log use "
            "'breathe run ID --plain' (see 'breathe list')"
        )
    reason = no_app_reason(out)
    if reason is not None:
        # The home screen's plain form: the list, and how to start one in plain mode.
        _say(err, f"breathe: {reason}; start one with 'breathe run ID --plain'")
        return cmd_list(catalogue, out)
    return run_app(
        run_options(None, loaded.settings), catalogue=catalogue, config_problems=problems
    )
