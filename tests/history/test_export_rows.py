"""The CSV export's fast path (`history.export_rows`): the same bytes as the record-by-record
path it replaced, on seeded histories with and without heart data, and a column check that is
never looser than `SessionRecord.from_row`."""

from __future__ import annotations

import csv
import io
import math
import random
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breathe.cli.history_cmd import write_csv
from breathe.history import export_rows
from breathe.history.heart import HeartFigures, rr_text
from breathe.history.records import FIELDS, SessionEnd, SessionRecord, SessionStart
from breathe.history.store import HistoryStore

T0 = datetime(2025, 1, 1, 6, 0, tzinfo=timezone.utc)
NOTES = ("", "plain", 'a "quoted", comma', "two\nlines", "cr\rhere", "呼吸 🌊", " lead, trail ")


def _sessions(count: int, *, heart_every: int = 0) -> Iterable[tuple[SessionStart, SessionEnd]]:
    """Routines, tensions, pace checks, notes that need quoting, and (every `heart_every`-th
    session) heart figures."""
    rng = random.Random(5)
    for i in range(count):
        start = T0 + timedelta(minutes=37 * i)
        routine = "before-run" if i % 7 == 0 else None
        heart = None
        if heart_every and i % heart_every == 0:
            heart = HeartFigures(70.0 + i % 9, 6.5 if i % 2 else None, 41.25, 30 + i % 5)
        yield (
            SessionStart(
                started_at=start,
                exercise_id="wall+box" if routine else rng.choice(["wall", "box", "hum-2"]),
                exercise_name='Wall, "classic"' if i % 5 == 0 else "Box breathing",
                pattern="4-4-4-4",
                exhale="hum",
                planned="5 min",
                routine=routine,
                tension_before=rng.choice([None, 0, 5, 10]),
                note=NOTES[i % len(NOTES)],
            ),
            SessionEnd(
                status=rng.choice(["completed", "ended_early", "interrupted"]),
                ended_at=start + timedelta(seconds=rng.uniform(0, 900)),
                breaths=rng.randint(0, 90),
                active_s=rng.choice([0.0, 60.0, rng.uniform(1, 900)]),
                paused_s=rng.choice([0.0, rng.uniform(0, 60)]),
                tension_after=rng.choice([None, 0, 3, 10]),
                felt=rng.choice([None, "easy", "right", "hard"]),
                heart=heart,
            ),
        )


def _old_csv(store: HistoryStore) -> str:
    """The export as it was written before the fast path: every row a record."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in store.iter_sessions():
        if r.problem is not None:
            continue
        cells = [getattr(r, f) for f in FIELDS]
        writer.writerow(
            [rr_text(v) if isinstance(v, tuple) else "" if v is None else v for v in cells]
        )
    return out.getvalue()


def _new_csv(store: HistoryStore, skipped: list[int] | None = None) -> str:
    out = io.StringIO(newline="")
    write_csv(store.csv_rows(lambda r: (skipped if skipped is not None else []).append(r.id)), out)
    return out.getvalue()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows went the slow way, through `from_row`."""
    calls: list[int] = []
    original = SessionRecord.from_row.__func__  # type: ignore[attr-defined]

    def from_row(cls: type[SessionRecord], row: Sequence[object]) -> SessionRecord:
        calls.append(1)
        return original(cls, row)  # type: ignore[no-any-return]

    monkeypatch.setattr(SessionRecord, "from_row", classmethod(from_row))
    return calls


def test_a_history_without_heart_data_is_written_as_before_and_never_made_records(
    tmp_path: Path, counted: list[int]
) -> None:
    count = export_rows.CHUNK_ROWS * 2 + 17  # whole chunks and a short one
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        store.record_many(_sessions(count))
        running = store.start(next(iter(_sessions(1)))[0])  # still running: no end yet
        new = _new_csv(store)
        assert counted == []  # every chunk went straight to the writer
        assert new == _old_csv(store)
    assert new.count("\n") > count + 1 and f"\n{running}," in new  # quoted newlines, too


def test_rows_with_heart_data_are_written_as_before(tmp_path: Path, counted: list[int]) -> None:
    count = export_rows.CHUNK_ROWS + 300
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        ids = store.record_many(_sessions(count, heart_every=count))  # the oldest only
        store.add_beats(ids[0], [(0.8, 800.0), (1.61, 810.5), (2.4, 799.805)])
        new = _new_csv(store)
        slow = len(counted)
        assert new == _old_csv(store)
    assert ",800 810.5 799.805\n" in new  # the intervals in their one (last) cell, as before
    # Newest first: a whole chunk without heart data, written straight, then the oldest
    # rows' chunk, with the heart row, through from_row.
    assert slow == count - export_rows.CHUNK_ROWS


def test_an_odd_row_is_left_out_as_before_and_its_chunk_still_written(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        ids = store.record_many(_sessions(export_rows.CHUNK_ROWS + 5))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    conn.execute("UPDATE sessions SET breaths = 'abc', tension_after = 11 WHERE id = ?", (ids[3],))
    conn.execute(
        "UPDATE sessions SET started_at = '2026-02-29T07:00:00+00:00' WHERE id = ?", (ids[9],)
    )
    conn.commit()
    conn.close()
    with HistoryStore.open(path, check=False) as store:
        skipped: list[int] = []
        new = _new_csv(store, skipped)
        assert new == _old_csv(store)
    assert sorted(skipped) == [ids[3], ids[9]]  # 2026 is no leap year


# The column check, value by value: whatever it lets through, from_row reads unchanged.

CLEAN: tuple[object, ...] = (
    *(7, "2026-03-02T07:30:00+00:00", "2026-03-02T07:35:00+00:00", "wall", None, "4-4"),
    *("ha", "5 min", 30, 300.0, 0.0, "completed", 4, 2, "", "0.9", "a" * 32, "right"),
    *(None, None, None, None, None),
)
ODD_VALUES: dict[str, list[object]] = {
    "id": [0, -1, 2**40, "7", 7.0, None],
    "started_at": [
        *("2024-02-29T07:30:00+00:00", "2026-02-29T07:30:00+00:00", "2026-04-31T07:30:00+00:00"),
        *("2026-03-02T24:00:00+00:00", "0000-01-01T00:00:00+00:00", "2026-03-02T07:30:00Z"),
        *("2026-03-02T07:30:00", "2026-03-02 07:30:00+02:00", "", "now", b"x", None, 5),
    ],
    "ended_at": [None, "", "2026-13-01T00:00:00+00:00", "2026-03-02T07:35:00.5+00:00", 1.5],
    "exercise": ["", "ｗａｌｌ", b"wall", None, 3],
    "routine": [None, "", "r", b"r", 0],
    "breaths": [0, -1, 10**9, 10**9 + 1, 30.0, 30.5, True, "30", None, math.inf],
    "active_s": [0.0, -0.0, 1e9, 1e9 + 1, 300, math.inf, -math.inf, math.nan, "300", None],
    "paused_s": [0.0, 5e-324, -5e-324, math.nan, 2, b"", None],
    "status": ["running", "interrupted", "Completed", "", None, b"completed", 1],
    "tension_before": [None, 0, 10, 11, -1, 5.0, True, "5"],
    "tension_after": [None, 0, 10, 11, 2.5, False],
    "note": ["", "x,y", None, 1, b"n"],
    "version": ["", None, 0.9],
    "uid": [None, "", "x", 1],
    "felt": [None, "easy", "hard", "meh", "", 1],
    "heart_bpm": [None, 70.0, 0.0, float("nan")],
    "heart_swing_bpm": [None, 3.5],
    "heart_rmssd_ms": [None, 20.0],
    "heart_beats": [None, 0, 3],
    "heart_rr_ms": [None, "", "800,801.5", "x"],
}


def _rendered(cells: Sequence[object]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def _agrees(rows: list[tuple[object, ...]]) -> bool:
    """True if the check let the rows through; then from_row must read each unchanged."""
    if not export_rows.as_stored(rows):
        return False
    for row in rows:
        record = SessionRecord.from_row(row)
        assert record.problem is None, row
        assert _rendered(export_rows.csv_cells(record)) == _rendered(row), row
    return True


def test_the_clean_row_passes_and_every_odd_value_is_read_as_from_row_reads_it() -> None:
    assert _agrees([CLEAN])
    passed = set()
    for name, values in ODD_VALUES.items():
        for value in values:
            row = list(CLEAN)
            row[FIELDS.index(name)] = value
            if _agrees([tuple(row)]):
                passed.add((name, repr(value)))
    # Some values are fine as stored; the check is not merely "refuse everything odd-looking".
    assert ("started_at", repr("2024-02-29T07:30:00+00:00")) in passed
    assert ("breaths", repr(10**9)) in passed and ("active_s", "-0.0") in passed
    assert ("felt", repr("easy")) in passed and ("status", repr("running")) in passed
    for refused in [("started_at", repr("2026-02-29T07:30:00+00:00")), ("breaths", "30.0")]:
        assert refused not in passed  # the second: from_row would make it 30, an int
    assert not any(name.startswith("heart") and value != "None" for name, value in passed)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(FIELDS),
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(-(2**63), 2**63 - 1),
                st.floats(allow_nan=True, allow_infinity=True),
                st.text(max_size=30),
                st.binary(max_size=4),
            ),
        ),
        max_size=4,
    )
)
def test_random_values_never_slip_past_the_check(changes: list[tuple[str, object]]) -> None:
    row = list(CLEAN)
    for name, value in changes:
        row[FIELDS.index(name)] = value
    _agrees([CLEAN, tuple(row)])
