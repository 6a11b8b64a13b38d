"""What a stored session is called on screen (pure).

A routine's session is stored with its exercises' ids joined by `+` and their names joined
by ` + `; shown that way, "Before the run" appears nowhere and its row reads as a longer
"Wall breathing…". The routine's own name comes from the catalogue, so it follows a rename.
"""

from __future__ import annotations

from collections.abc import Mapping


def session_name(stored_name: str, routine: str | None, routine_names: Mapping[str, str]) -> str:
    """The routine's name for a routine's session (its stored name when the routine is no
    longer in the catalogue), else the exercise's stored name."""
    if routine is None:
        return stored_name
    return routine_names.get(routine, stored_name)
