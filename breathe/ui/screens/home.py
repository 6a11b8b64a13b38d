"""The home screen: pick an exercise or routine, choose hum or ha, adjust the dose, Enter starts.

It draws `core.home.HomeState` (the rules) and tells the app what the user wants through one
`HomePort`; it reads and writes no files itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from breathe.core.catalogue import Catalogue, Exercise, Routine
from breathe.core.engine import Dose, ScheduleError
from breathe.core.goal import GoalProgress
from breathe.core.home import HomeState, Knob, next_weekly_goal
from breathe.core.home_choices import Choice, adjust_amount, adjust_sets
from breathe.core.text import plural
from breathe.ui.home_port import HomePort
from breathe.ui.screens.dialogs import HOME_KEYS, HelpScreen, RoutineEditScreen
from breathe.ui.widgets.fitting_footer import FittingFooter

NARROW_WIDTH = 70
SIDE_BY_SIDE_WIDTH = 110
LIST_PADDING = 4  # the list's padding and its scrollbar
CADENCE_WORDS = ("in", "hold", "out", "rest")
MIN_DETAILS_WIDTH = 40  # beside the list, the details keep this much


_HOME_HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] = [
    (0, "-narrow"),
    (NARROW_WIDTH, "-wide"),
    (SIDE_BY_SIDE_WIDTH, "-side"),
]
_HOME_VERTICAL_BREAKPOINTS: list[tuple[int, str]] = [(0, "-short"), (20, "-medium"), (30, "-tall")]


class Picker(OptionList):
    """The list of exercises; Enter is shown in the footer as Start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", key_display="Enter"),
    ]


class HomeScreen(Screen[None]):
    """Exercises and routines, with the highlighted one's cue, why and settings beside them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", key_display="Enter", show=False),
        Binding("e", "switch_exhale", "Hum/ha"),
        Binding("h", "app.history", "History"),
        Binding("plus,equals_sign", "amount(1)", "More/less", key_display="+/-"),
        Binding("minus,underscore", "amount(-1)", "Less", key_display="-", show=False),
        Binding("right_square_bracket", "sets(1)", "Sets", key_display="]/["),
        Binding("left_square_bracket", "sets(-1)", "Sets-", key_display="[", show=False),
        Binding("k", "keep", "Keep", show=False),
        Binding("p", "hold_progress", "Hold step", show=False),
        Binding("P", "reset_progress", "Reset steps", show=False),
        Binding("g", "weekly_goal", "Weekly goal", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    HORIZONTAL_BREAKPOINTS = _HOME_HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = _HOME_VERTICAL_BREAKPOINTS

    def __init__(
        self, catalogue: Catalogue, port: HomePort, config_problems: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.port = port
        self.state = HomeState(catalogue, port.kept_routines())
        self.goal_now: GoalProgress | None = None
        # Mistakes in the config file: otherwise a broken exercise would just be missing.
        self.config_problems = tuple(config_problems)
        self._laid_out: tuple[bool, int] | None = None  # what the list was filled for

    def compose(self) -> ComposeResult:
        yield Static("breathe  ·  pick one, Enter starts", id="home-title")
        if self.config_problems:
            yield Static(config_banner(self.config_problems), id="config-banner", markup=False)
        with Horizontal(id="home-main"):
            yield Picker(id="picker")
            with Vertical(id="details"):
                yield Static("", id="detail-name", markup=False)
                yield Static("", id="detail-cue", markup=False)
                yield Static("", id="detail-why", markup=False)
                yield Static("", id="detail-settings", markup=False)
                yield Static("", id="detail-next", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self._fill_list()
        picker = self.query_one("#picker", OptionList)
        picker.highlighted = 1  # the first exercise; 0 is the heading
        picker.focus()
        self._show_details()
        # After the first paint: progression and the goal read the history file.
        self.call_after_refresh(self.refresh_from_history)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_from_history()  # back from a session: it may move a step or a goal

    def refresh_from_history(self) -> None:
        self.refresh_progress()
        self.refresh_goal()

    def refresh_goal(self) -> None:
        self.goal_now = self.port.goal_progress()
        parts = ["breathe", "pick one, Enter starts"]
        if self.goal_now is not None:
            parts[1] = self.goal_now.line()
        reminder = self.port.next_reminder()
        if reminder is not None:
            parts.append(reminder)
        self.query_one("#home-title", Static).update("  ·  ".join(parts))

    def action_weekly_goal(self) -> None:
        """`g`: the next of a few weekly goals (sessions, then minutes, then none)."""
        goal = next_weekly_goal(self.goal_now.goal if self.goal_now is not None else None)
        try:
            self.port.set_weekly_goal(goal)
        except Exception as exc:  # a config file that cannot be written: say so, carry on
            self.notify(f"Could not keep the weekly goal: {exc}", severity="warning")
            return
        self.refresh_goal()
        self.app.clear_notifications()  # pressing g again replaces the notice, never stacks
        self.notify(f"Weekly goal: {goal.describe()}." if goal else "No weekly goal.")

    def refresh_progress(self) -> None:
        """Each exercise at its next step, unless the user changed its dose here."""
        self.state.merge_progress(self.port.next_doses(self.state.base_catalogue))
        self._fill_list()
        self._show_details()

    # The list ----------------------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW_WIDTH

    def row(self, id: str) -> str:
        """One line of the list: name, cadence and dose, fitted to the list's width (a row
        that wrapped would read as two items)."""
        item = self.state.items[id]
        if self.narrow:
            cadence = self._cadence(id).replace(" · ", "·")
            # Picker padding and scrollbar take about 5 columns.
            name_width = max(8, self.size.width - 6 - self._cadence_width(narrow=True) - 1)
            return f"{_fit(item.name, name_width)} {cadence}"
        room = self.list_width - LIST_PADDING
        return _fit(self._full_row(id), room).rstrip()

    def _cadence(self, id: str) -> str:
        item = self.state.items[id]
        return (
            item.pattern.cadence if isinstance(item, Exercise) else plural(len(item.steps), "step")
        )

    def _full_row(self, id: str) -> str:
        item = self.state.items[id]
        choice = self.state.choices[id]
        if isinstance(item, Exercise):
            dose = (choice.dose or item.dose).describe()
        else:
            dose = self._duration(id) or ""
        width = self._cadence_width(narrow=False)
        return f"{_fit(item.name, 30)}  {self._cadence(id):<{width}}  {dose}".rstrip()

    @property
    def list_width(self) -> int:
        """The list's columns: all of the screen's above the details, and beside them as
        many as its longest row needs, leaving the details their room."""
        if self.size.width < SIDE_BY_SIDE_WIDTH:
            return self.size.width
        widest = max(len(self._full_row(id)) for id in self.state.items)
        return min(widest + LIST_PADDING, self.size.width - MIN_DETAILS_WIDTH)

    def _cadence_width(self, *, narrow: bool) -> int:
        cadences = [e.pattern.cadence for e in self.state.catalogue.exercises]
        if narrow:
            cadences = [c.replace(" · ", "·") for c in cadences]
        widths = [len(c) for c in cadences]
        return max([*widths, len("2 steps")])

    def _layout(self) -> tuple[bool, int]:
        return self.narrow, self.list_width

    def _fill_list(self) -> None:
        picker = self.query_one("#picker", OptionList)
        highlighted = picker.highlighted
        self._laid_out = self._layout()
        side = self.size.width >= SIDE_BY_SIDE_WIDTH
        picker.styles.width = self.list_width if side else None
        options: list[Option | None] = [Option("Exercises", id="-exercises", disabled=True)]
        options += [Option(self.row(e.id), id=e.id) for e in self.state.catalogue.exercises]
        options.append(Option("Routines", id="-routines", disabled=True))
        options += [Option(self.row(r.id), id=r.id) for r in self.state.catalogue.routines]
        picker.clear_options()
        picker.add_options(options)
        if highlighted is not None:
            picker.highlighted = highlighted

    def on_resize(self) -> None:
        if self._laid_out is not None and self._laid_out != self._layout():
            self._fill_list()
            self._show_details()

    @property
    def _details_room(self) -> int:
        """The details' columns inside their padding (beside the list, or under it)."""
        side = self.size.width >= SIDE_BY_SIDE_WIDTH
        return self.size.width - (self.list_width + 1 if side else 0) - 4

    @property
    def selected_id(self) -> str | None:
        option = self.query_one("#picker", OptionList).highlighted_option
        if option is None or option.id is None or option.id.startswith("-"):
            return None
        return option.id

    def select(self, id: str) -> None:
        """Highlight the item with this id (tests and scripts that drive the app)."""
        picker = self.query_one("#picker", OptionList)
        picker.highlighted = picker.get_option_index(id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    # The details -------------------------------------------------------------------------------

    def _duration(self, id: str) -> str | None:
        try:
            plan = self.state.plan_for(id)
        except ScheduleError:
            return None
        return plan.length_text

    def settings_line(self, id: str) -> str:
        item = self.state.items[id]
        choice = self.state.choices[id]
        if self.narrow:
            parts = [choice.exhale.value]
        else:
            parts = [f"Exhale: {choice.exhale.value} ({choice.exhale.instruction})"]
        if isinstance(item, Exercise) and choice.dose is not None:
            parts.append(choice.dose.describe())
        if isinstance(item, Routine) and item.mode == "sequence" and choice.steps:
            parts.append(" then ".join(d.describe() for d in choice.steps))
        if choice.rounds is not None:
            parts.append(f"{plural(choice.rounds, 'set')}")
        duration = self._duration(id)
        if duration:
            parts.append(duration)
        return "  ·  ".join(parts)

    def _show_details(self) -> None:
        id = self.selected_id
        if id is None:
            return
        item = self.state.items[id]
        if isinstance(item, Exercise):
            # The cadence with its legend where it fits: what 3 · 0 · 6 · 3 means, on the spot.
            name = f"{item.name}  ·  {labelled_cadence(item.pattern.cadence)}"
            if cell_len(name) > self._details_room:
                name = f"{item.name}  ·  {item.pattern.cadence}"
            cue = item.cue
        else:
            name = item.name
            cue = " → ".join(self.state.step_names(item))
        self.query_one("#detail-name", Static).update(name)
        self.query_one("#detail-cue", Static).update(cue)
        self.query_one("#detail-why", Static).update(item.why)
        self.query_one("#detail-settings", Static).update(self.settings_line(id))
        dose = self.state.next.get(id)
        next_line = self.query_one("#detail-next", Static)
        next_line.display = dose is not None
        if dose is not None:
            hold = "let it move" if dose.advice.move == "held" else "hold"
            next_line.update(f"{dose.line()}  (p: {hold}, P: reset)")

    def _changed(self, id: str) -> None:
        picker = self.query_one("#picker", OptionList)
        picker.replace_option_prompt(id, self.row(id))
        self._show_details()

    # Actions -----------------------------------------------------------------------------------

    def action_start(self) -> None:
        id = self.selected_id
        if id is not None:
            self.start(id)

    def start(self, id: str) -> None:
        """Enter, and the palette's `Start:`: the one way a session starts from here."""
        try:
            plan = self.state.plan_for(id)
        except ScheduleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.port.start(plan)

    def action_switch_exhale(self) -> None:
        id = self.selected_id
        if id is None:
            return
        remember = self.state.switch_exhale(id)
        self._changed(id)
        if remember is None:
            return
        try:  # kept for this exercise only: the others keep their own style
            self.port.remember_exhale(id, remember.value)
        except Exception as exc:  # a broken config file must not stop the app
            self.notify(f"Could not save the exhale style: {exc}", severity="warning")

    def _try(self, id: str, new: Choice) -> None:
        """Take the new choice if it makes a plan; otherwise say why and keep the old."""
        try:
            self.state.take(id, new)
        except ScheduleError as exc:
            self.notify(str(exc), severity="warning")
            return
        self._changed(id)

    def action_amount(self, step: int) -> None:
        self._adjust("amount", step)

    def action_sets(self, step: int) -> None:
        self._adjust("sets", step)

    def _adjust(self, knob: Knob, step: int) -> None:
        """For this app's runs only; a sequence opens the dialog for each step's dose."""
        id = self.selected_id
        if id is None:
            return
        if self.state.needs_step_dialog(id):
            self.action_edit_routine()
        elif (new := self.state.adjusted(id, knob, step)) is not None:
            self._try(id, new)

    def action_keep(self) -> None:
        """Keep a routine's adjustments for the next runs too (back at its default: forget)."""
        id = self.selected_id
        if id is None or not self.state.is_routine(id):
            return
        data = self.state.keep_data(id)
        try:
            self.port.keep_routine(id, data)
        except OSError as exc:
            self.notify(f"Could not keep it: {exc}", severity="warning")
            return
        name = self.state.items[id].name
        self.notify(f"{name}: kept for next time." if data else f"{name}: back to its default.")

    def action_hold_progress(self) -> None:
        """Hold the highlighted exercise at its step, or let it move again."""
        id = self.selected_id
        held = self.state.hold_switch(id) if id is not None else None
        if id is None or held is None:
            return
        try:
            # The step the detail pane shows, not the last one breathed.
            self.port.hold_progress(id, held, self.state.next[id].rung.key if held else None)
        except OSError as exc:
            self.notify(f"Could not keep it: {exc}", severity="warning")
            return
        self.refresh_progress()
        name = self.state.items[id].name
        self.notify(f"{name}: held at this step." if held else f"{name}: moves again.")

    def action_reset_progress(self) -> None:
        """`P`: the highlighted exercise back to its own dose; past sessions stop counting."""
        id = self.selected_id
        if id is None or id not in self.state.next:
            return
        try:
            self.port.reset_progress(id)
        except Exception as exc:  # an unreadable history or state file: say so, carry on
            self.notify(f"Could not reset it: {exc}", severity="warning")
            return
        self.refresh_progress()
        self.notify(f"{self.state.items[id].name}: back to its own dose.")

    def action_edit_routine(self) -> None:
        """Each step's dose of a routine, in a small dialog."""
        id = self.selected_id
        if id is None or not isinstance(item := self.state.items[id], Routine):
            return
        choice = self.state.choices[id]
        names = self.state.step_names(item)

        def done(doses: tuple[Dose, ...] | None) -> None:
            if doses is not None:
                self._try(id, replace(choice, steps=doses))

        self.app.push_screen(
            RoutineEditScreen(item.name, names, choice.steps, adjust_amount, adjust_sets), done
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(HOME_KEYS))


def labelled_cadence(cadence: str) -> str:
    """`3 · 0 · 6 · 3` as `in 3 · hold 0 · out 6 · rest 3` (seconds), a split inhale as
    `in 2 + top-up 0.5`: the legend the bare numbers need."""
    parts = cadence.split(" · ")
    if len(parts) != len(CADENCE_WORDS):
        return cadence
    parts[0] = " + top-up ".join(parts[0].split("+", 1))
    return " · ".join(f"{word} {part}" for word, part in zip(CADENCE_WORDS, parts, strict=True))


def config_banner(problems: Sequence[str]) -> str:
    """One line: how many problems, where to see them all, and the first one."""
    warnings = sum(1 for problem in problems if problem.split(": ", 1)[-1].startswith("warning:"))
    errors = len(problems) - warnings
    counts = [plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"config: {' and '.join(counts)}, see `breathe config --check`: {problems[0]}"


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
