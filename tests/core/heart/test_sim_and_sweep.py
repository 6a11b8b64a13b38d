"""The simulated strap follows the pacer, is seeded, and a pure sweep over it finds the
resonance it was given."""

from __future__ import annotations

import pytest

from breathe.core.heart import sweep
from breathe.core.heart.beats import BeatClock
from breathe.core.heart.figures import swings
from breathe.core.heart.sim import BoundaryPacer, SimulatedStrap, SteadyPacer, half_swing
from breathe.core.heart.sweep import RateFigures


def test_same_seed_same_beats_other_seed_other_beats() -> None:
    a = SimulatedStrap(SteadyPacer(6.0), seed=3).until(60.0)
    b = SimulatedStrap(SteadyPacer(6.0), seed=3).until(60.0)
    c = SimulatedStrap(SteadyPacer(6.0), seed=4).until(60.0)
    assert a == b
    assert a != c


def test_swing_is_largest_at_the_resonance() -> None:
    at = half_swing(5.5, 5.5)
    assert at > half_swing(5.0, 5.5) > half_swing(4.5, 5.5)
    assert at > half_swing(6.0, 5.5) > half_swing(6.5, 5.5)


def test_heart_rate_rises_with_the_inhale() -> None:
    strap = SimulatedStrap(SteadyPacer(6.0))
    assert strap.heart_rate_at(5.0) > strap.heart_rate_at(0.0)  # half way vs breath start


def test_boundary_pacer_follows_the_breaths() -> None:
    pacer = BoundaryPacer([(0.0, 10.0), (10.0, 22.0)])
    assert pacer.rate_at(5.0) == pytest.approx(6.0)
    assert pacer.rate_at(12.0) == pytest.approx(5.0)
    assert pacer.phase_at(16.0) == pytest.approx(0.5)


def test_ectopic_beats_are_short_long_pairs_the_cleaner_counts() -> None:
    strap = SimulatedStrap(SteadyPacer(6.0), ectopic=0.05, seed=1)
    rr = strap.until(300.0)
    clock = BeatClock()
    clock.add_all(rr)
    assert 0.05 * len(rr) * 0.8 <= clock.artefacts <= 0.05 * len(rr) * 3


def run_sweep(
    resonance: float, ectopic: float, seconds_each: float, seed: int = 0
) -> list[RateFigures]:
    stages = sweep.sweep_stages(seconds_each=seconds_each)
    breaths = [b for stage in stages for b in stage.breaths]
    strap = SimulatedStrap(BoundaryPacer(breaths), resonance=resonance, ectopic=ectopic, seed=seed)
    beats = BeatClock().add_all(strap.until(stages[-1].end))
    return sweep.sweep_figures(stages, beats)


@pytest.mark.parametrize("resonance", [4.5, 5.5, 6.5])
@pytest.mark.parametrize("ectopic", [0.0, 0.05])
def test_sweep_picks_the_given_resonance(resonance: float, ectopic: float) -> None:
    results = run_sweep(resonance, ectopic, seconds_each=60.0)
    assert [r.rate for r in results] == list(sweep.SWEEP_RATES)
    assert sweep.choose_rate(results) == resonance


def test_sweep_leaves_the_first_quarter_out() -> None:
    stage = sweep.sweep_stages(rates=(6.0,), seconds_each=120.0)[0]
    assert len(stage.breaths) == 12
    strap = SimulatedStrap(BoundaryPacer(stage.breaths))
    beats = BeatClock().add_all(strap.until(stage.end))
    figures = sweep.rate_figures(stage, beats)
    assert len(figures.swings) == 9
    assert figures.kept_seconds == pytest.approx(90.0)
    assert len(swings(beats, stage.breaths)) == 12


def fig(rate: float, swing: float, lf: float | None) -> RateFigures:
    return RateFigures(rate, (swing,), lf, 40.0, 0.5, 120.0)


def test_lf_power_breaks_a_tie_in_swing() -> None:
    results = [fig(6.0, 10.02, 5.0), fig(5.5, 9.98, 8.0), fig(5.0, 9.0, 20.0)]
    assert sweep.choose_rate(results) == 5.5
    assert sweep.choose_rate([fig(6.0, 11.0, 1.0), fig(5.5, 10.0, 9.0)]) == 6.0
    assert sweep.choose_rate([RateFigures(6.0, (), None, None, None, 0.0)]) is None


def test_table_and_lines() -> None:
    lines = sweep.sweep_table([fig(5.0, 9.25, 12.5), RateFigures(4.5, (), None, None, None, 60)])
    assert lines[0].split() == ["rate", "swing", "LF", "power", "RMSSD", "peak", "phase"]
    assert lines[1].split() == ["5.0", "9.2", "12.5", "40", "+0.5", "s"]
    assert lines[2].split()[:2] == ["4.5", "–"]
    assert "rough LF" in lines[-1]
    assert "rough" not in "".join(sweep.sweep_table([fig(5.0, 9.0, 1.0)]))
    assert sweep.resonance_line(5.0) == "your resonance rate: 5.0 breaths/min"
    assert (
        sweep.resonance_source_line(5.0, "2026-12-04")
        == "5.0 breaths/min, from your sweep of 2026-12-04"
    )
