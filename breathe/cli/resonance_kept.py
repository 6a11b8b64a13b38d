"""The resonance rate a sweep found, kept in the state file, and the built-in `resonance`
exercise paced at it. Apart from the sweep itself (cli.heart_sweep), so that `breathe run`
reads it without loading the sweep."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

from breathe.core.catalogue import Catalogue
from breathe.core.pattern import Pattern

STATE_KEY = "resonance"


def rate_pattern(rate: float, inhale: float | None = None) -> str:
    """`in-0-out-0` for `rate` breaths/min, to the hundredth of a second; the inhale is
    `inhale` of the breath (the sweep's INHALE_FRACTION when None)."""
    if inhale is None:
        from breathe.core.heart.sweep import INHALE_FRACTION as inhale
    period = Fraction(60) / Fraction(str(rate))
    inh = round(period * Fraction(str(inhale)), 2)
    return f"{float(inh):.2f}-0-{float(period) - float(inh):.2f}-0"


def keep_resonance(rate: float, today: dt.date) -> None:
    from breathe.system import app_state

    app_state.save_state({STATE_KEY: {"rate": rate, "date": today.isoformat()}})


KEPT_RATES = (3.0, 10.0)


def kept_resonance() -> tuple[float, str] | None:
    """The last sweep's rate and its date, or None (no sweep, or a state not to be trusted)."""
    from breathe.system import app_state

    kept = app_state.load_state().get(STATE_KEY)
    if not isinstance(kept, dict):
        return None
    rate, day = kept.get("rate"), kept.get("date")
    if not isinstance(rate, int | float) or not isinstance(day, str):
        return None
    if not KEPT_RATES[0] <= rate <= KEPT_RATES[1]:  # breaths/min a kept sweep may say
        return None
    return float(rate), day


RESONANCE_CUE = "Seated or lying; gentle, not maximal breaths."


def with_swept_resonance(catalogue: Catalogue) -> tuple[Catalogue, str | None]:
    """The catalogue with the built-in `resonance` exercise at the last sweep's rate, its cue
    saying so (the session screen and plain mode's count-in show it), and that line; the
    catalogue as it is, and None, before any sweep."""
    from breathe.core.heart.sweep import resonance_source_line

    kept = kept_resonance()
    exercise = catalogue.exercise("resonance")
    if kept is None or exercise is None:
        return catalogue, None
    rate, day = kept
    line = resonance_source_line(rate, day)
    swept = replace(
        exercise, pattern=Pattern.parse(rate_pattern(rate)), cue=f"{RESONANCE_CUE} {line}."
    )
    exercises = tuple(swept if e.id == "resonance" else e for e in catalogue.exercises)
    return replace(catalogue, exercises=exercises), line


def swept_resonance(catalogue: Catalogue) -> tuple[Catalogue, str | None]:
    """`with_swept_resonance` when a sweep was kept; the state file is looked at first, as
    that costs less before the first paint than building the swept exercise."""
    from breathe.system import app_state

    if STATE_KEY not in app_state.load_state():
        return catalogue, None
    return with_swept_resonance(catalogue)
