"""`breathe run ID`: the session plan from the options, then plain mode or the app."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TextIO

from breathe.cli.argtypes import add_hr_option, number, tension, whole
from breathe.cli.audio_flags import add_audio_options
from breathe.cli.run_options import RunOptions, run_options
from breathe.cli.sound_cmd import add_layer_options
from breathe.config.model import Settings
from breathe.core.catalogue import Catalogue
from breathe.core.defaults import DEFAULT_LEAD_IN
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_LEAD_IN_SECONDS,
    MAX_SESSION_SECONDS,
    MAX_SETS,
    ExhaleStyle,
    parse_exhale,
)
from breathe.core.pace import parse_felt
from breathe.core.plan import DoseChoice, SessionPlan, plan_session
from breathe.core.text import printable
from breathe.system.exits import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from breathe.cli.first_frame import FirstFrame
    from breathe.history.records import SessionRecord
    from breathe.services.app_services import SessionServices
    from breathe.services.heart import HeartFeed
    from breathe.services.kit import SessionKit
    from breathe.ui.app import BreatheApp


def add_run_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    add_layer_options(run)
    run.add_argument(
        "--tension",
        type=tension,
        metavar="N",
        help="how tense you feel before the session, 0 (calm) to 10, saved with it",
    )
    run.add_argument(
        "--felt",
        type=_felt,
        metavar="easy|right|hard",
        help="the pace check, saved with the session: too easy, about right or too hard "
        "(without it, plain mode asks at the end when input is a terminal; Enter skips)",
    )
    run.add_argument(
        "--no-progress",
        action="store_true",
        help="the exercise's own dose, not the next step of its ladder (see 'breathe progress')",
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen app: one line per phase (also chosen when output "
        "is not a terminal or TERM=dumb); Ctrl-Z pauses, fg goes on",
    )
    add_hr_option(run)


def _felt(text: str) -> str:
    felt = parse_felt(text)
    if felt is None:
        raise argparse.ArgumentTypeError(f"--felt must be easy, right or hard, not {text!r}")
    return felt


# Below this the app's screens are not laid out for: plain mode says why and takes over.
MIN_APP_COLUMNS, MIN_APP_LINES = 40, 12


def no_app_reason(out: TextIO) -> str | None:
    """Why the full-screen app cannot be drawn on this terminal (a one-line note), or None."""
    if os.environ.get("TERM", "") == "dumb":
        return "TERM=dumb: no full-screen app, plain mode instead"
    try:
        size = os.get_terminal_size(out.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    if (
        size.columns
        and size.lines
        and (size.columns < MIN_APP_COLUMNS or size.lines < MIN_APP_LINES)
    ):
        return (
            f"the terminal is {size.columns}x{size.lines}, smaller than the app's "
            f"{MIN_APP_COLUMNS}x{MIN_APP_LINES}: plain mode instead"
        )
    return None


def plain_wanted(options: RunOptions, out: TextIO, err: TextIO) -> bool:
    if options.plain:
        return True
    if not out.isatty():
        return True  # a pipe or a log: plain mode is what was meant, nothing to say
    if not _stdin_is_terminal():  # `breathe run wall </dev/null` on a terminal: say why
        print(
            "breathe: standard input is not a terminal (the app needs its keys): plain mode "
            "instead",
            file=err,
            flush=True,
        )
        return True
    reason = no_app_reason(out)
    if reason is not None:
        print(f"breathe: {reason}", file=err, flush=True)
        return True
    return False


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def explicit_dose(args: argparse.Namespace) -> bool:
    """A pattern or dose typed on the command line wins over progression."""
    return any(v is not None for v in (args.pattern, args.breaths, args.minutes, args.sets))


def progressed_for_run(
    args: argparse.Namespace,
    catalogue: Catalogue,
    options: RunOptions,
) -> tuple[Catalogue, str | None]:
    """The catalogue with the exercise at its next step, and the line that says so (None
    when it runs at its own dose)."""
    if not options.progress or explicit_dose(args) or catalogue.exercise(args.id) is None:
        return catalogue, None
    from breathe.cli.progress_cmd import next_dose_for
    from breathe.core.progression import progressed_catalogue

    dose = next_dose_for(catalogue, args.id)
    if dose is None:
        return catalogue, None
    moved = dose.advice.rung != dose.ladder.start
    return progressed_catalogue(catalogue, [dose]), (dose.line() if moved else None)


def plan_from_args(
    args: argparse.Namespace, catalogue: Catalogue, lead_in: Fraction = DEFAULT_LEAD_IN
) -> SessionPlan:
    exhale = parse_exhale(args.exhale) if args.exhale else None
    return plan_session(
        catalogue,
        args.id,
        DoseChoice(breaths=args.breaths, minutes=args.minutes, sets=args.sets),
        exhale=exhale,
        pattern=args.pattern,
        lead_in=lead_in,
        every_minutes=args.every,
    )


def cmd_run(
    args: argparse.Namespace,
    catalogue: Catalogue,
    out: TextIO,
    settings: Settings | None = None,
    err: TextIO | None = None,
    config_problems: Sequence[str] = (),
) -> int:
    options = run_options(args, settings or Settings())
    swept = None
    if args.pattern is None:  # a pattern typed wins over the sweep's rate
        from breathe.cli.resonance_kept import swept_resonance

        catalogue, swept = swept_resonance(catalogue)
    base = catalogue  # the app's home finds each exercise's next step itself
    catalogue, progress_line = progressed_for_run(args, catalogue, options)
    plan = plan_from_args(args, catalogue, options.lead_in)
    plain = plain_wanted(options, out, err or sys.stderr)
    try:
        heart = heart_feed(options.hr, plan, out if plain else None, err or sys.stderr)
    except NoHeart:
        return EXIT_FAILURE
    if not plain:
        return run_app(
            options,
            plan=plan,
            catalogue=base,
            out=out,
            config_problems=config_problems,
            heart=heart,
            first_frame=first_frame_for(options),
        )
    from breathe.cli.safety_note import tell_safety_once

    tell_safety_once(out)
    if progress_line is not None:
        print(printable(f"progress: {progress_line}"), file=out, flush=True)
    if swept is not None and args.id == "resonance":
        print(printable(f"resonance: {swept}"), file=out, flush=True)
    from breathe.cli.plain import read_line, run_plain_recorded

    kit = plain_kit_for(options, out, err or sys.stderr, heart)
    ask = read_line if _stdin_is_terminal() else None
    return run_plain_recorded(plan, out, kit, ask_pace=ask)


def plain_kit_for(
    options: RunOptions, out: TextIO, err: TextIO, heart: HeartFeed | None
) -> SessionKit:
    """Plain mode's session kit from the command's options: `run` and the heart sweep."""
    from breathe.services.plain_kit import plain_kit

    return plain_kit(
        out,
        err,
        backend=options.audio,
        volume=options.volume,
        guide=options.guide,
        voice=options.voice,
        tension_before=options.tension,
        felt=options.felt,
        heart=heart,
    )


STRAP_MEMORY_NAME = "heart-strap.json"  # system.heart_strap.strap_memory_file's name


def strap_remembered() -> bool:
    """`auto` has a strap to look for (read without loading the heart's modules)."""
    from breathe.system import paths

    return (paths.data_dir() / STRAP_MEMORY_NAME).exists()


class NoHeart(Exception):
    """The heart source named cannot be had, and the user was told: nothing starts."""


def heart_feed(value: str, plan: SessionPlan, out: TextIO | None, err: TextIO) -> HeartFeed | None:
    """The heart source, checked before anything starts: None for `off` (nothing of the
    heart is imported); NoHeart, after one line, for a bad file or a strap that cannot be
    had. `out` None: the app, whose screen is not up yet."""
    word = value.strip().lower()
    if word == "off" or (word == "auto" and not strap_remembered()):
        return None  # the common case costs nothing: not even asyncio is imported
    from breathe.services.heart import HeartFeed, HeartUnavailable

    said: list[str] = []

    def tell(line: str) -> None:
        if out is None:
            said.append(line)
        else:
            print(printable(line), file=out, flush=True)

    feed = HeartFeed(value, tell)
    try:
        feed.check(plan.schedule)
    except HeartUnavailable as exc:
        print(printable(f"breathe: {exc}"), file=err, flush=True)
        raise NoHeart from None
    for line in said:  # `auto` without a strap, before the app takes the screen
        print(printable(line), file=err, flush=True)
    return feed


def first_frame_for(options: RunOptions) -> FirstFrame | None:
    """The session's first frame, on the terminal before Textual loads; None where it is not
    drawn (the safety text comes first on a first run, or the colours would not match)."""
    from breathe.cli.first_frame import FirstFrame
    from breathe.system.app_state import safety_seen

    stream = sys.__stderr__  # where Textual draws
    if stream is None or not safety_seen():
        return None
    frame = FirstFrame(stream)
    return frame if frame.paint(options.theme) else None


def run_app(
    options: RunOptions,
    plan: SessionPlan | None = None,
    catalogue: Catalogue | None = None,
    out: TextIO | None = None,
    config_problems: Sequence[str] = (),
    heart: HeartFeed | None = None,
    first_frame: FirstFrame | None = None,
) -> int:
    """The app; a one-shot session (`plan` given) ends in the shell with one summary line."""
    from breathe.system.signals import on_end_signals

    app: BreatheApp | None = None
    # Once the first frame is up, SIGTERM or SIGHUP before the app takes them over raise, so
    # the screen is given back on the way out rather than left to the shell.
    with on_end_signals() if first_frame is not None else contextlib.nullcontext():
        try:
            app, services = _made_app(options, plan, catalogue, config_problems, heart)
            from breathe.ui.crash import run_with_crash_line

            try:
                run_with_crash_line(app)
            finally:
                services.close()
        finally:
            # Textual never took the screen (it failed, or was stopped, while loading): give
            # the shell its screen and cursor back. Once it has, it gives them back itself.
            if first_frame is not None and (app is None or not app.took_screen):
                first_frame.withdraw()
    if plan is not None and app.last_result is not None and out is not None:
        from breathe.core.summary import SessionSummary

        print(printable(SessionSummary.of(app.last_result).line()), file=out, flush=True)
        heart_line = heart.watch.summary() if heart is not None and heart.watch else None
        if heart_line is not None:
            print(printable(heart_line), file=out, flush=True)
    return _handed_over(services.kit.lost, out, app.return_code or EXIT_OK)


def _made_app(
    options: RunOptions,
    plan: SessionPlan | None,
    catalogue: Catalogue | None,
    config_problems: Sequence[str],
    heart: HeartFeed | None,
) -> tuple[BreatheApp, SessionServices]:
    from breathe.services.app_services import SessionServices
    from breathe.services.options import AudioChoice
    from breathe.ui.app import BreatheApp

    if catalogue is not None:  # home's resonance at the swept rate, its cue saying so
        from breathe.cli.resonance_kept import swept_resonance

        catalogue, _ = swept_resonance(catalogue)

    audio = AudioChoice(
        options.audio, options.volume, options.muted, guide=options.guide, voice=options.voice
    )
    services = SessionServices(
        audio,
        tension_before=options.tension,
        felt=options.felt,
        progress=options.progress,
        weekly_goal=options.weekly_goal,
        heart=heart,
    )
    app = BreatheApp(
        plan,
        catalogue=catalogue,
        services=services,
        volume=audio.volume,
        muted=audio.muted,
        guide=audio.guide,
        reduced_motion=options.reduced_motion,
        theme=options.theme,
        tension_before=options.tension,
        config_problems=config_problems,
    )
    _reach_through(app, services)
    if heart is not None:
        heart.tell = services.notify  # the strap's news, told in Textual's own loop
    return app, services


def _reach_through(app: BreatheApp, services: SessionServices) -> None:
    """The services tell the user and ring the bell through the app, which owns the terminal
    (a BEL on standard output would never reach it), from its thread or any other."""
    ui_thread = threading.get_ident()

    def on_ui_thread(call: Callable[[], object]) -> None:
        if threading.get_ident() == ui_thread:
            call()
            return
        # A thread that finishes as the app closes (a device opening, prompts read late):
        # nobody is left to tell, and no traceback.
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(call)

    services.notify = lambda message: on_ui_thread(lambda: app.notify(message))
    services.notify_from_thread = services.notify
    services.ring = lambda: on_ui_thread(app.bell)


def _handed_over(lost: Sequence[SessionRecord], out: TextIO | None, code: int) -> int:
    """Sessions a full disk kept out to the end, each printed for `breathe import`; a run
    that would end 0 ends 1."""
    if not lost:
        return code
    from breathe.cli.plain import tell_lost

    tell_lost(lost, out or sys.stdout)
    return code or EXIT_FAILURE
