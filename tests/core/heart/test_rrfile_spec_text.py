"""RR files (three shapes, located errors), the source spec, the heart wording and tracker."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathe.core.heart.packet import Measurement
from breathe.core.heart.rrfile import RRFileError, parse_rr_text
from breathe.core.heart.spec import SourceSpec, parse_source
from breathe.core.heart.text import heart_line, plain_suffix, state_words, summary_line
from breathe.core.heart.tracker import HeartTracker


def test_one_interval_per_line_with_comments_and_blanks() -> None:
    record = parse_rr_text("# from a strap\n800\n\n810.5\n 790 \n", "rr.txt")
    assert record.rr_ms == (800.0, 810.5, 790.0)
    assert record.t_s is None


def test_csv_with_rr_ms_and_t_s() -> None:
    record = parse_rr_text("t_s,rr_ms\n0.8,800\n1.61,810\n", "rr.csv")
    assert record.rr_ms == (800.0, 810.0)
    assert record.t_s == (0.8, 1.61)
    assert parse_rr_text("RR_MS\n900\n", "x").rr_ms == (900.0,)


def test_openhrv_recording_keeps_only_the_intervals() -> None:
    text = (
        "event,value,timestamp\n"
        "PacerRate,6.0,2026-12-04T10:00:00\n"
        "InterBeatInterval,812,2026-12-04T10:00:01.1\n"
        "MeanHrv,40,2026-12-04T10:00:01.2\n"
        "InterBeatInterval,798,2026-12-04T10:00:01.9\n"
    )
    assert parse_rr_text(text, "rec.csv").rr_ms == (812.0, 798.0)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("800\n8OO\n", "rr.txt:2:", "not a number"),
        ("800\n\n-5\n", "rr.txt:3:", "positive"),
        ("800\n900,1\n", "rr.txt:2:", "one interval"),
        ("t_s,rr_ms\n0.8,800\n1.6\n", "rr.txt:3:", "header has 2"),
        ("t_s,rr_ms\n2,800\n1,800\n", "rr.txt:3:", "back in time"),
        ("event,value,timestamp\nInterBeatInterval,abc,x\n", "rr.txt:2:", "not a number"),
        ("a,b\n1,2\n", "rr.txt:1:", "not an RR file"),
        ("\n# nothing\n", "rr.txt:1:", "no RR intervals"),
        ("rr_ms\n", "rr.txt:1:", "no RR intervals"),
        ("800\nnan\n", "rr.txt:2:", "positive"),
    ],
)
def test_bad_lines_are_located(text: str, where: str, words: str) -> None:
    with pytest.raises(RRFileError, match=words) as caught:
        parse_rr_text(text, "rr.txt")
    assert str(caught.value).startswith(where)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("off", SourceSpec("off")),
        ("AUTO", SourceSpec("auto")),
        ("strap", SourceSpec("strap")),
        ("sim", SourceSpec("sim", resonance=5.5)),
        ("sim:4.5", SourceSpec("sim", resonance=4.5)),
        ("rr.txt", SourceSpec("file", path="rr.txt")),
    ],
)
def test_source_specs(text: str, spec: SourceSpec) -> None:
    assert parse_source(text) == spec


@pytest.mark.parametrize("text", ["sim:fast", "sim:0", "sim:nan", "  "])
def test_bad_source_specs(text: str) -> None:
    with pytest.raises(ValueError):
        parse_source(text)


def test_the_words() -> None:
    assert heart_line(72.2, 9.4, 48.0) == "72 bpm · swing 9 · RMSSD 48 ms"
    assert plain_suffix(72, 9) == "72 bpm · swing 9"
    assert heart_line(None, None, None) == "– bpm · swing – · RMSSD – ms"
    assert "lost" in state_words("lost")
    assert "no skin contact" in state_words("no contact")
    assert "connecting" in state_words("connecting")
    assert (
        summary_line(68, 9, 48, 1)
        == "heart 68 bpm mean · swing 9 per breath · RMSSD 48 ms · 1 artefact corrected"
    )


def test_tracker_on_steady_800_ms_shows_75_bpm() -> None:
    tracker = HeartTracker()
    for _ in range(30):
        tracker.add_measurement(Measurement(74, contact=True, rr_ms=(800.0,)))
    assert tracker.end_breath(0.0, 10.0) == pytest.approx(0.0)
    assert tracker.line() == "75 bpm · swing 0 · RMSSD 0 ms"
    assert tracker.plain_suffix() == "75 bpm · swing 0"
    assert tracker.mean_bpm() == pytest.approx(75.0)
    assert tracker.summary().startswith("heart 75 bpm mean")
    assert tracker.trace()[-1] == pytest.approx(75.0)
    assert len(tracker.beats) == 30 and tracker.beats[-1].t == pytest.approx(24.0)


def test_tracker_without_rr_says_there_is_no_hrv() -> None:
    tracker = HeartTracker()
    tracker.add_measurement(Measurement(64))
    assert tracker.line() == "64 bpm · no beat intervals from this sensor, so no HRV"
    assert tracker.mean_bpm() == 64.0
    assert tracker.summary() == "heart 64 bpm mean · no beat intervals from this sensor, so no HRV"


def test_tracker_anchors_on_arrival_and_again_after_a_drop() -> None:
    tracker = HeartTracker()
    tracker.add_measurement(Measurement(75, rr_ms=(800.0, 800.0)), now=5.0)
    assert [b.t for b in tracker.beats] == pytest.approx([4.2, 5.0])
    tracker.add_measurement(Measurement(75, rr_ms=(800.0,)), now=9.9)  # late packet: sum rules
    assert tracker.beats[-1].t == pytest.approx(5.8)
    tracker.resync()
    tracker.add_measurement(Measurement(75, rr_ms=(800.0,)), now=30.0)
    assert tracker.beats[-1].t == pytest.approx(30.0)


@given(
    st.lists(st.floats(1.0, 5000.0, allow_nan=False).map(lambda x: round(x, 3)), min_size=1),
    st.sampled_from(["lines", "csv", "openhrv"]),
)
def test_rr_files_round_trip(rr: list[float], shape: str) -> None:
    if shape == "lines":
        text = "".join(f"{x}\n" for x in rr)
    elif shape == "csv":
        text = "rr_ms\n" + "".join(f"{x}\n" for x in rr)
    else:
        text = "event,value,timestamp\n" + "".join(
            f"InterBeatInterval,{x},2026-12-04T10:00:{i % 60:02d}\nMeanHrv,40,x\n"
            for i, x in enumerate(rr)
        )
    assert parse_rr_text(text, "f").rr_ms == tuple(rr)
