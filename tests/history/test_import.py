"""`breathe import`: exports move between stores without duplicates, old exports (before the
uid column) are matched on start, exercise and duration, and a bad file changes nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from breathe.history import importer, schema
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from tests.helpers.cli import run_main
from tests.helpers.history import export_record

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)
OLD_FIELDS = [  # the export's columns before schema 2 added uid
    *("id", "started_at", "ended_at", "exercise", "routine", "pattern", "exhale", "planned"),
    *("breaths", "active_s", "paused_s", "status", "tension_before", "tension_after"),
    *("note", "version"),
]


@pytest.fixture(autouse=True)
def in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def session(
    n: int, exercise: str = "wall", routine: str | None = None
) -> tuple[SessionStart, SessionEnd]:
    start = T0 + timedelta(days=n)
    return (
        SessionStart(
            started_at=start,
            exercise_id=exercise,
            exercise_name="Wall breathing" if exercise == "wall" else exercise,
            pattern="3-0-6-3",
            exhale="ha",
            planned="4 breaths x 3",
            routine=routine,
            tension_before=n % 11,
            note=f"note {n}, with a comma",
        ),
        SessionEnd(
            status="completed" if n % 3 else "ended_early",
            ended_at=start + timedelta(seconds=60 + n),
            breaths=4 + n,
            active_s=59.5 + n + 0.125,
            paused_s=n * 0.5,
            tension_after=(n + 3) % 11 if n % 2 else None,
            felt=("easy", "right", "hard", None)[n % 4],
        ),
    )


def make_store(path: Path, count: int) -> None:
    with HistoryStore.open(path) as store:
        store.record_many([session(n) for n in range(count)])
        store.record(*session(count, "wall+goal-post", "pre-run"))


def export(
    path: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(path))
    code, out, err = run_main(["export", "--format", fmt], capsys)
    assert (code, err) == (0, "")
    return out


def import_into(
    data: Path,
    file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> tuple[int, str, str]:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(data))
    return run_main(["import", str(file), *extra], capsys)


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    finally:
        conn.close()


def without_ids(records: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(({k: v for k, v in r.items() if k != "id"} for r in records), key=str)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_twice_adds_no_duplicates(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "a" / "history.sqlite3", 5)
    file = tmp_path / f"a.{fmt}"
    file.write_text(export(tmp_path / "a", fmt, capsys, monkeypatch))

    assert import_into(tmp_path / "b", file, capsys, monkeypatch) == (
        0,
        "6 added, 0 already present, 0 skipped\n",
        "",
    )
    assert import_into(tmp_path / "b", file, capsys, monkeypatch) == (
        0,
        "0 added, 6 already present, 0 skipped\n",
        "",
    )
    a = json.loads(export(tmp_path / "a", "json", capsys, monkeypatch))
    b = json.loads(export(tmp_path / "b", "json", capsys, monkeypatch))
    assert without_ids(a) == without_ids(b)  # uids included: the same sessions everywhere
    # Imported oldest first; names come from the catalogue.
    names = [r[6] for r in rows(tmp_path / "b" / "history.sqlite3")]
    assert names[0] == "Wall breathing" and names[-1] == "Wall breathing + Goal-post arms"
    # And back: nothing new for the first store either.
    back = tmp_path / f"b.{fmt}"
    back.write_text(export(tmp_path / "b", fmt, capsys, monkeypatch))
    before = rows(tmp_path / "a" / "history.sqlite3")
    assert import_into(tmp_path / "a", back, capsys, monkeypatch)[1].startswith(
        "0 added, 6 already"
    )
    assert rows(tmp_path / "a" / "history.sqlite3") == before


def test_an_export_from_before_the_uid_column_is_matched_on_start_exercise_and_duration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "a" / "history.sqlite3", 4)
    new = json.loads(export(tmp_path / "a", "json", capsys, monkeypatch))
    old_csv = tmp_path / "old.csv"
    with old_csv.open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(OLD_FIELDS)
        for r in new:
            writer.writerow(["" if r[f] is None else r[f] for f in OLD_FIELDS])
    old_json = tmp_path / "old.json"
    old_json.write_text(json.dumps([{f: r[f] for f in OLD_FIELDS} for r in new]))

    assert import_into(tmp_path / "b", old_csv, capsys, monkeypatch)[1] == (
        "5 added, 0 already present, 0 skipped\n"
    )
    # The same sessions again, in the other old format and in the new one with uids.
    assert import_into(tmp_path / "b", old_json, capsys, monkeypatch)[1].startswith("0 added, 5")
    new_file = tmp_path / "new.json"
    new_file.write_text(json.dumps(new))
    assert import_into(tmp_path / "b", new_file, capsys, monkeypatch)[1].startswith("0 added, 5")
    b_rows = json.loads(export(tmp_path / "b", "json", capsys, monkeypatch))
    assert all(len(r["uid"]) == 32 for r in b_rows)
    assert len({r["uid"] for r in b_rows}) == 5
    # A store importing the same old file makes the same uids (made from the session itself).
    import_into(tmp_path / "c", old_csv, capsys, monkeypatch)
    c_rows = json.loads(export(tmp_path / "c", "json", capsys, monkeypatch))
    assert {r["uid"] for r in c_rows} == {r["uid"] for r in b_rows}


def test_dry_run_counts_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "a" / "history.sqlite3", 3)
    file = tmp_path / "a.json"
    file.write_text(export(tmp_path / "a", "json", capsys, monkeypatch))
    one = tmp_path / "one.json"  # one of the same sessions, already brought over
    one.write_text(json.dumps(json.loads(file.read_text())[:1]))
    import_into(tmp_path / "b", one, capsys, monkeypatch)
    before = rows(tmp_path / "b" / "history.sqlite3")
    code, out, _ = import_into(tmp_path / "b", file, capsys, monkeypatch, "--dry-run")
    assert (code, out) == (
        0,
        "dry run: 3 would be added, 1 already present, 0 skipped; nothing was changed\n",
    )
    assert rows(tmp_path / "b" / "history.sqlite3") == before


def test_running_sessions_are_skipped_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "a" / "history.sqlite3", 2)
    data = json.loads(export(tmp_path / "a", "json", capsys, monkeypatch))
    data[0] |= {"status": "running", "ended_at": None}
    file = tmp_path / "a.json"
    file.write_text(json.dumps(data))
    _, out, _ = import_into(tmp_path / "b", file, capsys, monkeypatch)
    assert out == "2 added, 0 already present, 1 skipped (still running when exported)\n"


def good_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> str:
    make_store(tmp_path / "a" / "history.sqlite3", 5)
    return export(tmp_path / "a", fmt, capsys, monkeypatch)


def corrupt_csv_value(text: str, line: int, field: str, value: str) -> str:
    lines = text.splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[line - 1]]))
    row[header.index(field)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row)
    lines[line - 1] = buffer.getvalue()
    return "\n".join(lines) + "\n"


CORRUPTIONS = {
    "truncated json": ("json", lambda t: t[: len(t) // 2], ["the JSON ends early"]),
    "truncated csv": (
        "csv",
        lambda t: t[: t.rindex(",completed,")],
        ["line 6: 11 fields, expected 23 (a truncated or edited file?)"],
    ),
    "cut inside a quoted csv field": ("csv", lambda t: t[: t.index('"note 3') + 4], ["line 4:"]),
    "not an export": ("csv", lambda t: "name,age\nann,3\n", ["is not a file made by"]),
    "a json object": ("json", lambda t: '{"sessions": []}', ["a JSON dict, not the array"]),
    "binary": ("csv", lambda t: "\x00\xff", ["not UTF-8 at byte 1"]),
    "impossible values": (
        "csv",
        lambda t: corrupt_csv_value(
            corrupt_csv_value(t, 3, "breaths", "-3"), 5, "tension_after", "11"
        ),
        [
            "line 3: breaths is '-3'; expected a whole number 0 to 1000000",
            "line 5: tension_after is '11'; expected a whole number 0 to 10",
        ],
    ),
    "ends before it starts": (
        "json",
        lambda t: t.replace('"ended_at": "2026-03-0', '"ended_at": "2026-02-0', 1),
        ["item 1: ended_at is before started_at"],
    ),
    "not a number": (
        "json",
        lambda t: t.replace('"active_s": ', '"active_s": "NaN", "x": ', 1),
        ["item 1: active_s is 'NaN'; expected seconds"],
    ),
    "from the future": (
        "json",
        lambda t: t.replace('"started_at": "2026', '"started_at": "2996', 1),
        ["item 1: started_at 2996-03-07T07:30:00+00:00 is in the future"],
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_bad_file_changes_nothing_and_says_why(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fmt, damage, expected = CORRUPTIONS[case]
    text = good_export(tmp_path, capsys, monkeypatch, fmt)
    file = tmp_path / f"bad.{fmt}"
    bad = damage(text)
    file.write_bytes(bad.encode("latin-1") if case == "binary" else bad.encode())
    with HistoryStore.open(tmp_path / "b" / "history.sqlite3") as store:
        store.record(*session(40))
    before = rows(tmp_path / "b" / "history.sqlite3")
    code, out, err = import_into(tmp_path / "b", file, capsys, monkeypatch)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[-1] == f"breathe: nothing was imported from {file}"
    assert len(lines) == len(expected) + 1  # one line per problem
    for line, part in zip(lines, expected, strict=False):
        assert line.startswith("breathe: ") and part in line, (line, part)
    assert rows(tmp_path / "b" / "history.sqlite3") == before


def test_a_huge_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "huge.json"
    with file.open("wb") as fh:
        fh.truncate(importer.MAX_IMPORT_BYTES + 1)  # sparse: big, yet costs no disk
    code, _, err = import_into(tmp_path / "b", file, capsys, monkeypatch)
    assert code == 1
    assert "is 67 MB; an export of breathe's history is far smaller" in err.splitlines()[0]


def test_a_failure_while_adding_undoes_the_whole_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.json"
    file.write_text(good_export(tmp_path, capsys, monkeypatch, "json"))
    with HistoryStore.open(tmp_path / "b" / "history.sqlite3") as store:
        store.record(*session(40))
    before = rows(tmp_path / "b" / "history.sqlite3")
    real_insert = HistoryStore._insert
    calls: list[int] = []

    def failing(self: HistoryStore, row: dict[str, object]) -> int:
        calls.append(1)
        if len(calls) >= 3:  # and on the try again after making room
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(self, row)

    monkeypatch.setattr(HistoryStore, "_insert", failing)
    code, out, err = import_into(tmp_path / "b", file, capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert "disk is full" in err and "nothing was imported" in err
    assert rows(tmp_path / "b" / "history.sqlite3") == before


def test_the_import_goes_through_the_stores_one_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.json"
    file.write_text(good_export(tmp_path, capsys, monkeypatch, "json"))
    written: list[int] = []
    real = HistoryStore.insert_rows

    def spy(self: HistoryStore, rows: Any, **kw: Any) -> list[int]:
        ids = real(self, rows, **kw)
        written.extend(ids)
        return ids

    monkeypatch.setattr(HistoryStore, "insert_rows", spy)
    with HistoryStore.open(tmp_path / "b" / "history.sqlite3") as store:
        report = importer.import_sessions(store, importer.read_export(file), {})
        assert report.added == len(written) > 0
        assert store.count() == len(written)


def test_an_import_on_a_full_disk_uses_the_stores_reserve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.json"
    file.write_text(good_export(tmp_path, capsys, monkeypatch, "json"))
    parsed = importer.read_export(file)
    real_insert = HistoryStore._insert
    calls: list[int] = []

    def full_once(self: HistoryStore, row: dict[str, object]) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(self, row)

    with HistoryStore.open(tmp_path / "b" / "history.sqlite3") as store:
        store.reserve()
        spare = store.path.with_name(store.path.name + ".spare")
        assert spare.exists()
        monkeypatch.setattr(HistoryStore, "_insert", full_once)
        report = importer.import_sessions(store, parsed, {})
        assert not spare.exists()  # given up so the import fits
        assert report.added == len(parsed.sessions) == store.count()


# The uid migration, from every earlier schema version ------------------------------------


@pytest.mark.parametrize("version", range(schema.schema_version()))
def test_every_earlier_version_migrates_and_gets_unique_ids(version: int, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        for n in range(3):
            conn.execute(
                "INSERT INTO sessions (started_at, updated_at, local_date, exercise_id, "
                "exercise_name, pattern, exhale, planned, status, version) "
                "VALUES (?, ?, '2026-03-02', 'wall', 'Wall breathing', '3-0-6-3', 'ha', "
                "'4 breaths', 'completed', '0.1.0')",
                (f"2026-03-02T07:3{n}:00+00:00", f"2026-03-02T07:3{n}:00+00:00"),
            )
    before = conn.execute("SELECT * FROM sessions").fetchall() if version >= 1 else []
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
        store.record(*session(9))
        # A row written without a uid (an older code path) still gets one.
        store.conn.execute(
            "INSERT INTO sessions (started_at, updated_at, local_date, exercise_id, "
            "exercise_name, pattern, exhale, planned, status, version) VALUES "
            "('2026-04-01T00:00:00+00:00', 'x', 'x', 'box', 'Box', '4-4-4-4', 'hum', '', "
            "'completed', '0.1.0')"
        )
        records = store.sessions()
    uids = [r.uid for r in records]
    assert all(u is not None and len(u) == 32 for u in uids)
    assert len(set(uids)) == len(uids) == len(before) + 2
    after = rows(path)
    kept = 22 if version < 2 else 23  # the columns of schema 1 (and a schema 2 file's uids)
    # The old rows, otherwise untouched; the pace check is unanswered for each.
    assert [r[:kept] for r in after[: len(before)]] == [b[:kept] for b in before]
    assert all(r[23] is None for r in after[: len(before)])


def test_an_unknown_pace_check_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "a" / "history.sqlite3", 2)
    items = json.loads(export(tmp_path / "a", "json", capsys, monkeypatch))
    items[0]["felt"] = "meh"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(items))
    code, _, err = import_into(tmp_path / "b", file, capsys, monkeypatch)
    assert code == 1
    assert "felt is 'meh'; expected easy, right or hard" in err


def test_a_file_of_nonsense_lists_a_few_problems_not_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "many.json"
    file.write_text(json.dumps([{"started_at": "x"}] * 5000))
    code, _, err = import_into(tmp_path / "b", file, capsys, monkeypatch)
    lines = err.splitlines()
    assert code == 1
    assert lines[0] == f"breathe: {file} item 1: no ended_at"
    assert len(lines) == 20 + 2  # twenty problems, how many more, nothing imported
    assert lines[-2] == "breathe: ... and 981 more"
    assert (
        not (tmp_path / "b" / "history.sqlite3").exists()
        or rows(tmp_path / "b" / "history.sqlite3") == []
    )


def test_sessions_with_their_own_ids_are_told_apart_even_in_the_same_second(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dedupe by uid when both sides have one: four quick sessions started in one second, same
    exercise and time, are four (the start/exercise/time match is for rows without an id)."""
    file = tmp_path / "four.json"
    file.write_text(json.dumps([export_record(id=i, uid=f"{i:032x}") for i in range(1, 5)]))
    assert import_into(tmp_path / "d", file, capsys, monkeypatch)[1] == (
        "4 added, 0 already present, 0 skipped\n"
    )
    assert import_into(tmp_path / "d", file, capsys, monkeypatch)[1].startswith("0 added, 4")
