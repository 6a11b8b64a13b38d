"""The heart wired into sessions: `--hr` and `hr = "…"`, the listener, plain mode's words."""

from __future__ import annotations

import argparse
import asyncio
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from breathe.cli.argtypes import add_hr_option
from breathe.cli.run_options import run_options
from breathe.config.model import Settings
from breathe.config.values import Invalid, as_hr
from breathe.core.catalogue import Catalogue
from breathe.core.heart.packet import Measurement
from breathe.core.plan import DoseChoice, SessionPlan, plan_session
from breathe.core.session import SessionRun
from breathe.services.heart import HeartFeed, HeartWatch, breath_bounds
from breathe.system.heart_sources import HeartListener
from tests.helpers.cli import run_main

QUICK = ["--plain", "--no-sound", "--pattern", "1-0-1-0", "--breaths", "2", "--lead-in", "0"]


def _plan(pattern: str = "2-1-3-1", breaths: int = 3) -> SessionPlan:
    return plan_session(
        Catalogue(),
        "wall",
        DoseChoice(breaths=breaths),
        pattern=pattern,
        lead_in=Fraction(2),
    )


def test_hr_flag_wins_over_setting() -> None:
    parser = argparse.ArgumentParser()
    add_hr_option(parser)
    assert run_options(parser.parse_args([]), Settings()).hr == "auto"
    assert run_options(parser.parse_args([]), Settings(hr="sim:5")).hr == "sim:5"
    assert run_options(parser.parse_args(["--hr", "off"]), Settings(hr="sim")).hr == "off"
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["--hr", "sim:fast"])
    assert exc.value.code == 2


def test_hr_setting_is_checked_like_the_flag() -> None:
    assert as_hr(" sim:6 ") == "sim:6"
    with pytest.raises(Invalid, match="sim:RATE"):
        as_hr("sim:99")
    with pytest.raises(Invalid):
        as_hr(3)


def test_breath_bounds_follow_the_schedule() -> None:
    plan = _plan()
    bounds = breath_bounds(plan.schedule)
    # lead-in 2 s, then inhale 2, hold 1, exhale 3, rest 1: a breath ends with its exhale
    assert bounds == [(2, 8), (9, 15), (16, 22)]


class _Told:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)


def test_watch_closes_breaths_on_the_runs_own_boundaries() -> None:
    plan = _plan()
    now = [0.0]
    run = SessionRun(plan, get_time=lambda: now[0])
    feed = HeartFeed("sim", _Told())
    watch = feed.listener(run)
    assert isinstance(watch, HeartWatch)
    watch._bounds = breath_bounds(run.schedule)
    run.add_listener(watch)
    watch._run = run
    run.clock.start()
    # beats at 60 bpm rising to 75 inside the first breath (2 s to 8 s)
    for rr in (1000, 1000, 950, 900, 850, 800, 850, 900, 1000):
        now[0] += rr / 1000
        watch.on_measurement(Measurement(bpm=60, contact=True, rr_ms=(float(rr),)))
    now[0] = 8.5
    run.poll()
    assert watch.tracker.breath_swings and watch.tracker.breath_swings[0] > 0
    assert "swing" in watch.plain_suffix()


def test_lost_and_back_are_said_once_each() -> None:
    told = _Told()
    watch = HeartWatch(object(), told)  # type: ignore[arg-type]
    for state in ("connecting", "connected", "lost", "lost", "connected"):
        watch.on_state(state)
    assert told.lines == ["heart: strap lost, reconnecting…", "heart: strap connected"]
    assert watch.view().state == "connected"


def test_auto_without_the_extra_runs_without_heart_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from breathe.system import heart_strap

    monkeypatch.setattr(
        heart_strap, "remembered_strap", lambda _p: heart_strap.StrapDevice("AA", "H10")
    )
    import breathe.system.heart_sources as sources

    monkeypatch.setattr(sources, "remembered_strap", heart_strap.remembered_strap)

    monkeypatch.setitem(sys.modules, "bleak", None)  # an import of it fails
    told = _Told()
    feed = HeartFeed("auto", told)
    plan = _plan()
    assert feed.source(plan.schedule) is None
    assert feed.source(plan.schedule) is None
    assert len(told.lines) == 1 and "pip install" in told.lines[0]


def test_source_runs_as_a_task_in_the_callers_loop() -> None:
    """The app's way: `starting` called inside a running loop makes a task there."""
    beats = [0]

    class Source:
        async def run(self, listener: HeartListener) -> None:
            listener.on_state("connected")
            for _ in range(3):
                await asyncio.sleep(0)
                listener.on_measurement(Measurement(bpm=75, contact=True, rr_ms=(800.0,)))
                beats[0] += 1

    async def main() -> HeartWatch:
        watch = HeartWatch(Source(), _Told())
        run = SessionRun(_plan())
        watch.starting(run)
        assert watch._thread is None and watch._task is not None
        await asyncio.sleep(0.05)
        watch.stop()
        return watch

    watch = asyncio.run(main())
    assert beats[0] == 3
    assert watch.view().line.startswith("75 bpm")


@pytest.mark.device  # a real-time plain session of a few seconds
def test_replayed_800ms_file_shows_75_bpm_in_plain_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rr = tmp_path / "rr.txt"
    rr.write_text("800\n" * 20)
    code, out, _err = run_main(["run", "wall", *QUICK, "--hr", str(rr)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[2].endswith("75 bpm · swing 0"), out
    assert lines[-1].startswith("heart 75 bpm mean"), out
    assert "0 artefacts corrected" in lines[-1]


def test_bad_file_or_strap_without_extra_starts_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rr.txt"
    bad.write_text("800\nabc\n")
    code, out, err = run_main(["run", "wall", *QUICK, "--hr", str(bad)], capsys)
    assert (code, out) == (1, "")
    assert err.strip().endswith("rr.txt:2: interval 'abc' is not a number")
    code, out, err = run_main(["run", "wall", *QUICK, "--hr", str(tmp_path / "none")], capsys)
    assert (code, out) == (1, "")
    assert not (tmp_path / "user-data" / "history.sqlite3").exists()


def test_strap_without_the_extra_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "bleak", None)  # an import of it fails
    code, out, err = run_main(["run", "wall", *QUICK, "--hr", "strap"], capsys)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and 'pip install "breathe-coach[hr]"' in err


@pytest.mark.device  # a real-time plain session of a few seconds
@pytest.mark.parametrize("hr", ["off", "auto"])
def test_off_or_auto_without_a_strap_loads_nothing_of_the_heart(
    hr: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m.startswith("breathe.services.heart")]:
        del sys.modules[name]
    code, out, _ = run_main(["run", "wall", *QUICK, "--hr", hr], capsys)
    assert code == 0 and "bpm" not in out
    assert "breathe.services.heart" not in sys.modules


def test_the_strap_memory_is_where_the_strap_adapter_keeps_it() -> None:
    from breathe.cli.run import STRAP_MEMORY_NAME
    from breathe.system.heart_strap import strap_memory_file

    assert strap_memory_file().name == STRAP_MEMORY_NAME


def _fake_strap(monkeypatch: pytest.MonkeyPatch, **air: object) -> object:
    """The real strap adapter on the fake bleak (imported as `bleak`), beats of 800 ms."""
    from tests.system.fake_bleak import Air, FakeClock, make_bleak

    radio = Air(FakeClock(), [800.0] * 200, **air)  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "bleak", make_bleak(radio))
    return radio


def test_strap_not_found_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_strap(monkeypatch, devices=[])
    code, out, err = run_main(["run", "wall", *QUICK, "--hr", "strap"], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("breathe: no heart-rate strap found in 10 s") and err.count("\n") == 1
    assert not (tmp_path / "user-data" / "history.sqlite3").exists()


def test_bluetooth_off_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.system.fake_bleak import (
        BleakBluetoothNotAvailableError,
        BleakBluetoothNotAvailableReason,
    )

    off = BleakBluetoothNotAvailableError("off", BleakBluetoothNotAvailableReason.POWERED_OFF)
    _fake_strap(monkeypatch, scan_error=off)
    code, out, err = run_main(["run", "wall", *QUICK, "--hr", "strap"], capsys)
    assert (code, out) == (1, "")
    assert err == "breathe: Bluetooth is off: turn it on and try again\n"


@pytest.mark.device  # a real-time plain session of a few seconds
def test_auto_with_a_remembered_strap_not_about_runs_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from breathe.system.heart_strap import StrapDevice, remember_strap, strap_memory_file

    remember_strap(strap_memory_file(), StrapDevice("AA:BB", "H10"))
    _fake_strap(monkeypatch, devices=[])
    code, out, _ = run_main(["run", "wall", *QUICK], capsys)
    assert code == 0
    told = [line for line in out.splitlines() if line.startswith("heart:")]
    assert len(told) == 1 and "no heart-rate strap found" in told[0]
    assert "bpm" not in out


@pytest.mark.device  # a real-time plain session of a few seconds
def test_a_strap_session_in_plain_mode(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    radio = _fake_strap(monkeypatch)
    code, out, _ = run_main(["run", "wall", *QUICK, "--hr", "strap"], capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[2].endswith("75 bpm · swing 0"), out
    assert lines[-1].startswith("heart 75 bpm mean"), out
    # looked for before the session (nothing connected then), then connected in it
    assert (radio.by_filter, radio.connects) == (2, 1)  # type: ignore[attr-defined]


def test_the_watch_gives_the_history_its_beats_and_figures() -> None:
    watch = HeartWatch(object(), _Told())  # type: ignore[arg-type]
    assert watch.figures() is None and watch.beats_since(0) == []
    watch.on_measurement(Measurement(bpm=72, contact=True, rr_ms=()))  # an optical sensor
    optical = watch.figures()
    assert optical is not None and (optical.bpm, optical.beats, optical.rmssd_ms) == (72, 0, None)
    for rr in (800.0, 810.0, 790.0):
        watch.on_measurement(Measurement(bpm=75, contact=True, rr_ms=(rr,)))
    assert [rr for _, rr in watch.beats_since(1)] == [810.0, 790.0]
    times = [t for t, _ in watch.beats_since(0)]
    assert times == sorted(times) and times[2] - times[1] == pytest.approx(0.79)
    figures = watch.figures()
    assert figures is not None and figures.beats == 3
    assert figures.bpm == pytest.approx(75.0)
    assert figures.rmssd_ms == pytest.approx(((10**2 + 20**2) / 2) ** 0.5)
