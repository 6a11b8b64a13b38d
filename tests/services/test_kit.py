"""The session kit: the same listeners, in the same order, for plain mode and the app."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest

from breathe.audio.listener import AudioCues
from breathe.audio.player import SilentPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.history.recorder import HistoryRecorder
from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.kit import KeepAwakeListener, KitNotices, SessionKit
from breathe.services.options import AudioChoice
from breathe.services.plain_kit import plain_kit
from breathe.system.trace import TraceListener
from tests.helpers.clock import FakeClock


def a_run() -> SessionRun:
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=1), lead_in=Fraction(0))
    return SessionRun(plan, get_time=FakeClock())


def test_the_record_comes_first_then_cues_keep_awake_and_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHE_TRACE", str(tmp_path / "trace.jsonl"))
    plain = plain_kit(
        io.StringIO(), io.StringIO(), backend="bell", volume=40, guide=False, voice=False
    )
    app = SessionServices(AudioChoice("bell", 40, muted=True))
    try:
        for listeners in (plain.listeners(a_run()), list(app.listeners(a_run()))):
            assert isinstance(listeners[0], HistoryRecorder)
            assert isinstance(listeners[1], AudioCues)
            assert isinstance(listeners[2], KeepAwakeListener)
            assert isinstance(listeners[3], TraceListener)
            assert len(listeners) == 4
    finally:
        plain.close()
        app.close()


def test_with_the_sound_off_neither_face_loads_the_cues(tmp_path: Path) -> None:
    """`--no-sound`: no cues, so neither the audio stack nor the guide's sounds (~4 MiB)."""
    plain = plain_kit(
        io.StringIO(), io.StringIO(), backend="off", volume=40, guide=True, voice=False
    )
    app = SessionServices(AudioChoice("off", 40, muted=False, guide=True))
    try:
        for kit in (plain, app.kit):
            run = a_run()
            listeners = kit.listeners(run)
            assert [type(each) for each in listeners[:2]] == [HistoryRecorder, KeepAwakeListener]
            for listener in listeners:
                run.add_listener(listener)
            run.start()
            run.finish("ended_early")
            assert kit.cues is None
            assert kit.recording
    finally:
        plain.close()
        app.close()
    assert app.sound_status() == "sound off"


def test_the_answers_after_a_session_are_saved_through_its_record() -> None:
    told: list[str] = []
    kit = SessionKit(lambda: SilentPlayer(), KitNotices(warning=told.append), tension_before=6)
    run = a_run()
    for listener in kit.listeners(run):
        run.add_listener(listener)
    run.start()
    run.finish("ended_early")
    assert kit.recording
    assert kit.rate(3) and kit.pace_check("hard")
    kit.close()
    assert told == []
    with HistoryStore.open() as store:
        (record,) = store.sessions()
    assert (record.tension_before, record.tension_after, record.felt) == (6, 3, "hard")


def test_an_answer_without_a_record_is_one_notice() -> None:
    told: list[str] = []
    kit = SessionKit(lambda: SilentPlayer(), KitNotices(warning=told.append))
    assert not kit.rate(3)
    assert told == ["The rating could not be saved: this session was not recorded."]


def test_tension_before_goes_with_the_next_session_only() -> None:
    kit = SessionKit(lambda: SilentPlayer(), KitNotices(), tension_before=4)
    first = kit.listeners(a_run())[0]
    second = kit.listeners(a_run())[0]
    assert isinstance(first, HistoryRecorder) and isinstance(second, HistoryRecorder)
    assert (first.tension_before, second.tension_before) == (4, None)
    kit.close()
