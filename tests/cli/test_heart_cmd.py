"""`breathe heart test|scan|sweep` and the `resonance` exercise at the swept rate."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import pytest

from breathe.cli.heart_sweep import sweep_plan, sweep_result, sweep_stages_of
from breathe.cli.resonance_kept import keep_resonance, kept_resonance, rate_pattern
from breathe.core.heart.sim import SimulatedStrap
from breathe.core.heart.tracker import HeartTracker
from breathe.core.pattern import Pattern
from breathe.services.heart import pacer_for
from tests.helpers.cli import run_main


@pytest.mark.device  # real time
def test_heart_test_shows_live_beats_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rr = tmp_path / "rr.txt"
    rr.write_text("800\n" * 10)
    code, out, _ = run_main(["heart", "test", "--hr", str(rr), "--seconds", "2"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert "75 bpm  rr 800 ms" in lines[1]
    assert lines[-1].startswith("heart 75 bpm mean")


@pytest.mark.parametrize("action", ["test", "scan"])
def test_strap_commands_without_the_extra_are_one_line(
    action: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "bleak", None)  # an import of it fails
    code, out, err = run_main(["heart", action, "--seconds", "1"], capsys)
    assert (code, out) == (1, "")
    assert err == 'breathe: heart-rate straps need the hr extra: pip install "breathe-coach[hr]"\n'


def test_sweep_without_a_source_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["heart", "sweep", "--hr", "off"], capsys)
    assert code == 1 and "needs heart data" in err


def test_sweep_plan_paces_each_rate() -> None:
    plan = sweep_plan(Fraction(1), Fraction(0))
    stages = sweep_stages_of(plan)
    assert [s.rate for s in stages] == [6.5, 6.0, 5.5, 5.0, 4.5]
    for stage in stages:
        start, end = stage.breaths[0]
        assert end - start == pytest.approx(60 / stage.rate, abs=0.02)
        assert len(stage.breaths) == round(stage.rate)  # one minute of whole breaths
    assert rate_pattern(5.0) == "4.80-0-7.20-0"


@pytest.mark.parametrize("resonance", [4.5, 5.0, 5.5, 6.0, 6.5])
@pytest.mark.parametrize("minutes", [Fraction(1, 2), Fraction(2)])
def test_sweep_of_the_simulated_strap_picks_its_resonance(
    resonance: float, minutes: Fraction
) -> None:
    """The sweep's own plan and analysis, the sim's beats given at once (no real time)."""
    plan = sweep_plan(minutes, Fraction(0))
    strap = SimulatedStrap(pacer_for(plan.schedule), resonance=resonance, seed=3)
    tracker = HeartTracker()
    elapsed = 0.0
    for rr in strap.intervals():
        tracker.add_intervals([rr])
        elapsed += rr / 1000
        if elapsed > plan.schedule.total:
            break
    lines, rate = sweep_result(plan, tracker.beats)
    assert rate == resonance
    assert lines[0].split() == ["rate", "swing", "LF", "power", "RMSSD", "peak", "phase"]


@pytest.mark.device  # real time
def test_resonance_exercise_paces_at_the_swept_rate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    assert kept_resonance() is None
    keep_resonance(5.0, dt.date(2026, 12, 4))
    assert kept_resonance() == (5.0, "2026-12-04")
    argv = ["run", "resonance", "--plain", "--no-sound", "--breaths", "1", "--lead-in", "0"]
    argv += ["--hr", "off", "--no-progress"]
    code, out, _ = run_main([*argv, "--pattern", "1-0-1-0"], capsys)
    assert code == 0 and "sweep" not in out  # a pattern given wins
    plan_lines: list[object] = []
    from breathe.cli import plain

    def no_wait(run: object, *args: object, **kwargs: object) -> object:
        plan_lines.append(run)
        raise KeyboardInterrupt

    # the line and the pattern, without waiting 12 s for the breath
    monkeypatch.setattr(plain, "run_plain", no_wait)
    code, out, _ = run_main(argv, capsys)
    assert out.splitlines()[0] == "resonance: 5.0 breaths/min, from your sweep of 2026-12-04"
    segments = plan_lines[0].plan.schedule.segments  # type: ignore[attr-defined]
    assert [float(s.seconds) for s in segments[:2]] == [4.8, 7.2]
    cue = plan_lines[0].plan.exercises[0].cue  # type: ignore[attr-defined]
    assert cue.endswith("5.0 breaths/min, from your sweep of 2026-12-04.")


def test_the_app_paces_resonance_at_the_swept_rate() -> None:
    import datetime as dt

    from breathe.cli.resonance_kept import swept_resonance, with_swept_resonance
    from breathe.core.catalogue import Catalogue

    assert with_swept_resonance(Catalogue()) == (Catalogue(), None)
    assert swept_resonance(Catalogue()) == (Catalogue(), None)
    keep_resonance(4.5, dt.date(2026, 12, 4))
    catalogue, line = with_swept_resonance(Catalogue())
    assert swept_resonance(Catalogue()) == (catalogue, line)  # the run's cheap look first
    assert line == "4.5 breaths/min, from your sweep of 2026-12-04"
    swept = catalogue.exercise("resonance")
    assert swept is not None and line in swept.cue
    assert swept.pattern == Pattern.parse("5.33-0-8.00-0")
    assert catalogue.exercise("wall") == Catalogue().exercise("wall")


@pytest.mark.device
def test_real_time_sweep_of_the_simulated_strap(capsys: pytest.CaptureFixture[str]) -> None:
    """The whole command in real time (about two and a half minutes)."""
    argv = ["heart", "sweep", "--hr", "sim:5.0", "--minutes", "0.5", "--plain", "--no-sound"]
    code, out, _ = run_main([*argv, "--lead-in", "0"], capsys)
    assert code == 0, out
    assert out.splitlines()[-1] == "your resonance rate: 5.0 breaths/min"
    assert kept_resonance() is not None


def test_scan_lists_the_straps_and_remembers_the_only_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from breathe.system.heart_strap import StrapDevice, remembered_strap, strap_memory_file
    from tests.system.fake_bleak import Air, Device, FakeClock, make_bleak

    radio = Air(FakeClock(), [800.0], devices=[Device("AA:BB", "Polar H10")])
    monkeypatch.setitem(sys.modules, "bleak", make_bleak(radio))
    code, out, _ = run_main(["heart", "scan"], capsys)
    assert code == 0
    assert out.splitlines() == ["1. Polar H10  AA:BB", "remembered Polar H10 for this machine"]
    assert remembered_strap(strap_memory_file()) == StrapDevice("AA:BB", "Polar H10")
    radio.devices = []
    code, _, err = run_main(["heart", "scan"], capsys)
    assert code == 1 and err.startswith("breathe: no heart-rate strap found")


def test_heart_test_on_a_strap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.system.fake_bleak import Air, FakeClock, make_bleak

    radio = Air(FakeClock(), [800.0] * 5)
    monkeypatch.setitem(sys.modules, "bleak", make_bleak(radio))
    code, out, _ = run_main(["heart", "test", "--hr", "strap", "--seconds", "0.5"], capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[:2] == ["heart: connecting to the strap…", "heart: strap connected"]
    assert sum("75 bpm  rr 800 ms" in line for line in lines) == 5
    assert lines[-1].startswith("heart 75 bpm mean")
