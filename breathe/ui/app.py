"""The Textual app: home, session and summary screens, and palette commands.

Everything outside drawing (sound, saving, settings, history) is reached through one
`Services` object (see `ui.services`); the command line hands in the real one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from breathe.core.catalogue import Catalogue
from breathe.core.defaults import DEFAULT_VOLUME
from breathe.core.engine import ScheduleError
from breathe.core.listeners import LateListeners
from breathe.core.plan import SessionPlan, plan_session
from breathe.core.session import SessionResult, SessionRun, utc_now
from breathe.system.exits import EXIT_INTERRUPTED, signal_exit_status
from breathe.ui.screens.session import SessionScreen
from breathe.ui.services import NoServices, Services, SoundControls

if TYPE_CHECKING:  # imported where first used: a session from the command line needs neither
    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from breathe.core.home import HomeState
    from breathe.ui.screens.home import HomeScreen


# How long a session waits for the sound device to open before it starts without it: the
# first cue is then on its beat, and no device (or a slow one) never holds a session back long.
SOUND_OPEN_WAIT = 1.5


def _exercise_commands() -> type[Provider]:
    """The palette's exercise commands, loaded when the palette first opens (Textual takes a
    callable in COMMANDS): a session from the command line may never open it."""
    from breathe.ui.palette import ExerciseCommands

    return ExerciseCommands


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

    # Absolute, so subclasses in other modules (tests) find it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "breathe"
    COMMANDS = App.COMMANDS | {_exercise_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit_app", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        plan: SessionPlan | None = None,
        *,
        catalogue: Catalogue | None = None,
        services: Services | None = None,
        get_time: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = utc_now,
        volume: int = DEFAULT_VOLUME,
        muted: bool = False,
        guide: bool = True,
        reduced_motion: bool | None = None,
        theme: str | None = None,
        tension_before: int | None = None,
        config_problems: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.config_problems = tuple(config_problems)
        # How tense the user said they were before the next session (`--tension`, or the
        # question asked from the list), shown beside the rating after it.
        self._tension_before = tension_before
        self._session_tension: int | None = None
        self._theme_choice = theme
        self.plan = plan
        self.catalogue = catalogue or Catalogue()
        self.services: Services = services or NoServices()
        self.get_time = get_time
        self.wall_clock = wall_clock
        self.sound = SoundControls(
            self.services, volume=volume, muted=muted, guide=guide, remember=self.remember_setting
        )
        # Unset: follow TEXTUAL_ANIMATIONS=none, the terminal-wide "less motion" switch.
        self.reduced_motion = (
            reduced_motion if reduced_motion is not None else self.animation_level == "none"
        )
        self.session_screen: SessionScreen | None = None
        # The last session's outcome: a one-shot run prints it in the shell afterwards.
        self.last_result: SessionResult | None = None
        # Set once mounted, when Textual's driver has the terminal: from then on Textual gives
        # the screen back itself (`cli.first_frame` does only before).
        self.took_screen = False

    def get_default_screen(self) -> Screen[Any]:
        if self.plan is not None and self.services.safety_seen():
            return HomeLater(self.home_screen)
        # The safety dialog is see-through: it must stand over the real home screen.
        return self.home_screen()

    def home_screen(self) -> HomeScreen:
        from breathe.ui.home_port import ServicesHomePort
        from breathe.ui.screens.home import HomeScreen

        port = ServicesHomePort(self.services, self.start_from_home)
        return HomeScreen(self.catalogue, port, config_problems=self.config_problems)

    def start_from_home(self, plan: SessionPlan) -> None:
        """From the list: the safety text on a first run, then how tense neck and upper back
        feel (Enter skips) when there is somewhere to keep the answer; `breathe run
        --tension N` asks on the line."""
        if not self.services.keeps_history or self.session_active:
            self.start_plan(plan)
            return

        def answered(value: int | None) -> None:
            self.services.set_tension_before(value)
            self._tension_before = value
            self._begin(plan)

        def ask() -> None:
            from breathe.ui.screens.dialogs import TensionBeforeScreen

            self.push_screen(TensionBeforeScreen(), answered)

        self._after_safety(ask)

    def on_mount(self) -> None:
        self.took_screen = True
        if self._theme_choice:
            try:
                self.theme = self._theme_choice
            except Exception:
                self.notify(f"Unknown theme {self._theme_choice!r}; using the default.")
        self._end_on_signals()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.plan is None:
            if self.services.first_run():
                self._offer_first_session()
            return
        if not self.services.safety_seen():
            # Not now: back to the shell the one-shot `breathe run ID` came from.
            plan = self.plan
            self._after_safety(lambda: self._begin(plan), declined=self.exit)
            return
        # Shown once Textual's start-up batch is over: a screen laid out inside the batch is
        # first painted in pieces, whole a frame later. Its clock starts once it is painted.
        self.call_later(self._show_session, self._new_session(self.plan))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """While a session runs its notices go to its header (the sound device missing, the
        screen that may go dark): a toast would cover the bar, the countdown or a dialog."""
        screen = self.session_screen
        if screen is not None and screen.run.result is None and screen.is_attached:
            screen.tell(f"{title}: {message}" if title else message)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_key_display(self, binding: Binding) -> str:
        """A letter or digit key is shown as itself, as Textual shows it. Textual first looks
        the letter up as a Unicode character name, which finds none but pages ~0.2 MiB of the
        name tables into memory for the rest of the run."""
        modifiers, key = binding.parse_key()
        if binding.key_display or not (len(key) == 1 and key.isascii() and key.isalnum()):
            return super().get_key_display(binding)
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            key = f"^{key}"
        return "+".join([*modifiers, key])

    # Settings the user changes here are kept in the config file ----------------------------

    def remember_setting(self, key: str, value: object) -> None:
        try:
            self.services.remember_setting(key, value)
        except Exception as exc:  # a broken config file must not end the session
            self.notify(f"Could not save {key}: {exc}", severity="warning")

    def _theme_changed(self, theme: Any) -> None:
        self.remember_setting("theme", theme.name)

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
        self._end_running()
        self.exit(return_code=signal_exit_status(signum))

    def _end_running(self) -> None:
        screen = self.session_screen
        if screen is not None:
            self.last_result = screen.run.finish("ended_early")

    def action_quit_app(self) -> None:
        """Ctrl-C: leave at once; a running session is saved as ended early."""
        self._end_running()
        self.exit(return_code=EXIT_INTERRUPTED)

    # Starting sessions -----------------------------------------------------------------------

    @property
    def session_active(self) -> bool:
        return self.session_screen is not None

    def _home(self) -> HomeScreen | None:
        from breathe.ui.screens.home import HomeScreen

        return next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)

    def home_state(self) -> HomeState | None:
        """What the palette describes: each exercise at its next step, once home exists."""
        home = self._home()
        return home.state if home is not None else None

    def start_id(self, id: str) -> None:
        """Start an exercise or routine by id (the command palette) as Enter on the home
        screen starts it: its choices and next step, the safety text, the tension question."""
        home = self._home()
        if home is not None:
            home.start(id)
            return
        try:
            plan = plan_session(self.catalogue, id)
        except ScheduleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.start_from_home(plan)

    def show_home_help(self) -> None:
        """The palette's Help: the home screen's `?`."""
        from breathe.ui.screens.dialogs import HOME_KEYS, HelpScreen

        self.push_screen(HelpScreen(HOME_KEYS))

    def next_weekly_goal(self) -> None:
        """The palette's Weekly goal: the home screen's `g`."""
        home = self._home()
        if home is not None:
            home.action_weekly_goal()

    def start_plan(self, plan: SessionPlan) -> None:
        """Start a session, showing the safety text first if it has never been seen."""
        if self.session_active:
            self.notify("A session is running: end it first (q).", severity="warning")
            return
        self._after_safety(lambda: self._begin(plan))

    def _after_safety(
        self, then: Callable[[], None], declined: Callable[[], None] | None = None
    ) -> None:
        """Show the safety text first if it has never been seen; declining goes back to
        where the user came from (the screen under it, or `declined`)."""
        if self.services.safety_seen():
            then()
            return

        def answered(go_on: bool | None) -> None:
            if not go_on:
                if declined is not None:
                    declined()
                return
            self._safety_read()
            then()

        from breathe.ui.screens.dialogs import SafetyScreen  # a session's dialogs wait to be asked

        self.push_screen(SafetyScreen(), answered)

    def _safety_read(self) -> None:
        try:
            self.services.mark_safety_seen()
        except OSError as exc:
            self.notify(
                f"Could not remember that the safety text was read: {exc}", severity="warning"
            )

    def _offer_first_session(self) -> None:
        """The very first start: a session by purpose, one key (its screen shows the safety
        text, so that key also says it was read); Esc leaves the list as it always was."""
        from breathe.core.home import first_sessions
        from breathe.ui.screens.first_run import FirstRunScreen

        offers = first_sessions(self.catalogue)
        if not offers:
            return

        def chosen(id: str | None) -> None:
            if id is not None:
                self._safety_read()
                self.start_id(id)

        self.push_screen(FirstRunScreen(offers), chosen)

    def _begin(self, plan: SessionPlan) -> None:
        self._show_session(self._new_session(plan))

    def _show_session(self, screen: SessionScreen) -> None:
        self.push_screen(screen, self._session_ended)

    def _new_session(self, plan: SessionPlan) -> SessionScreen:
        self._session_tension, self._tension_before = self._tension_before, None
        run = SessionRun(plan, get_time=self.get_time, wall_clock=self.wall_clock)
        late = LateListeners(run, self.services.listeners, self._report_listener_error)
        run.add_listener(late)

        async def get_ready() -> None:
            """After the first paint, before the clock starts: the listeners, made on this
            thread (the store's connection stays on it), then the device, given a moment."""
            late.ready()
            if self.services.sound_opening:
                await asyncio.to_thread(self.services.wait_for_sound, SOUND_OPEN_WAIT)

        self.session_screen = SessionScreen(
            run, sound=self.sound, reduced_motion=self.reduced_motion, get_ready=get_ready
        )
        return self.session_screen

    def _session_ended(self, result: SessionResult | None) -> None:
        if self.session_screen is not None:
            self.reduced_motion = self.session_screen.reduced_motion
        self.session_screen = None
        if result is not None:
            from breathe.ui.screens.summary import SummaryScreen

            self.last_result = result
            # A one-shot `breathe run ID` goes back to the shell from its summary.
            one_shot = self.plan is not None and result.plan is self.plan
            self.push_screen(
                SummaryScreen(
                    result,
                    self.services.rate,
                    leave_after=one_shot,
                    tension_before=self._session_tension,
                    on_pace=self.services.pace_check,
                    heart=heart.summary if (heart := self.services.heart_status()) else None,
                )
            )

    def _report_listener_error(self, exc: Exception) -> None:
        self.notify(f"{exc or type(exc).__name__}", title="Sound or history", severity="error")

    # Other screens ---------------------------------------------------------------------------

    def action_history(self) -> None:
        """The history screen (key `h`), read afresh each time it is shown."""
        from breathe.history.records import HistoryUnavailable
        from breathe.ui.screens.history import HistoryScreen

        if self.session_active:
            return
        try:
            view = self.services.open_history()
        except HistoryUnavailable as exc:
            self.notify(f"History is not available: {exc}", severity="warning")
            return
        names = {r.id: r.name for r in self.catalogue.routines}
        screen = HistoryScreen(
            view, routine_names=names, on_pace=self.services.change_pace, catalogue=self.catalogue
        )
        self.push_screen(screen, lambda _: view.close())
