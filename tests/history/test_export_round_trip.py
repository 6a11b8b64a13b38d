"""Export then import into a fresh data dir takes every session back: each built-in routine's
(between-sets and mid-run stored their every round in `planned`, far past the import's limit)
and the longest routine the config allows (its exercise ids joined, its patterns joined)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.config.reader import load
from breathe.core.catalogue import ROUTINES, Catalogue
from breathe.core.plan import plan_session
from breathe.core.stored import MAX_ID_CHARS, MAX_ROUTINE_STEPS, TEXT_LIMITS, compact_planned
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from tests.helpers.cli import breathe_cmd, run_main

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)


def _long_config(file: Path) -> None:
    """MAX_ROUTINE_STEPS custom exercises with the longest ids, each its own long pattern
    and a long dose (minutes with many digits, many sets), in one routine."""
    lines = []
    for n in range(MAX_ROUTINE_STEPS):
        ex_id = f"ex{n:02d}-" + "a" * (MAX_ID_CHARS - 5)
        inhale = "+".join(f"0.{n % 90 + 10}{k:02d}" for k in range(11))  # 94 characters
        lines += [
            f"[exercises.{ex_id}]",
            f'name = "Exercise {n}"',
            'cue = "Breathe."',
            f'pattern = "{inhale}-0.012-0.013-0.014"',
            "minutes = 0.0123456789",
            "sets = 20",  # 100 steps stay under the 4 hour limit
            "rest = 0",
            "",
        ]
    steps = ", ".join(
        f'{{ exercise = "ex{n:02d}-{"a" * (MAX_ID_CHARS - 5)}" }}' for n in range(MAX_ROUTINE_STEPS)
    )
    routine_id = "r" * MAX_ID_CHARS
    lines += [f"[routines.{routine_id}]", 'name = "Long"', f"steps = [ {steps} ]"]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _catalogue(config_dir: Path) -> Catalogue:
    _long_config(config_dir / "config.toml")
    loaded = load(config_dir / "config.toml")
    assert [p.format() for p in loaded.problems if p.level == "error"] == []
    return Catalogue().extended(loaded.exercises, loaded.routines)


def test_every_routine_and_the_longest_custom_one_export_and_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = _catalogue(tmp_path / "config")
    ids = [r.id for r in ROUTINES] + ["r" * MAX_ID_CHARS]
    mine = tmp_path / "mine"
    monkeypatch.setenv("BREATHE_DATA_DIR", str(mine))
    mine.mkdir()
    with HistoryStore.open(mine / "history.sqlite3") as store:
        for n, id in enumerate(ids):
            plan = plan_session(catalogue, id, lead_in=0)
            start = SessionStart.from_plan(plan, T0 + timedelta(hours=n))
            for name, limit in TEXT_LIMITS.items():
                value = getattr(start, {"exercise": "exercise_id"}.get(name, name)) or ""
                assert len(value) <= limit, (id, name, value)
            end = SessionEnd("ended_early", start.started_at + timedelta(seconds=30), 3, 29.0)
            store.record(start, end)
    for fmt in ("csv", "json"):
        out_file = tmp_path / f"all.{fmt}"
        monkeypatch.setenv("BREATHE_DATA_DIR", str(mine))
        code, _, err = run_main(["export", "--format", fmt, "--output", str(out_file)], capsys)
        assert (code, err) == (0, "")
        monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / f"fresh-{fmt}"))
        code, out, err = run_main(["import", str(out_file)], capsys)
        assert (code, err) == (0, ""), err
        assert f"{len(ids)} added, 0 already present, 0 skipped" in out
        code, out, _ = run_main(["history", "--json"], capsys)
        assert sorted(r["routine"] for r in json.loads(out)) == sorted(ids)


def test_a_between_sets_round_is_said_once() -> None:
    plan = plan_session(Catalogue(), "between-sets", lead_in=0, rounds=12)
    assert plan.planned == "5 breaths x 12"
    assert compact_planned(" then ".join(["5 breaths x 2"] * 3)) == "(5 breaths x 2) x 3"
    assert compact_planned("4 breaths x 3 then 5 breaths x 2") == "4 breaths x 3 then 5 breaths x 2"


def test_an_older_versions_export_listing_every_round_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sessions saved before this version keep their long `planned`: they still import."""
    rows = [
        {
            "started_at": "2026-03-02T07:30:00+00:00",
            "ended_at": "2026-03-02T07:31:00+00:00",
            "exercise": "wall-sit",
            "routine": "between-sets",
            "pattern": "4-0-7-2",
            "exhale": "ha",
            "planned": " then ".join(["5 breaths"] * 30),
            "breaths": 5,
            "active_s": 60.0,
            "paused_s": 0.0,
            "status": "completed",
        }
    ]
    file = tmp_path / "old.json"
    file.write_text(json.dumps(rows), encoding="utf-8")
    code, out, err = run_main(["import", str(file)], capsys)
    assert (code, err) == (0, ""), err
    code, out, _ = run_main(["history", "--json"], capsys)
    assert json.loads(out)[0]["planned"] == "5 breaths x 30"


def test_routine_sessions_ended_at_once_round_trip_as_a_user_runs_them(tmp_path: Path) -> None:
    """The tester's steps: mid-run and between-sets stopped with Ctrl+C, exported, imported."""
    env = {**os.environ, "BREATHE_DATA_DIR": str(tmp_path / "mine")}
    for routine in ("mid-run", "between-sets"):
        cmd = breathe_cmd("run", routine, "--plain", "--no-sound", "--lead-in", "0")
        proc = subprocess.Popen(
            cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=20)
    out_file = tmp_path / "x.csv"
    done = subprocess.run(
        breathe_cmd("export", "--output", str(out_file)), env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    fresh = {**os.environ, "BREATHE_DATA_DIR": str(tmp_path / "fresh")}
    done = subprocess.run(
        breathe_cmd("import", str(out_file)), env=fresh, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "2 added" in done.stdout


def test_stored_text_the_import_would_refuse_is_left_out_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand edit (or an older config's id) past the limits: not written, so the export
    still imports; a `planned` listed round by round is written said once, CSV and JSON."""
    import sqlite3

    mine = tmp_path / "mine"
    mine.mkdir()
    monkeypatch.setenv("BREATHE_DATA_DIR", str(mine))
    with HistoryStore.open(mine / "history.sqlite3") as store:
        plan = plan_session(Catalogue(), "between-sets", lead_in=0)
        for n in range(3):
            start = SessionStart.from_plan(plan, T0 + timedelta(hours=n))
            end = SessionEnd("completed", start.started_at + timedelta(seconds=30), 5, 29.0)
            store.record(start, end)
    conn = sqlite3.connect(mine / "history.sqlite3")
    with conn:
        conn.execute("UPDATE sessions SET planned = ?", (" then ".join(["5 breaths"] * 30),))
        conn.execute("UPDATE sessions SET exercise_id = ? WHERE id = 2", ("w" * 7000,))
    conn.close()
    for fmt in ("csv", "json"):
        out_file = tmp_path / f"all.{fmt}"
        monkeypatch.setenv("BREATHE_DATA_DIR", str(mine))
        code, _, err = run_main(["export", "--format", fmt, "--output", str(out_file)], capsys)
        assert code == 0
        assert "left out 1 stored session" in err
        limit = TEXT_LIMITS["exercise"]
        assert f"id 2: exercise is 7,000 characters long; at most {limit:,}" in err
        assert "5 breaths x 30" in out_file.read_text() and " then " not in out_file.read_text()
        monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / f"fresh-{fmt}"))
        code, out, err = run_main(["import", str(out_file)], capsys)
        assert (code, err) == (0, "")
        assert "2 added" in out
