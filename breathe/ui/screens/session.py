"""The session screen: the breath bar, the phase word and the numbers, all read from `SessionRun`.

Each frame calls `run.poll()` once and draws the state it returns; nothing here counts ticks
or time. Paused means the clock is paused and the frame timer stopped. The clock starts
only once the first frame is painted and `get_ready` is done (listeners made, the sound
device open), so the first cue sounds at the schedule's start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from breathe.core.engine import SegmentKind, State, top_ups
from breathe.core.session import SessionResult, SessionRun
from breathe.ui.screens.session_layout import (
    FRAME_SECONDS,
    REDUCED_MOTION_FRAME_SECONDS,
    SESSION_VERTICAL_BREAKPOINTS,
    session_frame_delay,
    word_and_bar,
)
from breathe.ui.screens.session_text import (
    HeaderNotices,
    big_count,
    fitted,
    marker_at,
    phase_detail,
    phase_word,
    stats_line,
    status_line,
    word_forms,
)
from breathe.ui.services import NoServices, SoundControls
from breathe.ui.widgets.big_word import BigWord
from breathe.ui.widgets.breath_bar import BreathBar, bar_level, fill_ranges
from breathe.ui.widgets.fitting_footer import FittingFooter
from breathe.ui.widgets.heart_line import HeartLine
from breathe.ui.widgets.palette import Palette, palette_for

COMPACT_WIDTH = 60
_LOWER_LABELS = ("session-stats", "session-cue")
_LABELS = ("session-title", "session-status", "phase-detail", *_LOWER_LABELS)


class SessionScreen(Screen[SessionResult]):
    """One session from count-in to the end; dismisses with the `SessionResult`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause", key_display="space"),
        Binding("space", "resume", "Resume", key_display="space"),
        Binding("space", "next_set", "Next set", key_display="space"),
        Binding("m", "sound('toggle_mute')", "Mute"),
        Binding("plus,equals_sign", "volume(10)", "Louder", key_display="+", show=False),
        Binding("minus", "volume(-10)", "Softer", key_display="-", show=False),
        Binding("g", "sound('toggle_guide')", "Guide", show=False),
        Binding("v", "sound('toggle_voice')", "Voice", show=False),
        Binding("b", "use_bell", "Bell", show=False),
        Binding("q,escape", "end_early", "End", key_display="q"),
        Binding("r", "toggle_reduced_motion", "Motion"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (COMPACT_WIDTH, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = SESSION_VERTICAL_BREAKPOINTS

    def __init__(
        self,
        run: SessionRun,
        *,
        sound: SoundControls | None = None,
        reduced_motion: bool = False,
        get_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self.run = run
        self._get_ready = get_ready
        self.sound = sound or SoundControls(NoServices())
        self.reduced_motion = reduced_motion
        self._ranges = fill_ranges(run.plan.schedule)
        self._top_ups = top_ups(run.plan.schedule)
        self.palette: Palette | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._status_timer: Timer | None = None  # the header's, paused while hidden
        self._auto_paused = False
        self._was_awaiting = False
        self._finishing = False
        self._word_class = ""
        self._texts: dict[str, str] = {}
        self._compact = False
        self._titled: tuple[int, bool] | None = None  # the segment and width the title is for
        self.notices = HeaderNotices()
        self.state: State | None = None

    def compose(self) -> ComposeResult:
        # Kept as attributes: a frame must not pay for DOM queries.
        self.bar = BreathBar(id="breath-bar", whole_cells=self.reduced_motion)
        self.word = BigWord(id="phase-word")
        self._labels = {name: Static("", id=name, markup=False) for name in _LABELS}
        with Horizontal(id="session-top"):
            yield self._labels["session-title"]
            yield self._labels["session-status"]
        # The labels sit in their own containers so that a frame, which repaints only the bar,
        # does not visit them (Textual visits the widgets whose container overlaps the change).
        with Vertical(id="session-body"):
            with Vertical(id="session-upper"):
                yield self.word
                yield self._labels["phase-detail"]
            yield self.bar
            with Vertical(id="session-lower"):
                yield self._labels["session-stats"]
                yield HeartLine(self.sound.heart_status, id="heart-line")
                yield self._labels["session-cue"]
        yield FittingFooter()

    def on_mount(self) -> None:
        self._compact = self.size.width < COMPACT_WIDTH
        self._apply_palette()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._apply_palette())
        self._fit_to(self.size.width, self.size.height)
        self._show_status()
        # The device opens off the UI thread and can go away: the header keeps up with it.
        self._status_timer = self.set_interval(1.0, self._show_status)
        if self.run.clock.started or self.run.result is not None:
            self.tick()
            return
        self.state = self.run.state()
        self._draw(self.state)  # the first phase at 0, before the clock runs
        # A refresh's callbacks run once it is painted. Through the app's queue, because
        # at start-up Textual paints nothing until its start-up batch ends.
        self.app.call_later(self.call_after_refresh, self._ready_then_start)

    async def _ready_then_start(self) -> None:
        """The first frame is on screen: get ready (listeners, sound device), then start the
        clock and poll at once, so the first cue is asked for at the schedule's start."""
        if self._get_ready is not None:
            try:
                await self._get_ready()
            except Exception as exc:  # never a traceback on screen; the session still runs
                self.notify(f"{exc or type(exc).__name__}", severity="error")
        if self.run.clock.started or self.run.result is not None or not self.is_attached:
            return
        self.run.start()
        self.tick()

    def on_unmount(self) -> None:
        # Leaving the app mid-session (ctrl+q) is ending early: what was done is saved.
        if self.run.result is None:
            self._guard(lambda: self.run.finish("ended_early"))

    @property
    def frame_seconds(self) -> float:
        return REDUCED_MOTION_FRAME_SECONDS if self.reduced_motion else FRAME_SECONDS

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _schedule_frame(self, state: State) -> None:
        """Book the next frame, or none while paused or ending."""
        self._stop_timer()
        if self._finishing or self.run.result is not None:
            return
        delay = session_frame_delay(
            self.run,
            state,
            self._ranges[state.segment.index],
            self.bar.content_width,
            reduced_motion=self.reduced_motion,
            marker=self.bar.marker is not None,
        )
        if delay is None:  # paused: nothing moves
            return
        # A bare event-loop callback: a Textual Timer per frame costs a task and a wake-up more.
        self._timer = asyncio.get_running_loop().call_later(delay, self._frame_due)

    def _frame_due(self) -> None:
        self._timer = None
        if self.is_attached:
            self.tick()

    # Drawing -------------------------------------------------------------------------------

    def tick(self) -> None:
        """Read the clock once and draw what the schedule says; ends the screen when done."""
        if self._finishing or not self.run.clock.started:
            return
        try:
            state = self.run.poll()
            self.state = state
            if self.run.awaiting != self._was_awaiting:  # space now means "next set", or not
                self._was_awaiting = self.run.awaiting
                self.refresh_bindings()
            self._draw(state)
        except Exception as exc:  # never a traceback on screen
            self._fail(exc)
            return
        if self.run.result is not None:
            self._finish()
        else:
            self._schedule_frame(state)

    def _draw(self, state: State) -> None:
        top_up = state.segment.index in self._top_ups
        start, end = self._ranges[state.segment.index]
        # Holds and rests show how far through they are; waiting for the next set does not.
        marker = marker_at(state) if start == end and not self.run.awaiting else None
        phase = "top-up" if top_up else state.kind.value
        word = self.word
        if self.run.awaiting:
            word.show(*word_forms(self.run, state))
            detail = phase_detail(self.run, state)
            phase = "set-rest"
        elif not self.run.clock.started and state.kind is not SegmentKind.LEAD_IN:
            # Painted before the clock runs, while the sound device opens: with no count-in
            # there is nothing to do yet, so nothing says breathe in.
            word.show("GET READY", "READY")
            detail = f"{self.run.plan.exercise_for(state.segment).name}: starting"
            phase = "lead-in"
        elif self.run.paused:
            word.show("PAUSED")
            detail = f"space resumes  ·  {phase_word(self.run, state, top_up=top_up).lower()}"
            phase = "paused"
        else:
            word.show(*word_forms(self.run, state, top_up=top_up), count=big_count(self.run, state))
            says = state.kind is not SegmentKind.EXHALE or word.whole_word_shown
            detail = phase_detail(self.run, state, top_up=top_up, word_says_style=says)
        bar_phase = "paused" if self.run.paused and not self.run.awaiting else phase
        self.bar.show(bar_level(state, self._ranges), bar_phase, marker)
        word_class = f"-{phase}"
        if word_class != self._word_class:
            if self._word_class:
                word.remove_class(self._word_class)
            word.add_class(word_class)
            self._word_class = word_class
            if self.palette is not None:
                word.styles.color = self.palette.phase(phase)
        self._set_text("phase-detail", detail, layout=False)
        compact = self._compact
        stats = stats_line(state, compact=compact, run=self.run)
        self._set_text("session-stats", stats, layout=False)
        key = (state.segment.index, compact)
        if key != self._titled:  # the same for a whole segment: not worked out every frame
            self._titled = key
            exercise = self.run.plan.exercise_for(state.segment)
            block = self.run.plan.block_for(state.segment)
            title = exercise.name if compact else f"{exercise.name}  ·  {block.pattern.cadence}"
            if self.run.plan.routine is not None and not compact:
                title = f"{self.run.plan.name}: {title}"
            self._set_text("session-title", title)
            self._set_text("session-cue", exercise.cue)

    def _set_text(self, name: str, text: str, *, layout: bool = True) -> None:
        """Update a label only when its text changes, so a frame repaints just the bar; labels
        of a fixed size skip the layout pass (`layout=False`), which costs more than a repaint."""
        if self._texts.get(name) != text:
            self._texts[name] = text
            self._labels[name].update(text, layout=layout)

    def tell(self, message: str) -> None:
        """A notice said in the header, never over the session; several take turns."""
        self.notices.add(message)
        self._show_status()

    def _show_status(self, key: bool = False) -> None:
        sound = self.sound
        if key and sound.no_device:  # m + - g v pressed: say why nothing is heard to change
            self.notices.add("no sound device: m, +, -, g and v wait for one; b rings the bell")
        line = status_line(sound.status(), sound.has_sound, sound.volume, self.reduced_motion)
        notice = self.notices.now()
        self._labels["session-title"].display = notice is None  # a notice has the whole line
        self._set_text("session-status", line if notice is None else fitted(notice, self.size))

    def on_resize(self, event: events.Resize) -> None:
        self._compact = event.size.width < COMPACT_WIDTH
        self._fit_to(event.size.width, event.size.height)
        if self.state is not None:
            self._draw(self.state)

    def _fit_to(self, width: int, height: int) -> None:
        """The word's size and the bar's height from the terminal's size."""
        size, rows = word_and_bar(width, height)
        self.word.set_size(size)
        if self.bar.styles.height is None or self.bar.styles.height.value != rows:
            self.bar.styles.height = rows

    # Colour --------------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        """Colours chosen for this terminal's colour system, theme and NO_COLOR."""
        app = self.app
        palette = palette_for(
            app.console.color_system, dark=app.current_theme.dark, no_color=app.no_color
        )
        if palette == self.palette:
            return
        self.palette = palette
        self.styles.background = palette.background
        self.styles.color = palette.text
        top = self.query_one("#session-top")
        top.styles.background = palette.panel
        top.styles.color = palette.panel_text
        self._labels["session-status"].styles.color = palette.panel_text
        self._labels["session-cue"].styles.color = palette.muted
        # Classes for what tcss cannot compute: Textual's footer keys in 16 colours.
        depth, _, tone = palette.name.partition("-")
        self.set_class(depth == "16", "-c16")
        self.set_class(tone == "light", "-light")
        footer = self.query_one(FittingFooter)
        footer.styles.background = palette.panel
        self.bar.set_palette(palette)
        if self._word_class:
            self.word.styles.color = palette.phase(self._word_class[1:])

    # Ending ----------------------------------------------------------------------------------

    def _finish(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        self._stop_timer()
        result = self.run.result
        assert result is not None
        self.dismiss(result)

    def _fail(self, exc: Exception) -> None:
        if self.run.result is None:  # first, so the notice below reaches the summary
            self._guard(lambda: self.run.finish("interrupted"))
        self.app.notify(f"The session stopped: {exc}", title="Error", severity="error")
        if self.run.result is not None:
            self._finish()
        else:
            self._finishing = True
            self._stop_timer()
            self.dismiss()

    def _guard(self, call: Callable[[], object]) -> bool:
        try:
            call()
        except Exception as exc:
            self.app.notify(str(exc) or type(exc).__name__, title="Error", severity="error")
            return False
        return True

    # Actions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return not self.run.paused
        if action == "resume":
            return self.run.paused and not self.run.awaiting
        if action == "next_set":
            return self.run.awaiting
        return True

    def action_next_set(self) -> None:
        if self.run.awaiting and not self._finishing:
            self.run.proceed()
            self.refresh_bindings()
            self.tick()

    def action_pause(self) -> None:
        if not self.run.paused:
            self.action_toggle_pause()

    def action_resume(self) -> None:
        if self.run.paused:
            self.action_toggle_pause()

    def action_toggle_pause(self) -> None:
        if self._finishing:
            return
        self.run.toggle_pause()
        self._auto_paused = False
        self.refresh_bindings()
        self.tick()  # draws the paused state, or books the next frame on resume

    def action_sound(self, toggle: str) -> None:
        """Mute, the guide or the voice prompts on or off at once, for this app's sessions."""
        self._guard(getattr(self.sound, toggle))
        self._show_status(key=True)

    def action_use_bell(self) -> None:
        """With no sound device, ring the terminal bell for each cue instead."""
        if self.sound.no_device:
            self._guard(self.sound.use_bell)
            self._show_status()

    def action_volume(self, step: int) -> None:
        if self.sound.has_sound:
            self._guard(lambda: self.sound.change_volume(step))
            self._show_status(key=True)

    def action_toggle_reduced_motion(self) -> None:
        self.reduced_motion = not self.reduced_motion
        self.bar.set_whole_cells(self.reduced_motion)
        self._show_status()
        self.tick()

    def action_end_early(self) -> None:
        if self._finishing:
            return
        if self.run.plan.open_ended:  # between sets and mid-run end when the user says so
            self._guard(lambda: self.run.finish("completed"))
            if self.run.result is not None:
                self._finish()
            return

        def answered(end: bool | None) -> None:
            if end and not self._finishing:
                self._guard(lambda: self.run.finish("ended_early"))
                if self.run.result is not None:
                    self._finish()

        from breathe.ui.screens.dialogs import ConfirmEndScreen  # loaded when first asked

        self.app.push_screen(ConfirmEndScreen(), answered)

    def action_help(self) -> None:
        from breathe.ui.screens.dialogs import SESSION_KEYS, HelpScreen

        self.app.push_screen(HelpScreen(SESSION_KEYS))

    # Covered by a dialog or the command palette: the session waits. ---------------------------

    def on_screen_suspend(self) -> None:
        if self.run.result is None and not self.run.paused and not self._finishing:
            self.run.toggle_pause()
            self._auto_paused = True
        self._stop_timer()  # hidden: nothing is drawn, the header waits too
        if self._status_timer is not None:
            self._status_timer.pause()

    def on_screen_resume(self) -> None:
        if self._status_timer is not None:
            self._status_timer.resume()
        if self._auto_paused and self.run.result is None and not self._finishing:
            self._auto_paused = False
            self.run.toggle_pause()
        self.tick()  # draws, and books the next frame unless paused
