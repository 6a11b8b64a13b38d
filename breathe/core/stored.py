"""The texts a saved session keeps, and their limits: one set, used by the config's checks
(ids, steps), the writer (`SessionPlan.planned`), the export and the import, so that what a
session stores always imports again.

The limits follow from the config's: a routine of MAX_ROUTINE_STEPS steps, each a different
exercise with an id of MAX_ID_CHARS and its own longest pattern and dose, still fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from breathe.core.pattern import MAX_PATTERN_CHARS

MAX_ID_CHARS = 64  # an exercise's or a routine's id (as the import took before)
MAX_ROUTINE_STEPS = 100  # generous: no limit was there before
THEN = " then "
# One step's planned dose at its longest: "(1.23457e-05 min x 50) x 99999" is 30.
_DOSE_CHARS = 32

TEXT_LIMITS = {
    "exercise": MAX_ROUTINE_STEPS * (MAX_ID_CHARS + 1),  # ids joined by "+"
    "routine": 200,  # older exports' routines may be longer than MAX_ID_CHARS
    "note": 2000,
    "pattern": MAX_ROUTINE_STEPS * (MAX_PATTERN_CHARS + len(THEN)),
    "planned": MAX_ROUTINE_STEPS * (_DOSE_CHARS + len(THEN)),
}
DEFAULT_TEXT_LIMIT = 64


def planned_text(doses: Iterable[str]) -> str:
    """Each block's dose, a repeat said once ("3 breaths x 12"), not listed 12 times: the
    rounds of between-sets and mid-run would otherwise run to thousands of characters."""
    parts = []
    for dose, run in groupby(doses):
        count = sum(1 for _ in run)
        if count == 1:
            parts.append(dose)
        else:
            parts.append(f"({dose}) x {count}" if " x " in dose else f"{dose} x {count}")
    return THEN.join(parts)


def compact_planned(text: str) -> str:
    """A stored planned text as this version writes it; older versions listed every repeat.
    Idempotent: what `planned_text` wrote never has two equal parts side by side."""
    return planned_text(text.split(THEN)) if THEN in text else text
