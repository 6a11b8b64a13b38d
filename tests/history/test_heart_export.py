"""The heart in `breathe export` and `breathe import`: the five fields, in JSON and CSV, the
beats restored by an import, older exports still read, bad values located."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import run_main

FIXTURES = Path(__file__).parent / "fixtures"
QUICK = ["--plain", "--no-sound", "--pattern", "1-0-1-0", "--breaths", "2", "--lead-in", "0"]
HEART = ("heart_bpm", "heart_swing_bpm", "heart_rmssd_ms", "heart_beats", "heart_rr_ms")
GOOD = {
    "started_at": "2026-03-02T07:30:00+00:00",
    "ended_at": "2026-03-02T07:35:00+00:00",
    "exercise": "wall",
    "pattern": "3-0-6-3",
    "exhale": "ha",
    "planned": "4 breaths",
    "breaths": 4,
    "active_s": 30.0,
    "paused_s": 0.0,
    "status": "completed",
}


def _to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / name))


@pytest.mark.device  # a real-time plain session of a few seconds
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_replayed_800ms_session_saves_75_bpm_and_round_trips(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _to(monkeypatch, tmp_path, "first")
    rr = tmp_path / "rr.txt"
    rr.write_text("800\n" * 20)
    code, out, _ = run_main(["run", "wall", *QUICK, "--hr", str(rr)], capsys)
    assert code == 0, out
    code, exported, _ = run_main(["export", "--format", fmt], capsys)
    assert code == 0
    if fmt == "json":
        (item,) = json.loads(exported)
    else:
        (item,) = csv.DictReader(io.StringIO(exported))
    assert float(item["heart_bpm"]) == 75.0
    beats = int(item["heart_beats"])
    rr_ms = item["heart_rr_ms"] if fmt == "json" else item["heart_rr_ms"].split()
    # As a strap sends them, in 1/1024 s: 800 ms is 819/1024 s.
    assert beats > 0 and len(rr_ms) == beats and {float(v) for v in rr_ms} == {799.805}
    assert float(item["heart_swing_bpm"]) == 0.0 and float(item["heart_rmssd_ms"]) == 0.0
    export = tmp_path / f"out.{fmt}"
    export.write_text(exported)
    _to(monkeypatch, tmp_path, "second")
    code, out, err = run_main(["import", str(export)], capsys)
    assert code == 0 and "1 added" in out + err, out + err
    code, again, _ = run_main(["export", "--format", fmt], capsys)
    assert code == 0 and again == exported


@pytest.mark.parametrize("name", ["export-schema3.json", "export-schema3.csv"])
def test_an_export_from_before_the_heart_still_imports(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / name
    shutil.copy(FIXTURES / name, source)
    code, out, err = run_main(["import", str(source)], capsys)
    assert code == 0 and "3 added" in out + err, out + err
    code, exported, _ = run_main(["export", "--format", "json"], capsys)
    items = json.loads(exported)
    assert len(items) == 3
    assert all(item[f] is None for item in items for f in HEART[:4])
    assert all(item["heart_rr_ms"] == [] for item in items)
    assert {item["exercise"] for item in items} == {"wall", "box", "resonance"}


def test_json_import_restores_the_beats_and_the_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heart = {
        "heart_bpm": 71.5,
        "heart_swing_bpm": 8.25,
        "heart_rmssd_ms": 44.0,
        "heart_beats": 3,
        "heart_rr_ms": [812.5, 850, 799.023],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps([GOOD | heart]))
    assert run_main(["import", str(source)], capsys)[0] == 0
    _, exported, _ = run_main(["export", "--format", "csv"], capsys)
    (row,) = csv.DictReader(io.StringIO(exported))
    assert row["heart_rr_ms"] == "812.5 850 799.023"
    assert (row["heart_bpm"], row["heart_swing_bpm"], row["heart_beats"]) == ("71.5", "8.25", "3")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("heart_bpm", "fast", "heart_bpm is 'fast'; expected a number 0 to 300"),
        ("heart_swing_bpm", -2, "heart_swing_bpm is -2; expected a number"),
        ("heart_beats", 2.5, "heart_beats is 2.5; expected a whole number"),
        ("heart_rr_ms", [800, "x"], "heart_rr_ms interval 2 is 'x'; expected ms above 0"),
        ("heart_rr_ms", [800, 0], "heart_rr_ms interval 2 is 0; expected ms above 0"),
        ("heart_rr_ms", {"a": 1}, "heart_rr_ms is {'a': 1}; expected intervals in ms"),
    ],
)
def test_a_bad_heart_value_is_a_located_problem_and_nothing_is_added(
    field: str, value: object, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps([GOOD, GOOD | {field: value}]))
    code, _, err = run_main(["import", str(source)], capsys)
    assert code != 0
    assert f"{source} item 2: {says}" in err, err
    assert run_main(["export", "--format", "json"], capsys)[1].strip() == "[]"


def test_a_bad_interval_in_csv_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    header = [*GOOD, *HEART]
    lines = [
        ",".join(header),
        ",".join([*(str(v) for v in GOOD.values()), "", "", "", "", "800 8e5"]),
    ]
    source.write_text("\n".join(lines) + "\n")
    code, _, err = run_main(["import", str(source)], capsys)
    assert code != 0
    assert f"{source} line 2: heart_rr_ms interval 2 is '8e5'" in err, err


def test_more_than_50000_intervals_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps([GOOD | {"heart_rr_ms": [800] * 50_001}]))
    code, _, err = run_main(["import", str(source)], capsys)
    assert code != 0 and "heart_rr_ms has 50,001 intervals; at most 50,000" in err, err


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], *items: dict[str, object]) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(list(items)))
    assert run_main(["import", str(source)], capsys)[0] == 0


def test_history_has_a_heart_column_only_when_a_shown_session_has_heart_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # into a pipe: 80 at most, the heart's column fits
    _import(tmp_path, capsys, GOOD)
    _, out, _ = run_main(["history"], capsys)
    assert "HEART" not in out
    later = GOOD | {
        "started_at": "2026-03-03T07:30:00+00:00",
        "ended_at": "2026-03-03T07:35:00+00:00",
    }
    heart = {"heart_bpm": 71.6, "heart_swing_bpm": 8.5, "heart_beats": 0}
    _import(tmp_path, capsys, later | heart)
    _, out, _ = run_main(["history"], capsys)
    heading, newest, oldest = out.splitlines()
    assert heading.endswith("HEART") and max(len(line) for line in out.splitlines()) <= 80
    assert newest.endswith("72/8") and not oldest.rstrip().endswith("/8")
    _, out, _ = run_main(["history", "--limit", "1"], capsys)
    assert "HEART" in out
    _, out, _ = run_main(["history", "--json"], capsys)
    shown = json.loads(out)
    assert shown[0]["heart_bpm"] == 71.6 and shown[0]["heart_swing_bpm"] == 8.5
    assert shown[1]["heart_bpm"] is None and shown[1]["heart_rr_ms"] == []


def test_the_heart_cell_says_no_swing_for_a_sensor_without_intervals() -> None:
    from types import SimpleNamespace

    from breathe.core.report import heart_cell

    assert heart_cell(SimpleNamespace(heart_bpm=64.4, heart_swing_bpm=None)) == "64/-"
    assert heart_cell(SimpleNamespace(heart_bpm=None, heart_swing_bpm=None)) == ""


def test_insights_rank_exercises_by_swing_beside_tension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def on(day: int, exercise: str, swing: float, rr: list[float], **more: object) -> dict:  # type: ignore[type-arg]
        when = f"2026-03-{day:02d}T07:30:00+00:00"
        return (
            GOOD
            | {"started_at": when, "ended_at": when, "exercise": exercise}
            | more
            | {
                "heart_bpm": 70.0,
                "heart_swing_bpm": swing,
                "heart_rr_ms": rr,
            }
        )

    slowing = [750.0] * 100 + [1000.0] * 70  # the last minute 20 bpm slower than the first
    rated = {"tension_before": 6, "tension_after": 4}
    _import(
        tmp_path,
        capsys,
        on(2, "wall", 4.0, slowing, **rated),
        on(3, "wall", 6.0, [800.0] * 10, **rated),  # too short for a change
        on(4, "hooklying", 9.0, [800.0] * 200),
    )
    _, out, _ = run_main(["history", "--insights"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("What helps you: tension")
    assert lines[1].startswith("  Wall breathing: needs more data (2 of 5")
    heart = next(i for i, line in enumerate(lines) if line.startswith("Your heart:"))
    assert "mean swing per breath" in lines[heart]
    assert [line for line in lines[heart + 1 :] if line.startswith("  ")] == [
        "  Hooklying reset: swing 9.0 bpm, heart rate 0.0 bpm (n = 1)",
        "  Wall breathing: swing 5.0 bpm, heart rate -20.0 bpm (n = 2)",
    ]
    _, out, _ = run_main(["history", "--insights", "--json"], capsys)
    items = {item["id"]: item for item in json.loads(out)}
    assert items["wall"]["mean_swing_bpm"] == 5.0 and items["wall"]["heart_sessions"] == 2
    assert items["wall"]["heart_rate_change_bpm"] == pytest.approx(-20.0)
    assert items["hooklying"]["n"] == 0 and items["hooklying"]["enough_data"] is False
