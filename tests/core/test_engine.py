"""The engine's promises, checked exactly: contiguity, totals, progress, pauses, doses."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from breathe.core.engine import (
    Block,
    Dose,
    ExhaleStyle,
    Pattern,
    PhaseKind,
    Schedule,
    ScheduleError,
    SegmentKind,
    SessionClock,
)

# Seconds in quarter steps up to 12 s keep examples small and exact in binary floats too.
seconds = st.integers(min_value=0, max_value=48).map(lambda q: Fraction(q, 4))
positive = st.integers(min_value=1, max_value=48).map(lambda q: Fraction(q, 4))


@st.composite
def patterns(draw: st.DrawFn) -> Pattern:
    inhale = draw(st.lists(positive, min_size=1, max_size=2))
    hold = draw(st.lists(seconds, min_size=1, max_size=1))
    exhale = draw(st.lists(positive, min_size=1, max_size=2))
    rest = draw(st.lists(seconds, min_size=1, max_size=1))
    return Pattern.from_groups([inhale, hold, exhale, rest])


@st.composite
def doses(draw: st.DrawFn) -> Dose:
    sets = draw(st.integers(1, 4))
    rest = draw(st.integers(0, 30))
    if draw(st.booleans()):
        return Dose(breaths=draw(st.integers(1, 8)), sets=sets, rest_seconds=Fraction(rest))
    minutes = Fraction(draw(st.integers(1, 12)), 4)
    return Dose(minutes=minutes, sets=sets, rest_seconds=Fraction(rest))


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    blocks = [
        Block(draw(patterns()), draw(doses()), ExhaleStyle.HUM, Fraction(draw(st.integers(0, 9))))
        for _ in range(draw(st.integers(1, 2)))
    ]
    return Schedule(blocks, lead_in=draw(st.integers(0, 5)))


def expected_total(schedule: Schedule) -> Fraction:
    total = schedule.lead_in
    for i, b in enumerate(schedule.blocks):
        per_set = b.dose.breaths_per_set(b.pattern)
        total += b.dose.sets * per_set * b.pattern.cycle_seconds
        total += (b.dose.sets - 1) * b.dose.rest_seconds
        if i:
            total += b.transition_seconds
    return total


@given(schedules())
def test_segments_are_contiguous_and_sum_to_the_total(schedule: Schedule) -> None:
    segs = schedule.segments
    assert segs[0].start == 0
    for a, b in itertools.pairwise(segs):
        assert a.end == b.start
        assert a.end > a.start
    assert segs[-1].end == schedule.total
    assert schedule.total == float(expected_total(schedule))


@given(schedules(), st.data())
def test_progress_rises_within_a_phase(schedule: Schedule, data: st.DataObject) -> None:
    seg = data.draw(st.sampled_from(schedule.segments))
    a, b = sorted(data.draw(st.lists(st.floats(0, 1), min_size=2, max_size=2)))
    t1 = seg.start + a * (seg.end - seg.start) * 0.999
    t2 = seg.start + b * (seg.end - seg.start) * 0.999
    s1, s2 = schedule.at(t1), schedule.at(t2)
    assert s1.segment == seg == s2.segment
    assert 0 <= s1.progress <= s2.progress <= 1
    assert s1.phase_left >= s2.phase_left >= 0
    assert s1.total_left == pytest.approx(schedule.total - t1)


@given(schedules())
def test_each_boundary_starts_the_next_segment(schedule: Schedule) -> None:
    for seg in schedule.segments:
        state = schedule.at(seg.start)
        assert state.segment == seg
        assert state.progress == 0
        assert not state.done
    end = schedule.at(schedule.total)
    assert end.done and end.total_left == 0
    assert end.breaths_completed == schedule.total_breaths


@given(
    schedules(),
    st.floats(0, 1, exclude_max=True),
    st.floats(0.5, 600),
    st.floats(0, 1e6),
)
def test_pause_and_resume_leave_the_rest_intact(
    schedule: Schedule, when: float, pause: float, t0: float
) -> None:
    now = [t0]
    clock = SessionClock(lambda: now[0])
    clock.start()
    now[0] += when * schedule.total
    before = schedule.at(clock.elapsed())
    clock.pause()
    now[0] += pause
    assert schedule.at(clock.elapsed()) == before  # frozen while paused
    clock.resume()
    assert clock.elapsed() == pytest.approx(before.elapsed, abs=1e-6)
    # The end comes exactly `pause` seconds later than it would have without the pause.
    remaining = schedule.total - clock.elapsed()
    assert clock.instant_of(schedule.total) == pytest.approx(t0 + schedule.total + pause)
    assert remaining == pytest.approx(schedule.total - when * schedule.total)
    assert clock.paused_seconds() == pytest.approx(pause)


@given(patterns(), st.integers(1, 40).map(lambda q: Fraction(q, 4)))
def test_a_minutes_dose_ends_on_a_whole_breath(pattern: Pattern, minutes: Fraction) -> None:
    assume(math.ceil(minutes * 60 / pattern.cycle_seconds) <= 1000)  # the per-set cap
    schedule = Schedule([Block(pattern, Dose(minutes=minutes), ExhaleStyle.HA)], lead_in=0)
    breathing = Fraction(schedule.total).limit_denominator(1000)
    cycles = breathing / pattern.cycle_seconds
    assert cycles.denominator == 1
    assert breathing >= minutes * 60
    assert breathing < minutes * 60 + pattern.cycle_seconds
    last = schedule.segments[-1]
    assert last.kind.value == pattern.phases[-1].kind.value


@settings(max_examples=50, deadline=None)
@given(schedules(), st.lists(st.floats(0.01, 0.2), min_size=1, max_size=20))
def test_boundaries_do_not_depend_on_the_frame_rate(
    schedule: Schedule, frames: list[float]
) -> None:
    """Polling at uneven intervals finds every boundary at its scheduled instant."""
    t, i = 0.0, 0
    seen: dict[int, float] = {}
    while t < schedule.total:
        seg = schedule.at(t).segment
        seen.setdefault(seg.index, t)
        t += frames[i % len(frames)]
        i += 1
    for index, first_seen in seen.items():
        seg = schedule.segments[index]
        assert seg.start <= first_seen < seg.start + 0.2 + 1e-9


def test_double_inhale_and_zero_phases_are_dropped() -> None:
    p = Pattern.parse("2+0.5-0-5-0")
    assert [(ph.kind, float(ph.seconds)) for ph in p.phases] == [
        (PhaseKind.INHALE, 2.0),
        (PhaseKind.INHALE, 0.5),
        (PhaseKind.EXHALE, 5.0),
    ]
    assert p.text == "2+0.5-0-5-0"
    assert p.cadence == "2+0.5 · 0 · 5 · 0"
    assert p.cycle_seconds == Fraction(15, 2)


def test_a_double_inhale_is_one_breath() -> None:
    s = Schedule([Block(Pattern.parse("2+0.5-0-5-0"), Dose(breaths=2), ExhaleStyle.HA)], 0)
    kinds = [(seg.kind, seg.breath) for seg in s.segments]
    assert kinds == [
        (SegmentKind.INHALE, 1),
        (SegmentKind.INHALE, 1),
        (SegmentKind.EXHALE, 1),
        (SegmentKind.INHALE, 2),
        (SegmentKind.INHALE, 2),
        (SegmentKind.EXHALE, 2),
    ]
    assert s.total_breaths == 2
    assert s.at(7.4).breaths_completed == 0
    assert s.at(7.5).breaths_completed == 1


def test_sets_rest_between_but_not_after() -> None:
    s = Schedule(
        [
            Block(
                Pattern.parse("3-0-6-3"),
                Dose(breaths=4, sets=3, rest_seconds=Fraction(15)),
                ExhaleStyle.HA,
            )
        ],
        lead_in=3,
    )
    rests = [seg for seg in s.segments if seg.kind is SegmentKind.SET_REST]
    assert [(r.start, r.set) for r in rests] == [(3 + 48, 1), (3 + 48 + 15 + 48, 2)]
    assert s.total == 3 + 3 * 48 + 2 * 15
    assert s.segments[-1].kind is SegmentKind.REST
    state = s.at(3 + 48 + 15 + 1)
    assert (state.breath, state.set, state.sets, state.breaths_per_set) == (1, 2, 3, 4)


def test_hooklying_five_minutes_is_22_breaths() -> None:
    s = Schedule([Block(Pattern.parse("4-0-8-2"), Dose(minutes=Fraction(5)), ExhaleStyle.HUM)])
    assert s.total_breaths == math.ceil(300 / 14) == 22
    assert s.total == 3 + 22 * 14


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4-x-8", "'x' is not a number of seconds"),
        ("4--8", "an empty part"),
        ("-1-2-3-0", "cannot be negative"),
        ("0-0-0-0", "needs an inhale and an exhale"),
        ("4-0-0-0", "needs an inhale and an exhale"),
        ("121-0-4-0", "longer than the 120 s limit"),
        ("4", "expected 2 to 4 parts"),
        ("1-2-3-4-5", "expected 2 to 4 parts"),
        ("4-1/0-4-0", "not a number of seconds"),
    ],
)
def test_malformed_patterns_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message.replace("(", r"\(")):
        Pattern.parse(text)


def test_short_forms() -> None:
    assert Pattern.parse("4-6").text == "4-0-6-0"
    assert Pattern.parse("4-7-8").text == "4-7-8-0"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"breaths": 0},
        {"breaths": 3, "minutes": Fraction(1)},
        {},
        {"breaths": 3, "sets": 0},
        {"minutes": Fraction(0)},
    ],
)
def test_bad_doses_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ScheduleError):
        Dose(**kwargs)  # type: ignore[arg-type]


def test_sessions_over_four_hours_are_refused() -> None:
    with pytest.raises(ScheduleError, match="over the 4 hour limit"):
        Schedule([Block(Pattern.parse("120-0-120-0"), Dose(breaths=61), ExhaleStyle.HA)])


def test_clock_reads_nothing_before_start_and_freezes_when_paused() -> None:
    now = [100.0]
    clock = SessionClock(lambda: now[0])
    assert clock.elapsed() == 0
    clock.start()
    now[0] = 104.0
    assert clock.toggle() is True
    now[0] = 110.0
    assert clock.elapsed() == 4.0
    assert clock.paused_seconds() == 6.0
    assert clock.toggle() is False
    now[0] = 111.0
    assert clock.elapsed() == 5.0


def test_a_minutes_dose_over_the_breath_cap_is_refused() -> None:
    with pytest.raises(ScheduleError, match="is 1020 breaths a set; at most 1000"):
        Schedule([Block(Pattern.parse("0.25-0.25"), Dose(minutes=Fraction(17, 2)), ExhaleStyle.HA)])
