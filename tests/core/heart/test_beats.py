"""Beat times from the running sum of RR; the cleaner replaces and counts, never drops silently."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathe.core.heart.beats import MAX_RR_MS, MIN_RR_MS, BeatClock, RRCleaner


def test_beat_times_are_the_running_sum() -> None:
    clock = BeatClock(start=10.0)
    beats = clock.add_all([800.0, 1000.0, 900.0])
    assert [b.t for b in beats] == pytest.approx([10.8, 11.8, 12.7])
    assert [b.bpm for b in beats] == pytest.approx([75.0, 60.0, 60_000 / 900])


def test_ectopic_pair_replaced_by_the_median_and_counted() -> None:
    clock = BeatClock()
    beats = clock.add_all([1000.0] * 5 + [650.0, 1350.0] + [1000.0] * 3)
    assert clock.artefacts == 2
    assert all(b.rr_ms == 1000.0 for b in beats)
    assert [b.artefact for b in beats].count(True) == 2
    assert beats[-1].t == pytest.approx(10.0)  # time keeps the measured intervals


def test_out_of_range_first_interval_is_counted_not_used() -> None:
    clock = BeatClock()
    assert clock.add(3000.0) is None
    assert clock.artefacts == 1
    beat = clock.add(1000.0)
    assert beat is not None and beat.t == pytest.approx(4.0)


def test_range_gate_after_history() -> None:
    cleaner = RRCleaner()
    for _ in range(3):
        cleaner.clean(800.0)
    assert cleaner.clean(200.0) == 800.0
    assert cleaner.clean(2500.0) == 800.0
    assert cleaner.artefacts == 2


def test_gradual_change_is_followed_not_flagged() -> None:
    cleaner = RRCleaner()
    rr = 1000.0
    for _ in range(60):
        rr *= 0.99
        assert cleaner.clean(rr) == rr
    assert cleaner.artefacts == 0


@given(st.lists(st.floats(0.0, 5000.0), max_size=80))
def test_cleaned_beats_are_in_range_and_artefacts_add_up(rr: list[float]) -> None:
    clock = BeatClock()
    beats = clock.add_all(rr)
    assert all(MIN_RR_MS <= b.rr_ms <= MAX_RR_MS for b in beats)
    dropped = len(rr) - len(beats)
    assert clock.artefacts == dropped + sum(b.artefact for b in beats)
    assert clock.t == pytest.approx(sum(rr) / 1000.0)


@given(st.lists(st.floats(MIN_RR_MS, MAX_RR_MS), min_size=1, max_size=80))
def test_in_range_intervals_are_replaced_never_dropped(rr: list[float]) -> None:
    beats = BeatClock().add_all(rr)
    assert len(beats) == len(rr)  # nothing in range is dropped, only replaced
    for b in beats:
        assert b.artefact == (b.rr_ms != b.raw_ms)
