"""What the heart figures and states say, in one wording for the screen, plain mode and the
summary: `72 bpm · swing 9 · RMSSD 48 ms`."""

from __future__ import annotations

from typing import Literal

from breathe.core.text import plural

HeartState = Literal["connecting", "connected", "lost", "no contact"]
DOT = " · "

STATE_WORDS: dict[HeartState, str] = {
    "connecting": "heart: connecting to the strap…",
    "connected": "heart: strap connected",
    "lost": "heart: strap lost, reconnecting…",
    "no contact": "heart: no skin contact (wet the strap's electrodes)",
}


def _n(value: float | None) -> str:
    return "–" if value is None else str(round(value))


def heart_line(bpm: float | None, swing: float | None, rmssd_ms: float | None) -> str:
    """The line under the bar. Before any beat: the state words say more than dashes would."""
    return f"{_n(bpm)} bpm{DOT}swing {_n(swing)}{DOT}RMSSD {_n(rmssd_ms)} ms"


def plain_suffix(bpm: float | None, swing: float | None) -> str:
    """What plain mode adds to the end of each breath's line."""
    return f"{_n(bpm)} bpm{DOT}swing {_n(swing)}"


def no_rr_line(bpm: float | None) -> str:
    """An optical sensor sends heart rate but no RR: no swing or RMSSD to show, say why."""
    return f"{_n(bpm)} bpm{DOT}no beat intervals from this sensor, so no HRV"


def state_words(state: HeartState) -> str:
    return STATE_WORDS[state]


def summary_line(
    mean_bpm: float | None, mean_swing: float | None, rmssd_ms: float | None, artefacts: int
) -> str:
    """The session summary's heart figures; artefacts always named, even when none."""
    return (
        f"heart {_n(mean_bpm)} bpm mean{DOT}swing {_n(mean_swing)} per breath"
        f"{DOT}RMSSD {_n(rmssd_ms)} ms{DOT}{plural(artefacts, 'artefact')} corrected"
    )


def no_rr_summary(mean_bpm: float | None) -> str:
    return f"heart {_n(mean_bpm)} bpm mean{DOT}no beat intervals from this sensor, so no HRV"
