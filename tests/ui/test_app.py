"""Pilot tests: the app driven by keys against a fake clock, checking what the screen shows."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import pytest
from textual.widgets import Static

from breathe.core.catalogue import SAFETY_TEXT, Catalogue
from breathe.core.engine import ExhaleStyle, Segment, SegmentKind, State
from breathe.core.session import SessionRun
from breathe.system import app_state, paths
from breathe.ui.app import BreatheApp
from breathe.ui.screens.dialogs import ConfirmEndScreen, HelpScreen, SafetyScreen
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import FRAME_SECONDS, SessionScreen
from breathe.ui.screens.session_layout import next_frame_delay
from breathe.ui.screens.summary import SummaryScreen
from breathe.ui.widgets.big_word import BigWord
from breathe.ui.widgets.breath_bar import EIGHTHS, FULL, BreathBar, bar_cells
from breathe.ui.widgets.fitting_footer import FooterKeyLabel
from tests.helpers.clock import FakeClock
from tests.helpers.notices import recorded
from tests.helpers.pilot import Recorder, at, make_app, plan, session, text, word
from tests.helpers.services import FakeServices

# Safety text -------------------------------------------------------------------------------


@pytest.mark.app
async def test_safety_text_comes_before_the_very_first_session_only() -> None:
    clock = FakeClock()
    app = make_app(plan("wall"), clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert str(app.screen.query_one("#safety-text", Static).content) == SAFETY_TEXT
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert app_state.safety_seen()

    again = make_app(plan("wall"), FakeClock())
    async with again.run_test() as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SessionScreen)


@pytest.mark.app
async def test_declining_the_safety_text_starts_nothing() -> None:
    app = make_app(plan("wall"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        # Not now: back where `breathe run wall` came from, the shell (test_first_run.py).
        assert not app.is_running and app.last_result is None
    assert not app_state.safety_seen()


@pytest.mark.app
async def test_a_damaged_state_file_reads_as_not_seen() -> None:
    path = paths.state_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert not app_state.safety_seen()
    app = make_app(plan("wall"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("enter")
        await pilot.pause()
    assert app_state.safety_seen()
    app_state.save_state({"other": 1})
    assert app_state.load_state() == {"safety_seen": True, "other": 1}


# Home --------------------------------------------------------------------------------------


@pytest.mark.app
async def test_home_lists_exercises_and_routines_with_cadence_and_dose(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.selected_id == "wall"
        row = home.row("wall")
        assert "Wall breathing" in row and "3 · 0 · 6 · 3" in row and "4 breaths x 3" in row
        assert "Stand, hands on the wall" in text(app, "#detail-cue")
        assert text(app, "#detail-why").startswith("Before a run")
        assert "Exhale: ha" in text(app, "#detail-settings")
        await pilot.press("down")
        assert home.selected_id == "goal-post"
        assert "Goal-post arms" in text(app, "#detail-name")
        assert "Elbows bent" in text(app, "#detail-cue")
        home.select("pre-run")
        await pilot.pause()
        assert "Wall breathing → Goal-post arms" in text(app, "#detail-cue")


@pytest.mark.app
async def test_pick_switch_exhale_adjust_dose_and_start(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select("4-7-8")
        await pilot.pause()
        assert "Exhale: ha (haaa, mouth open)" in text(app, "#detail-settings")
        await pilot.press("e")
        assert "Exhale: hum (hum, lips closed)" in text(app, "#detail-settings")
        await pilot.press("minus", "minus")  # 4 breaths -> 2
        await pilot.press("right_square_bracket")  # 1 set -> 2
        settings = text(app, "#detail-settings")
        assert "2 breaths x 2" in settings
        assert "2 breaths x 2" in home.row("4-7-8")
        await pilot.press("enter")
        await pilot.pause()
        screen = session(app)
        assert screen.run.plan.exhale is ExhaleStyle.HUM
        assert screen.run.plan.schedule.total_breaths == 4
        assert screen.run.plan.schedule.blocks[0].dose.sets == 2
        await at(app, clock, pilot, 3 + 4 + 7 + 1)
        assert word(app) == "EXHALE · hum"
        assert "lips closed" in text(app, "#phase-detail")


@pytest.mark.app
async def test_a_sequence_routine_is_adjusted_step_by_step_in_a_dialog(safety_seen: None) -> None:
    from breathe.ui.screens.dialogs import RoutineEditScreen

    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select("pre-run")  # wall 4 breaths x 3, then goal-post 5 breaths x 2
        await pilot.pause()
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RoutineEditScreen)
        keys = [k.key_display for k in dialog.query(FooterKeyLabel)]
        assert "Enter" in keys and "Esc" in keys  # the dialog's own keys
        await pilot.press("plus", "down", "left_square_bracket", "enter")
        await pilot.pause()
        assert app.screen is home
        plan = home.state.plan_for("pre-run")
        assert plan.planned == "5 breaths x 3 then 5 breaths"
        assert "5 breaths x 3 then 5 breaths" in home.settings_line("pre-run")
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press("plus", "escape")  # Esc leaves it as it was
        await pilot.pause()
        assert home.state.plan_for("pre-run").planned == "5 breaths x 3 then 5 breaths"
        # For this app's runs only: the catalogue's routine is unchanged.
        assert app.catalogue.routine("pre-run") is not None
        assert plan_session_default("pre-run") == "4 breaths x 3 then 5 breaths x 2"


def plan_session_default(id: str) -> str:
    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import plan_session

    return plan_session(Catalogue(), id).planned


@pytest.mark.app
async def test_between_sets_breaths_and_rounds_and_mid_run_interval(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select("between-sets")
        await pilot.pause()
        await pilot.press("plus", "right_square_bracket", "left_square_bracket")
        plan = home.state.plan_for("between-sets")
        assert plan.planned.startswith("6 breaths")
        assert len(plan.schedule.blocks) == 4  # 5 sets, then one fewer
        assert "4 sets" in home.settings_line("between-sets")
        home.select("mid-run")
        await pilot.pause()
        await pilot.press("minus", "right_square_bracket", "right_square_bracket")
        plan = home.state.plan_for("mid-run")
        assert plan.length_text == "2 breaths every 7 min"


# Session -----------------------------------------------------------------------------------


@pytest.mark.app
async def test_session_shows_count_in_phases_numbers_and_cue(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=2), clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert word(app) == "GET READY 3"
        assert "Box breathing" in text(app, "#session-title")
        assert "4 · 4 · 4 · 4" in text(app, "#session-title")
        assert text(app, "#session-cue") == "Seated. Equal sides."
        await at(app, clock, pilot, 1.2)
        assert word(app) == "GET READY 2"
        await at(app, clock, pilot, 2.5)
        assert word(app) == "GET READY 1"
        await at(app, clock, pilot, 3.0)
        assert word(app) == "INHALE"
        assert text(app, "#phase-detail") == "4 s"
        # The clock counts breathing, as the summary does: the count-in is not in it.
        assert text(app, "#session-stats") == ("breath 1 of 2  ·  00:00 elapsed  ·  00:32 left")
        await at(app, clock, pilot, 3 + 2)
        bar = app.screen.query_one(BreathBar)
        assert bar.level == pytest.approx(0.5)
        await at(app, clock, pilot, 3 + 4 + 0.5)
        assert word(app) == "HOLD"
        assert bar.level == 1.0
        assert text(app, "#phase-detail").startswith("4 s")
        await at(app, clock, pilot, 3 + 8 + 3)
        assert word(app) == "EXHALE · hum"
        assert text(app, "#phase-detail") == "1 s  ·  lips closed"
        assert bar.level == pytest.approx(0.25)
        await at(app, clock, pilot, 3 + 12 + 1)
        assert word(app) == "REST"
        assert bar.level == 0.0
        await at(app, clock, pilot, 3 + 16)
        assert text(app, "#session-stats").startswith("breath 2 of 2")


@pytest.mark.app
async def test_phase_changes_on_the_first_frame_after_the_boundary(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("4-7-8"), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 6.999)
        assert word(app) == "INHALE"
        await at(app, clock, pilot, 7.0)
        assert word(app) == "HOLD"


@pytest.mark.app
async def test_frames_come_from_the_screen_itself(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 2.95)  # the next frame is booked for the inhale, 0.05 s on
        assert word(app) == "GET READY 1"
        clock.at(3.5)
        await pilot.pause(0.3)  # real time passes; no manual frame
        assert word(app) == "INHALE"


def test_frames_follow_the_bar_and_the_countdowns() -> None:
    box = plan("box", breaths=1).schedule  # 3 s count-in, then 4-4-4-4
    moving = box.at(3 + 1.25)
    # An 80-column bar moves an eighth of a cell every 6.6 ms: one frame per frame slot (no
    # margin: the frame rate holds above 20 a second).
    assert next_frame_delay(moving, (0.0, 1.0), 76) == pytest.approx(FRAME_SECONDS)
    assert FRAME_SECONDS < 1 / 20
    # A narrow bar on a slow phase moves less often, so frames are fewer.
    assert next_frame_delay(moving, (0.0, 1.0), 1) == pytest.approx(0.5 + 0.002)
    # A hold draws nothing until the countdown's next second (here 0.25 s away).
    holding = box.at(3 + 4 + 0.75)
    assert next_frame_delay(holding, (1.0, 1.0), 76) == pytest.approx(0.25 + 0.002)
    # The last frame before a boundary books one just after it, so phases change on time.
    ending = box.at(3 + 8 - 0.01)
    assert 0.01 < next_frame_delay(ending, (1.0, 1.0), 76) < 0.01 + FRAME_SECONDS


@pytest.mark.app
async def test_rest_between_sets_counts_down(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("wall", breaths=1, sets=2), clock)
    async with app.run_test() as pilot:
        # wall is 3-0-6-3 (12 s a breath); 15 s rest between sets.
        await at(app, clock, pilot, 3 + 12 + 0.5)
        assert word(app) == "REST BETWEEN SETS"
        assert text(app, "#phase-detail") == "15 s  ·  set 1 of 2 done"
        await at(app, clock, pilot, 3 + 12 + 10.2)
        assert text(app, "#phase-detail") == "5 s  ·  set 1 of 2 done"
        await at(app, clock, pilot, 3 + 12 + 15)
        assert word(app) == "INHALE"
        assert "set 2 of 2" in text(app, "#session-stats")


@pytest.mark.app
async def test_routine_shows_next_exercise_between_steps(safety_seen: None) -> None:
    clock = FakeClock()
    routine = plan("pre-run")
    first = routine.schedule.blocks[0]
    app = make_app(routine, clock)
    async with app.run_test() as pilot:
        transition = next(s for s in routine.schedule.segments if s.kind is SegmentKind.TRANSITION)
        assert first.pattern.text == "3-0-6-3"
        await at(app, clock, pilot, transition.start + 1)
        assert word(app) == "NEXT: Goal-post arms"
        assert "Elbows bent" in text(app, "#session-cue")


@pytest.mark.app
async def test_pause_freezes_and_resume_continues_exactly(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=2), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 1)
        bar = app.screen.query_one(BreathBar)
        level = bar.level
        await pilot.press("space")
        assert session(app).run.paused
        assert word(app) == "PAUSED"
        assert "space resumes" in text(app, "#phase-detail")
        await at(app, clock, pilot, 3 + 1 + 120)  # two minutes pass while paused
        assert bar.level == level
        assert text(app, "#session-stats").startswith("breath 1 of 2  ·  00:01 elapsed")
        await pilot.press("space")
        assert not session(app).run.paused
        assert word(app) == "INHALE"
        assert bar.level == pytest.approx(level)
        await at(app, clock, pilot, 3 + 1 + 120 + 1)
        assert bar.level == pytest.approx(0.5)
        assert session(app).state is not None
        assert session(app).state.elapsed == pytest.approx(5.0)  # type: ignore[union-attr]


@pytest.mark.app
async def test_mute_calls_the_hook_and_shows_the_state(safety_seen: None) -> None:
    calls: list[bool] = []
    app = make_app(plan("wall"), hooks={"on_mute": calls.append})
    async with app.run_test() as pilot:
        await pilot.pause()
        assert text(app, "#session-status") == "sound on"
        await pilot.press("m")
        assert calls == [True]
        assert text(app, "#session-status") == "muted"
        await pilot.press("m")
        assert calls == [True, False]
        assert text(app, "#session-status") == "sound on"


@pytest.mark.app
async def test_a_failing_mute_hook_becomes_a_notification(safety_seen: None) -> None:
    def broken(muted: bool) -> None:
        raise RuntimeError("no sound device")

    app = make_app(plan("wall"), hooks={"on_mute": broken})
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        # Said in the header: a toast would cover the session.
        assert "no sound device" in text(app, "#session-status")
        assert not list(app.screen.query("Toast"))  # said in the header, not as a toast


@pytest.mark.app
async def test_end_early_asks_once_then_ends(safety_seen: None) -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = make_app(plan("wall"), clock, recorder)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 12 + 1)  # one breath done
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmEndScreen)
        assert session_paused(app)  # the session waits while asked
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert not session(app).run.paused
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.press("escape")  # Esc in the dialog keeps going
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("q", "enter")  # Enter presses the focused button: keep going
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("q", "q")  # a second q confirms
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert word(app) == "ENDED EARLY"
        facts = text(app, "#summary-facts")
        assert "ended early" in facts
        assert "Breaths  1 of 12" in facts
        assert "Time     00:13" in facts  # without the 3 s count-in
    assert [r.status for r in recorder.results] == ["ended_early"]
    assert recorder.results[0].breaths == 1


def session_paused(app: BreatheApp) -> bool:
    screen = app.session_screen
    assert screen is not None
    return screen.run.paused


@pytest.mark.app
async def test_complete_rate_and_back_to_the_shell(safety_seen: None) -> None:
    clock = FakeClock()
    recorder = Recorder()
    ratings: list[tuple[str, int]] = []
    app = make_app(
        plan("4-7-8", breaths=1),
        clock,
        recorder,
        hooks={"on_rating": lambda result, value: ratings.append((result.status, value))},
    )
    async with app.run_test() as pilot:
        for t in (1, 4, 8, 15, 3 + 19 + 0.01):  # a frame in each phase, then past the end
            await at(app, clock, pilot, t)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert word(app) == "DONE"
        facts = text(app, "#summary-facts")
        assert "Breaths  1 of 1" in facts and "completed" in facts
        assert "Time     00:19" in facts  # without the 3 s count-in
        assert "Neck and upper back" in text(app, "#rating-question")
        await pilot.press("1", "0")
        assert text(app, "#rating-entry") == "[ 10 ]"
        await pilot.press("backspace", "7")  # "17" is past 10: the 7 starts again
        assert text(app, "#rating-entry") == "[ 7 ]"
        await pilot.press("enter")
        assert ratings == [("completed", 7)]
        assert text(app, "#rating-entry").startswith("Saved:")
        assert text(app, "#summary-hint") == "Enter or q: back to the shell"
        await pilot.press("enter")  # `breathe run ID` was one-shot: Enter leaves the app
        await pilot.pause()
    assert app.return_code == 0
    assert app.last_result is recorder.results[0]
    assert recorder.segments[0] is SegmentKind.LEAD_IN
    assert recorder.segments[1:] == [SegmentKind.INHALE, SegmentKind.HOLD, SegmentKind.EXHALE]
    assert recorder.breaths == [1]
    assert [r.status for r in recorder.results] == ["completed"]


@pytest.mark.app
async def test_rating_digits_cap_at_ten_and_enter_skips(safety_seen: None) -> None:
    clock = FakeClock()
    ratings: list[int] = []
    app = make_app(
        plan("4-7-8", breaths=1),
        clock,
        hooks={"on_rating": lambda result, value: ratings.append(value)},
    )
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 30)
        await pilot.pause()
        await pilot.press("1", "1")  # 11 is past 10: starts again from the new digit
        assert text(app, "#rating-entry") == "[ 1 ]"
        await pilot.press("backspace")
        assert text(app, "#rating-entry") == "[   ]"
        await pilot.press("enter")
        assert text(app, "#rating-entry") == "Skipped."
        assert ratings == []
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.app
async def test_the_pace_check_is_a_digit_after_the_rating(safety_seen: None) -> None:
    clock = FakeClock()
    paces: list[tuple[str, str]] = []
    app = make_app(
        plan("4-7-8", breaths=2),  # the first step of its ladder: it counts, so it is asked
        clock,
        hooks={"on_pace": lambda result, felt: paces.append((result.status, felt))},
    )
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 2 * 19 + 1)
        await pilot.pause()
        assert "1 too easy" in text(app, "#pace-keys")
        await pilot.press("4", "enter")  # the rating first: its digits are its own
        assert paces == []
        await pilot.press("3")
        assert paces == [("completed", "hard")]
        assert "Pace     too hard" in text(app, "#summary-facts")
        await pilot.press("2")  # a wrong answer changed on the summary
        await pilot.press("2")  # the same answer again is not saved twice
        assert paces == [("completed", "hard"), ("completed", "right")]
        assert text(app, "#pace-keys").startswith("Pace: about right")
        assert "Pace     about right" in text(app, "#summary-facts")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.app
async def test_quitting_mid_session_records_it_as_ended_early(safety_seen: None) -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = make_app(plan("wall"), clock, recorder)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 5)
        app.exit(0)
        await pilot.pause()
    assert [r.status for r in recorder.results] == ["ended_early"]
    assert recorder.results[0].active_seconds == 5


@pytest.mark.app
async def test_ctrl_c_ends_the_session_early_and_leaves(safety_seen: None) -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = make_app(plan("wall"), clock, recorder)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 16)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert [(r.status, r.breaths) for r in recorder.results] == [("ended_early", 1)]
    assert app.return_code == 130


@pytest.mark.app
async def test_a_failing_listener_is_reported_and_the_session_goes_on(safety_seen: None) -> None:
    class Broken(Recorder):
        def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
            raise OSError("audio device busy")

    clock = FakeClock()
    broken = Broken()
    app = make_app(plan("box", breaths=1), clock, broken)
    async with app.run_test(notifications=True) as pilot:
        await at(app, clock, pilot, 4)
        await at(app, clock, pilot, 8)
        assert word(app) == "HOLD"
        assert text(app, "#session-status") == "Sound or history: audio device busy"
        assert not list(app.screen.query("Toast"))  # in the header, not over the session


@pytest.mark.app
async def test_an_error_while_drawing_becomes_a_notification(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    told = recorded(app)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        screen = session(app)

        def broken_poll() -> State:
            raise ValueError("clock went backwards")

        screen.run.poll = broken_poll  # type: ignore[method-assign]
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert any("clock went backwards" in message for message, _ in told)


@pytest.mark.app
async def test_help_shows_safety_and_keys_and_pauses_meanwhile(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 4)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one("#safety-text", Static).content) == SAFETY_TEXT
        await pilot.pause()
        titles = [str(s.content) for s in app.screen.query(".dialog-title").results(Static)]
        assert titles[0] == "Keys: session"  # the keys of the screen it came from first
        keys = app.screen.query_one("#help-keys-session", Static).content
        cells = [str(c) for col in keys.columns for c in col.cells]  # type: ignore[union-attr]
        assert "end early (asks first)" in cells
        assert session_paused(app)
        clock.at(60)
        await pilot.press("escape")
        await pilot.pause()
        screen = session(app)
        assert not screen.run.paused
        assert screen.state is not None and screen.state.elapsed == pytest.approx(4.0)


@pytest.mark.app
async def test_reduced_motion_moves_in_whole_cells(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock, reduced_motion=True)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 1.1)  # 0.275 of the bar
        screen = session(app)
        bar = screen.query_one(BreathBar)
        width = bar.size.width
        full, eighths = bar_cells(0.275, width)
        assert eighths  # the smooth bar would show a partial cell here
        assert bar.render_line(0).text == FULL * round(0.275 * width) + " " * (
            width - round(0.275 * width)
        )
        assert "reduced motion" in text(app, "#session-status")
        assert screen.frame_seconds == 0.5
        await pilot.press("r")
        await at(app, clock, pilot, 3 + 1.1)
        assert bar.render_line(0).text == FULL * full + EIGHTHS[eighths] + " " * (width - full - 1)
        assert "reduced motion" not in text(app, "#session-status")
        assert screen.frame_seconds == FRAME_SECONDS


async def test_reduced_motion_follows_textual_animations_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = BreatheApp()
    app.animation_level = "none"
    assert not app.reduced_motion
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    assert BreatheApp().reduced_motion
    assert not BreatheApp(reduced_motion=False).reduced_motion


@pytest.mark.app
async def test_resizing_mid_session_to_small_and_large(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, clock, pilot, 3 + 8 + 1)
        big = app.screen.query_one(BigWord)
        assert big.is_big
        await pilot.resize_terminal(40, 12)
        await at(app, clock, pilot, 3 + 8 + 1.5)
        # "EXHALE · hum" in block letters needs 41 columns: the short form, still big.
        assert big.fitted() == ("EXHALE", 0)
        assert word(app) == "EXHALE · hum"
        stats = text(app, "#session-stats")
        assert stats.startswith("1/") and len(stats) <= 36
        bar = app.screen.query_one(BreathBar)
        assert bar.size.width <= 40
        await pilot.resize_terminal(200, 60)
        await at(app, clock, pilot, 3 + 8 + 2)
        assert big.fitted() == ("EXHALE · hum", 2)  # the largest letters, 10 rows
        assert bar.size.width > 150
        assert bar.size.height == 60 // 3
        assert bar.level == pytest.approx(0.5)


@pytest.mark.app
async def test_palette_commands_start_exercises(safety_seen: None) -> None:
    from breathe.ui.palette import ExerciseCommands

    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        provider = ExerciseCommands(app.screen)
        hits = [hit async for hit in provider.search("box")]
        assert hits and "Box breathing" in str(hits[0].match_display)
        discovered = [hit async for hit in provider.discover()]
        starts = [hit for hit in discovered if str(hit.text).startswith("Start: ")]
        assert len(starts) == len(Catalogue().ids())
        hits[0].command()
        await pilot.pause()
        screen = session(app)
        assert screen.run.plan.id == "box"
        # While a session runs, another one cannot be started over it.
        app.start_id("wall")
        await pilot.pause()
        assert session(app).run.plan.id == "box"


@pytest.mark.app
async def test_h_opens_the_history_screen_and_escape_returns(safety_seen: None) -> None:
    from breathe.history.access import StoreView
    from breathe.history.store import HistoryStore
    from breathe.ui.screens.history import HistoryScreen

    store = HistoryStore.open()
    store.close()
    app = make_app(hooks={"history": StoreView.open})
    async with app.run_test() as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def _colours(svg: str) -> set[str]:
    """Colours the terminal area of a screenshot uses (not the window's title-bar buttons)."""
    return set(re.findall(r"fill: (#[0-9a-f]{6})", svg)) | set(
        re.findall(r'<rect fill="(#[0-9a-f]{6})"', svg)
    )


def _is_grey(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 4


@pytest.mark.app
@pytest.mark.parametrize("no_color", [True, False])
async def test_no_color_leaves_only_greys(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 5)
        colours = _colours(app.export_screenshot())
    assert app.no_color is no_color
    assert all(_is_grey(c) for c in colours) is no_color


def test_minutes_dose_adjusts_in_whole_minutes() -> None:
    from breathe.core.engine import Dose
    from breathe.core.home_choices import adjust_amount, adjust_sets

    dose = Dose(minutes=Fraction(5))
    assert adjust_amount(dose, 1).minutes == 6
    assert adjust_amount(Dose(minutes=Fraction(1)), -1).minutes == 1
    assert adjust_amount(Dose(breaths=1), -1).breaths == 1
    more = adjust_sets(Dose(breaths=4), 1)
    assert more.sets == 2 and more.rest_seconds > 0


@pytest.mark.app
async def test_frames_repaint_the_bar_and_leave_unchanged_labels_alone(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 1.1)
        updates: list[str] = []
        original = Static.update

        def counting(self: Static, *args: Any, **kwargs: Any) -> None:
            updates.append(self.id or "")
            original(self, *args, **kwargs)

        monkeypatch.setattr(Static, "update", counting)
        bar = app.screen.query_one(BreathBar)
        before = bar.repaints
        for frame in range(1, 25):  # 24 frames within the same whole second
            await at(app, clock, pilot, 3 + 1.1 + frame / 30)
        assert bar.repaints - before == 24
        assert updates == []
        await at(app, clock, pilot, 3 + 2.05)  # next second: the countdowns change
        assert sorted(updates) == ["phase-detail", "session-stats"]


@pytest.mark.app
async def test_no_drift_at_the_end_of_a_30_minute_session(safety_seen: None) -> None:
    clock = FakeClock()
    long = plan("resonance", minutes=Fraction(30))
    app = make_app(long, clock)
    async with app.run_test() as pilot:
        t = 0.0
        while t + 37.3 < 1799:  # irregular frames, as a busy machine would deliver them
            t += 37.3
            await at(app, clock, pilot, t)
        await at(app, clock, pilot, 1799.5)
        screen = session(app)
        expected = long.schedule.at(1799.5)
        assert screen.state == expected
        assert text(app, "#session-stats").startswith(
            f"breath {expected.breath} of {expected.breaths_per_set}  ·  29:56 elapsed"
        )
        await at(app, clock, pilot, long.schedule.total + 0.01)
        assert isinstance(app.screen, SummaryScreen)
        assert "Time     30:00" in text(app, "#summary-facts")  # the count-in is not counted


@pytest.mark.app
async def test_a_session_from_the_list_returns_to_the_list(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(None, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.start_plan(plan("4-7-8", breaths=1))
        await pilot.pause()
        await at(app, clock, pilot, 3 + 19 + 0.01)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter", "enter")  # skip the rating, then back to the list
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.return_code is None


@pytest.mark.app
async def test_k_keeps_a_routine_adjustment_for_the_next_app(safety_seen: None) -> None:
    services = FakeServices()  # the same services for both apps: "the next run"
    app = make_app(services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select("between-sets")
        await pilot.press("plus", "right_square_bracket")  # 6 breaths, 5 sets
        home.select("pre-run")
        await pilot.press("plus", "plus", "enter")  # wall: 6 breaths x 3, for now only
        home.select("between-sets")
        await pilot.press("k")
        await pilot.pause()
    assert set(services.kept_routines()) == {"between-sets"}
    app = make_app(services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        plan = home.state.plan_for("between-sets")
        assert plan.planned.startswith("6 breaths") and len(plan.schedule.blocks) == 5
        assert home.state.plan_for("pre-run").planned == "4 breaths x 3 then 5 breaths x 2"
        home.select("between-sets")
        home.state.choices["between-sets"] = home.state.defaults["between-sets"]
        await pilot.press("k")  # back at its default: forgotten
        await pilot.pause()
    assert services.kept_routines() == {}
