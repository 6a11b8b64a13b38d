"""The audio thread does no Python work per sample: a buffer four times longer costs about
the same number of Python lines in the guide and the mixer (C loops over the samples)."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

import pytest

from tests.helpers import guide_render
from tests.helpers.guide_render import plan, render

AUDIO_FILES = ("audio/guide.py", "audio/mixer.py")


def lines_per_buffer(frames: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Python lines run in the guide and the mixer for each buffer of a box session with a
    pause: phase edges, fades, ticks and overlapping cues all included."""
    monkeypatch.setattr(guide_render, "FRAMES", frames)
    counts: list[int] = []

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line" and counts:
            counts[-1] += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename.replace("\\", "/")
        if not name.endswith(AUDIO_FILES):
            return None
        if event == "call" and frame.f_code.co_name == "render" and name.endswith(AUDIO_FILES[1]):
            counts.append(0)  # the device asks the mixer for the next buffer
        return local

    before = sys.gettrace()
    sys.settrace(tracer)
    try:
        render(plan("box", breaths=1, lead_in=3), pause=(5.0, 1.0))
    finally:
        sys.settrace(before)
    return counts


def test_a_longer_buffer_costs_no_more_python_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    short = lines_per_buffer(220, monkeypatch)
    long = lines_per_buffer(880, monkeypatch)
    assert len(short) > 1000  # the whole session was rendered
    # A loop per sample would take about four times the lines (it did: 1587 -> 5627).
    assert max(long) < 1.5 * max(short)
    assert sum(long) < 0.5 * sum(short)
