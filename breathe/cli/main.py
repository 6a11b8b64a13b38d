"""The `breathe` command: parses arguments, then hands over to plain mode or the app."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import NoReturn, TextIO

from breathe import __version__
from breathe.cli.argtypes import number, whole
from breathe.cli.audio_flags import add_audio_options
from breathe.cli.history_cmd import HistoryCommandError, add_history_commands, tension
from breathe.cli.plain import OutputLost
from breathe.config import reader as user_config
from breathe.core.catalogue import Catalogue
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_LEAD_IN_SECONDS,
    MAX_SESSION_SECONDS,
    MAX_SETS,
    ExhaleStyle,
    ScheduleError,
    parse_exhale,
)
from breathe.core.plan import DoseChoice, SessionPlan, plan_session
from breathe.system import paths

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad input from the user: shown as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # "argument --breaths: --breaths must be ..." says the option's name twice.
        prefix, _, rest = message.partition(": ")
        if prefix.startswith("argument ") and rest.startswith(prefix[len("argument ") :]):
            message = rest
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="breathe",
        description="A guided breathing coach for the terminal. "
        "Run with no command to open the app.",
        epilog="Exit status: 0 done; 1 a file or the output could not be read or written, "
        "or config --check found errors; 2 bad input; 130 ended with Ctrl-C "
        "(143 SIGTERM, 129 SIGHUP).",
    )
    parser.add_argument("--version", action="version", version=f"breathe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="start an exercise or routine",
        description="Start an exercise or routine (see 'breathe list'). In a terminal the app "
        "opens on the session; with --plain, or when output is not a terminal, one line is "
        "printed per phase.",
    )
    run.add_argument("id", metavar="ID", help="exercise or routine id, e.g. wall")
    dose = run.add_mutually_exclusive_group()
    dose.add_argument(
        "--breaths",
        type=whole("--breaths", 1, MAX_BREATHS),
        metavar="N",
        help="breaths per set (replaces the default dose)",
    )
    dose.add_argument(
        "--minutes",
        type=number("--minutes", MAX_SESSION_SECONDS // 60, allow_zero=False),
        metavar="M",
        help="minutes per set, rounded up to whole breaths",
    )
    run.add_argument(
        "--sets",
        type=whole("--sets", 1, MAX_SETS),
        metavar="S",
        help="number of sets, with the exercise's rest between them",
    )
    run.add_argument(
        "--exhale",
        type=str.lower,
        choices=[s.value for s in ExhaleStyle],
        help="exhale style: hum (lips closed) or ha (mouth open)",
    )
    run.add_argument(
        "--pattern",
        metavar="P",
        help="seconds as inhale-hold-exhale-rest, e.g. 4-7-8-0 or 2+0.5-0-5-0",
    )
    run.add_argument(
        "--lead-in",
        type=number("--lead-in", MAX_LEAD_IN_SECONDS, allow_zero=True, unit=" s"),
        default=None,
        metavar="SECONDS",
        help="count-in before the first breath (default 3, or lead_in in the config)",
    )
    run.add_argument(
        "--every",
        type=number("--every", 60, allow_zero=False),
        metavar="MINUTES",
        help="mid-run only: minutes between reset breaths (default 5)",
    )
    run.add_argument("--no-sound", action="store_true", help="no audio cues (same as --audio off)")
    add_audio_options(run)
    run.add_argument(
        "--tension",
        type=tension,
        metavar="N",
        help="how tense you feel before the session, 0 (calm) to 10, saved with it",
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen app: one line per phase (also chosen when output "
        "is not a terminal or TERM=dumb)",
    )

    sub.add_parser(
        "list",
        help="exercises and routines with their cadence and dose",
        description="List the exercises and routines.",
    )
    sub.add_parser(
        "paths",
        help="where history, config and sounds live",
        description="Print where breathe keeps its files on this machine.",
    )
    cfg = sub.add_parser(
        "config",
        help="show, create or check your settings, exercises and routines",
        description="With no option: print the config file's path and the settings in effect.",
    )
    what = cfg.add_mutually_exclusive_group()
    what.add_argument("--init", action="store_true", help="write a commented example config file")
    what.add_argument(
        "--check", action="store_true", help="validate the config file; exit 1 on errors"
    )
    cfg.add_argument(
        "--force", action="store_true", help="with --init: replace an existing file (kept as .bak)"
    )
    add_history_commands(sub)
    return parser


def _plain_wanted(args: argparse.Namespace, out: TextIO) -> bool:
    if args.plain:
        return True
    if os.environ.get("TERM", "") == "dumb":
        return True
    return not (out.isatty() and sys.stdin is not None and sys.stdin.isatty())


def plan_from_args(args: argparse.Namespace, catalogue: Catalogue) -> SessionPlan:
    exhale = parse_exhale(args.exhale) if args.exhale else None
    lead_in = args.lead_in if args.lead_in is not None else Fraction(3)
    return plan_session(
        catalogue,
        args.id,
        DoseChoice(breaths=args.breaths, minutes=args.minutes, sets=args.sets),
        exhale=exhale,
        pattern=args.pattern,
        lead_in=lead_in,
        every_minutes=args.every,
    )


def cmd_list(catalogue: Catalogue, out: TextIO) -> int:
    rows = [("ID", "NAME", "CADENCE (in·hold·out·rest)", "DOSE", "EXHALE")]
    for ex in catalogue.exercises:
        exhale = (
            f"{ex.exhale.value} (or {'ha' if ex.exhale.value == 'hum' else 'hum'})"
            if ex.either_exhale
            else ex.exhale.value
        )
        rows.append((ex.id, ex.name, ex.pattern.cadence, ex.dose.describe(), exhale))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    print("Exercises", file=out)
    for row in rows:
        print(
            "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )
    print("\nRoutines", file=out)
    rw = max(len(r.id) for r in catalogue.routines)
    for routine in catalogue.routines:
        steps = " -> ".join(step.exercise for step in routine.steps)
        print(
            f"  {routine.id.ljust(rw)}  {routine.name}: {steps}. {routine.why}".rstrip(), file=out
        )
    return EXIT_OK


def cmd_paths(out: TextIO) -> int:
    rows = [
        ("history", paths.history_file()),
        ("config", paths.config_file()),
        ("sounds", paths.user_sounds_dir()),
        ("data dir", paths.data_dir()),
    ]
    for name, path in rows:
        print(f"{name:<9}{path}", file=out)
    return EXIT_OK


def cmd_run(
    args: argparse.Namespace,
    catalogue: Catalogue,
    out: TextIO,
    settings: user_config.Settings | None = None,
) -> int:
    plan = plan_from_args(args, catalogue)
    if _plain_wanted(args, out):
        from breathe.cli.audio_flags import plain_audio
        from breathe.cli.history_cmd import run_plain_recorded
        from breathe.system.keepawake import keep_awake
        from breathe.system.trace import TraceListener

        trace = TraceListener.from_env()
        with keep_awake(f"breathing session: {plan.name}"), plain_audio(args, out) as cues:
            listeners = (*cues, trace) if trace is not None else cues
            return run_plain_recorded(plan, out, tension_before=args.tension, listeners=listeners)
    return run_app(args, plan=plan, catalogue=catalogue, settings=settings)


def run_app(
    args: argparse.Namespace | None = None,
    plan: SessionPlan | None = None,
    catalogue: Catalogue | None = None,
    settings: user_config.Settings | None = None,
) -> int:
    from breathe.cli.audio_flags import audio_choice, volume_choice
    from breathe.ui.app import BreatheApp
    from breathe.ui.wiring import AudioChoice, SessionServices

    settings = settings or user_config.Settings()
    namespace = args or argparse.Namespace()
    backend = audio_choice(namespace, settings.audio if settings.sound else "off")
    audio = AudioChoice(backend, volume_choice(namespace, settings.volume), muted=backend == "off")
    services = SessionServices(audio, tension_before=getattr(namespace, "tension", None))
    app = BreatheApp(
        plan,
        catalogue=catalogue,
        listeners_factory=services.listeners,
        on_mute=services.set_muted,
        on_rating=services.rate,
        on_tension_before=services.set_tension_before,
        on_setting=services.remember_setting,
        on_volume=services.set_volume,
        volume=audio.volume,
        muted=audio.muted,
        reduced_motion=True if settings.reduced_motion else None,
        theme=settings.theme,
    )
    services.notify = lambda message: app.notify(message)
    services.notify_from_thread = lambda message: app.call_from_thread(app.notify, message)
    try:
        app.run()
    finally:
        services.close()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    err = sys.stderr or open(os.devnull, "w")  # noqa: SIM115
    out = out or sys.stdout or open(os.devnull, "w")  # noqa: SIM115
    try:
        return _dispatch(argv, out, err)
    except (UsageError, ScheduleError) as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_USAGE
    except HistoryCommandError as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OutputLost as exc:
        if not isinstance(exc.error, BrokenPipeError):
            _say(err, f"breathe: cannot write output ({exc}); the session was saved as ended early")
        return EXIT_FAILURE
    except BrokenPipeError:
        # Output piped into e.g. `head`: nothing more to say.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}" if exc.filename else "output"
        _say(err, f"breathe: cannot write {where} ({exc.strerror or exc})")
        return EXIT_FAILURE
    except Exception as exc:  # a bug: one line for the user, the details in a file
        _say(err, f"breathe: unexpected error: {exc}{_save_traceback()}")
        return EXIT_FAILURE


def _say(err: TextIO, line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=err)


def _save_traceback() -> str:
    import traceback

    try:
        log = paths.data_dir() / "last-error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return ""
    return f" (details in {log})"


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
    return out


def _dispatch(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    args = build_parser().parse_args(_join_negative_values(sys.argv[1:] if argv is None else argv))
    if args.command == "config":
        return user_config.cmd_config(args.init, args.check, args.force, out, err)
    # Config problems go to stderr, one line each; the valid parts are used.
    loaded = user_config.load_for_cli(err)
    user_config.fill_run_defaults(args, loaded.settings)
    catalogue = loaded.catalogue()
    if args.command == "run":
        return cmd_run(args, catalogue, out, loaded.settings)
    if args.command == "list":
        return cmd_list(catalogue, out)
    if args.command == "paths":
        return cmd_paths(out)
    if args.command == "history":
        from breathe.cli.history_cmd import cmd_history

        return cmd_history(args, out)
    if args.command == "export":
        from breathe.cli.history_cmd import cmd_export

        return cmd_export(args, out)
    if not (out.isatty() and sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError(
            "the app needs a terminal; for a session in a pipe or a log use "
            "'breathe run ID --plain' (see 'breathe list')"
        )
    return run_app(None, catalogue=catalogue, settings=loaded.settings)


def entry_point() -> None:
    sys.exit(main())
