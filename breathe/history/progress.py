"""Progression from the saved sessions: the next dose of each exercise, and hold or reset.

Hold and reset are kept in the app state file (`progress`: per exercise, `held` and
`after`, the last session id that a reset forgets). Sessions are read newest first by id,
the order they were recorded, and only as far back as the rules look.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from breathe.core.catalogue import Catalogue
from breathe.core.progression import (
    STEP_UP_AFTER,
    Knob,
    Ladder,
    NextDose,
    Outcome,
    ladder_for,
    next_dose,
)
from breathe.history.store import HistoryStore
from breathe.system import app_state

PROGRESS = "progress"
Ladders = Mapping[str, tuple[tuple[Knob, tuple[Any, ...]], ...]]


def progress_state() -> dict[str, dict[str, Any]]:
    data = app_state.load_state().get(PROGRESS)
    if not isinstance(data, dict):
        return {}
    return {k: dict(v) for k, v in data.items() if isinstance(v, dict)}


def _save(exercise_id: str, entry: dict[str, Any] | None) -> None:
    state = progress_state()
    if entry:
        state[exercise_id] = entry
    else:
        state.pop(exercise_id, None)
    app_state.save_state({PROGRESS: state})


def set_held(exercise_id: str, held: bool, at: tuple[str, str] | None = None) -> None:
    """Hold an exercise at a step (or let it move again). `at` is the rung's key (pattern
    text, planned dose) that was shown: held, it runs that one, not the last one breathed."""
    entry = progress_state().get(exercise_id, {})
    entry.pop("held", None)
    entry.pop("at", None)
    if held:
        entry["held"] = True
        if at is not None:
            entry["at"] = list(at)
    _save(exercise_id, entry)


def _held_at(entry: Mapping[str, Any], ladder: Ladder) -> int | None:
    at = entry.get("at")
    if not (isinstance(at, list) and len(at) == 2 and all(isinstance(x, str) for x in at)):
        return None
    return ladder.index_of(at[0], at[1])


def reset(exercise_id: str, store: HistoryStore | None) -> None:
    """Back to the exercise's own dose: the sessions so far no longer count."""
    after = store.last_id() if store is not None else 0
    _save(exercise_id, {"after": after} if after else None)


def recent_outcomes(store: HistoryStore, ladder: Ladder, after: int = 0) -> list[Outcome]:
    """The sessions the rules look at, oldest first: the last session on the ladder and the
    streak at its rung (at most STEP_UP_AFTER of them).

    Read per rung, the latest few of each (an index makes each read a few rows at 50,000
    sessions): the streak's sessions are the newest at their rung, and the session that ends
    it is the newest at its own, so the merged list starts exactly as the whole history does.
    """
    keys = [rung.key for rung in ladder.rungs]
    newest_first: list[Outcome] = []
    rung: int | None = None
    for _, outcome in store.latest_outcomes(ladder.exercise, keys, after, STEP_UP_AFTER + 1):
        index = ladder.index_of(outcome.pattern, outcome.planned)
        if rung is None:
            rung = index
        elif index != rung or len(newest_first) >= STEP_UP_AFTER:
            break
        newest_first.append(outcome)
    return list(reversed(newest_first))


def next_doses(
    store: HistoryStore | None,
    catalogue: Catalogue,
    ids: Iterable[str] | None = None,
    ladders: Ladders | None = None,
) -> list[NextDose]:
    """The next dose of each exercise that has a ladder (all of them, or those of `ids`)."""
    state = progress_state()
    out: list[NextDose] = []
    for exercise in catalogue.exercises:
        if ids is not None and exercise.id not in ids:
            continue
        ladder = ladder_for(catalogue, exercise.id, dict(ladders or {}))
        if ladder is None:
            continue
        entry = state.get(exercise.id, {})
        after = entry.get("after", 0)
        after = after if isinstance(after, int) else 0
        history = recent_outcomes(store, ladder, after) if store is not None else []
        held = entry.get("held") is True
        out.append(next_dose(exercise, ladder, history, held=held, held_at=_held_at(entry, ladder)))
    return out
