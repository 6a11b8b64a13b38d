"""The Textual app: home, session and summary screens, palette commands, and the adapter hooks.

Hooks for the parts other modules provide (the lead wires them in `cli.run_app`):

- `listeners_factory(run) -> [SessionListener, ...]`: called once per session, just after its
  first frame is on screen (what the session did until then is handed on in order); e.g. audio
  cues and the history recorder. A listener that raises is reported once as a notification
  and the session goes on.
- `on_mute(muted)`: called when the user toggles mute (`m`).
- `on_rating(result, value)`: called when the user rates neck and upper back on the summary.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from breathe.core.catalogue import Catalogue
from breathe.core.engine import ScheduleError, Segment, State
from breathe.core.plan import SessionPlan, plan_session
from breathe.core.session import SessionListener, SessionResult, SessionRun, utc_now
from breathe.system import app_state, paths
from breathe.ui.palette import ExerciseCommands
from breathe.ui.screens.dialogs import SafetyScreen, TensionBeforeScreen
from breathe.ui.screens.session import MuteSwitch, SessionScreen

if TYPE_CHECKING:  # imported where first used: a session from the command line needs neither
    from breathe.ui.screens.home import HomeScreen
    from breathe.ui.screens.summary import RatingCallback

ListenersFactory = Callable[[SessionRun], Sequence[SessionListener]]


class GuardedListener:
    """Passes events on to a listener; its first error becomes a notification, not a crash."""

    def __init__(self, listener: SessionListener, report: Callable[[Exception], None]) -> None:
        self.listener = listener
        self.report = report
        self.failed = False

    def _call(self, method: Callable[..., None], *args: Any) -> None:
        try:
            method(*args)
        except Exception as exc:
            if not self.failed:
                self.failed = True
                self.report(exc)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._call(self.listener.segment_started, run, segment, state)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._call(self.listener.breath_completed, run, breaths, state)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self._call(self.listener.finished, run, result)


class LateListeners:
    """A session's listeners, made once its first frame is on screen, so opening the history
    file, the sound device and keep-awake never delays the paint. What they missed by then
    (the count-in starting) is handed on in order; a session ending first makes them at once,
    so it is still saved."""

    def __init__(
        self, run: SessionRun, factory: ListenersFactory, report: Callable[[Exception], None]
    ) -> None:
        self._run = run
        self._factory = factory
        self._report = report
        self._listeners: list[SessionListener] | None = None
        self._missed: list[tuple[str, tuple[Any, ...]]] = []

    def ready(self) -> None:
        if self._listeners is not None:
            return
        try:
            made = list(self._factory(self._run))
        except Exception as exc:
            self._report(exc)
            made = []
        self._listeners = [GuardedListener(listener, self._report) for listener in made]
        missed, self._missed = self._missed, []
        for name, args in missed:
            self._send(name, *args)

    def _send(self, name: str, *args: Any) -> None:
        if self._listeners is None:
            self._missed.append((name, args))
            if name == "finished":
                self.ready()
            return
        for listener in self._listeners:
            getattr(listener, name)(*args)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._send("segment_started", run, segment, state)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._send("breath_completed", run, breaths, state)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self._send("finished", run, result)


class HomeLater(Screen[None]):
    """Stands in for the home screen under a session started from the command line, so the
    session's first paint does not wait for a screen nobody sees yet; turns into the home
    screen the first time it is shown (the session ended, or its safety text was declined)."""

    def __init__(self, make_home: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make_home = make_home

    def on_screen_resume(self) -> None:
        # A resume can arrive after another screen was already pushed on top: wait for ours.
        # (Pushed, not switched: Textual cannot switch away from the bottom screen.)
        if self.app.screen is self:
            self.app.push_screen(self._make_home())


class BreatheApp(App[int]):
    """`BreatheApp()` opens on the home screen; `BreatheApp(plan)` opens on that session."""

    # Absolute, so subclasses in other modules (tests, the lead's wiring) find it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "breathe"
    COMMANDS = App.COMMANDS | {ExerciseCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit_app", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        plan: SessionPlan | None = None,
        *,
        catalogue: Catalogue | None = None,
        get_time: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = utc_now,
        listeners_factory: ListenersFactory | None = None,
        on_mute: Callable[[bool], None] | None = None,
        on_rating: RatingCallback | None = None,
        on_tension_before: Callable[[int | None], None] | None = None,
        on_setting: Callable[[str, object], None] | None = None,
        on_volume: Callable[[int], None] | None = None,
        volume: int = 40,
        muted: bool = False,
        reduced_motion: bool | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self._theme_choice = theme
        self.plan = plan
        self.catalogue = catalogue or Catalogue()
        self.get_time = get_time
        self.wall_clock = wall_clock
        self.listeners_factory = listeners_factory
        self.on_rating = on_rating
        self.on_tension_before = on_tension_before
        self.on_setting = on_setting
        self.on_volume = on_volume
        self.volume = volume
        self.mute = MuteSwitch(on_mute, muted)
        # Unset: follow TEXTUAL_ANIMATIONS=none, the terminal-wide "less motion" switch.
        self.reduced_motion = (
            reduced_motion if reduced_motion is not None else self.animation_level == "none"
        )
        self.session_screen: SessionScreen | None = None
        self.last_result: SessionResult | None = None

    def get_default_screen(self) -> Screen[Any]:
        if self.plan is not None and app_state.safety_seen():
            return HomeLater(self.home_screen)
        # The safety dialog is see-through: it must stand over the real home screen.
        return self.home_screen()

    def home_screen(self) -> HomeScreen:
        from breathe.ui.screens.home import HomeScreen

        return HomeScreen(self.catalogue, self.start_from_home)

    def start_from_home(self, plan: SessionPlan) -> None:
        """From the list: ask how tense neck and upper back feel first (Enter skips), when
        there is somewhere to keep the answer; `breathe run --tension N` asks on the line."""
        if self.on_tension_before is None or self.session_active:
            self.start_plan(plan)
            return

        def answered(value: int | None) -> None:
            if self.on_tension_before is not None:
                self.on_tension_before(value)
            self.start_plan(plan)

        self.push_screen(TensionBeforeScreen(), answered)

    def on_mount(self) -> None:
        if self._theme_choice:
            try:
                self.theme = self._theme_choice
            except Exception:
                self.notify(f"Unknown theme {self._theme_choice!r}; using the default.")
        self._end_on_signals()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.plan is None:
            return
        if not app_state.safety_seen():
            self.start_plan(self.plan)
            return
        # The clock starts now, the screen is shown once Textual's start-up batch is over:
        # a screen laid out inside the batch is first painted in pieces, whole a frame later.
        screen = self._new_session(self.plan)
        screen.run.start()
        self.call_later(self._show_session, screen)

    # Settings the user changes here are kept in the config file ----------------------------

    def remember_setting(self, key: str, value: object) -> None:
        if self.on_setting is None:
            return
        try:
            self.on_setting(key, value)
        except Exception as exc:  # a broken config file must not end the session
            self.notify(f"Could not save {key}: {exc}", severity="warning")

    def _theme_changed(self, theme: Any) -> None:
        self.remember_setting("theme", theme.name)

    def change_volume(self, step: int) -> int:
        """Volume up or down by `step` (0-100); kept for the next sessions too."""
        self.volume = max(0, min(100, self.volume + step))
        if self.on_volume is not None:
            try:
                self.on_volume(self.volume)
            except Exception as exc:
                self.notify(f"Could not change the volume: {exc}", severity="warning")
        self.remember_setting("volume", self.volume)
        return self.volume

    def _end_on_signals(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) end a session early, saved, then the app."""
        import asyncio

        from breathe.system.signals import end_signals

        try:
            loop = asyncio.get_running_loop()
            for sig in end_signals():
                loop.add_signal_handler(sig, self._ended_by_signal, int(sig))
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or no signals (Windows): nothing to catch

    def _ended_by_signal(self, signum: int) -> None:
        screen = self.session_screen
        if screen is not None and screen.run.result is None:
            screen.run.finish("ended_early")
        self.exit(return_code=128 + signum)

    def action_quit_app(self) -> None:
        """Ctrl-C: leave at once; a running session is saved as ended early."""
        screen = self.session_screen
        if screen is not None and screen.run.result is None:
            screen.run.finish("ended_early")
        self.exit(return_code=130)

    # Starting sessions -----------------------------------------------------------------------

    @property
    def session_active(self) -> bool:
        return self.session_screen is not None

    def start_id(self, id: str) -> None:
        """Start an exercise or routine by id with its default dose (the command palette)."""
        try:
            plan = plan_session(self.catalogue, id)
        except ScheduleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.start_plan(plan)

    def start_plan(self, plan: SessionPlan) -> None:
        """Start a session, showing the safety text first if it has never been seen."""
        if self.session_active:
            self.notify("A session is running: end it first (q).", severity="warning")
            return
        if app_state.safety_seen():
            self._begin(plan)
            return

        def answered(go_on: bool | None) -> None:
            if not go_on:
                return
            try:
                app_state.mark_safety_seen()
            except OSError as exc:
                self.notify(
                    f"Could not remember that the safety text was read: {exc}",
                    severity="warning",
                )
            self._begin(plan)

        self.push_screen(SafetyScreen(), answered)

    def _begin(self, plan: SessionPlan) -> None:
        self._show_session(self._new_session(plan))

    def _show_session(self, screen: SessionScreen) -> None:
        self.push_screen(screen, self._session_ended)

    def _new_session(self, plan: SessionPlan) -> SessionScreen:
        run = SessionRun(plan, get_time=self.get_time, wall_clock=self.wall_clock)
        after_first_frame = None
        if self.listeners_factory is not None:
            late = LateListeners(run, self.listeners_factory, self._report_listener_error)
            run.add_listener(late)
            after_first_frame = late.ready
        self.session_screen = SessionScreen(
            run,
            mute=self.mute,
            reduced_motion=self.reduced_motion,
            after_first_frame=after_first_frame,
        )
        return self.session_screen

    def _session_ended(self, result: SessionResult | None) -> None:
        if self.session_screen is not None:
            self.reduced_motion = self.session_screen.reduced_motion
        self.session_screen = None
        self.last_result = result
        if result is not None:
            from breathe.ui.screens.summary import SummaryScreen

            self.push_screen(SummaryScreen(result, self.on_rating))

    def _report_listener_error(self, exc: Exception) -> None:
        self.notify(f"{exc or type(exc).__name__}", title="Sound or history", severity="error")

    # Other screens ---------------------------------------------------------------------------

    def action_history(self) -> None:
        """HOOK for the history screen (key `h`): shows it once `screens/history.py` exists."""
        from breathe.history.store import HistoryStore, HistoryUnavailable
        from breathe.ui.screens.history import HistoryScreen

        if self.session_active:
            return
        try:
            store = HistoryStore.open(check=False)
        except HistoryUnavailable as exc:
            self.notify(f"History is not available: {exc}", severity="warning")
            return
        for notice in store.notices:
            self.notify(notice, severity="warning")
        self.push_screen(HistoryScreen(store), lambda _: store.close())

    # Errors ----------------------------------------------------------------------------------

    def _fatal_error(self) -> None:
        # Textual would print a full traceback on exit; users get one sentence and a file.
        self.bell()
        error = self._exception
        where = ""
        try:
            log = paths.data_dir() / "last-error.txt"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(
                "".join(traceback.format_exception(error)) if error else "", encoding="utf-8"
            )
            where = f" (details in {log})"
        except OSError:
            pass
        self._exit_renderables.append(Text(f"breathe: unexpected error: {error}{where}"))
        self._close_messages_no_wait()
