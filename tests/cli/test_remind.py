"""`breathe remind` and `breathe later` end to end, with fake `systemctl`, `systemd-run`,
`systemd-analyze` and `notify-send` on PATH that record their arguments, print nothing and
exit 0 (or, where a test says so, 1)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.core.reminders import EVERY_DAY, Reminder
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from breathe.system.notify import session_env
from breathe.system.scheduler import breathe_command, reminders_file, save_reminders
from tests.helpers.cli import breathe_cmd, run_main

FAKES = ("systemctl", "systemd-run", "systemd-analyze", "notify-send")


class Fakes:
    def __init__(self, root: Path) -> None:
        self.bin = root / "fake-bin"
        self.bin.mkdir()
        self.log = root / "calls.log"

    def add(self, name: str, status: int = 0) -> None:
        script = self.bin / name
        script.write_text(
            "#!/bin/sh\n"
            f"{{ printf '%s' \"${{0##*/}}\"; printf '|%s' \"$@\"; printf '\\n'; }}"
            f" >> '{self.log}'\n"
            f"exit {status}\n"
        )
        script.chmod(0o755)

    def calls(self, name: str | None = None) -> list[list[str]]:
        if not self.log.exists():
            return []
        rows = [line.split("|") for line in self.log.read_text().splitlines()]
        return [row for row in rows if name is None or row[0] == name]


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fakes:
    found = Fakes(tmp_path)
    for name in FAKES:
        found.add(name)
    monkeypatch.setenv("PATH", str(found.bin))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TERMINAL", raising=False)
    return found


def unit_dir(tmp_path: Path) -> Path:
    return tmp_path / "xdg" / "systemd" / "user"


def stored() -> list[dict[str, str]]:
    data = json.loads(reminders_file().read_text())
    return list(data["reminders"])


def test_add_writes_the_units_enables_the_timer_and_records_it(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        ["remind", "add", "07:30", "--days", "mon..fri", "--run", "pre-run"], capsys
    )
    assert (code, err) == (0, "")
    assert out.startswith("Reminder 0730: Before the run at 07:30 (mon..fri); next ")
    timer = unit_dir(tmp_path) / "breathe-remind-0730.timer"
    service = unit_dir(tmp_path) / "breathe-remind-0730.service"
    assert "OnCalendar=Mon..Fri *-*-* 07:30:00\nPersistent=true\n" in timer.read_text()
    exec_start = f"ExecStart={breathe_command()[0]} remind fire 0730 --scheduled\n"
    assert exec_start in service.read_text()
    assert Path(breathe_command()[0]).is_absolute()
    assert fakes.calls("systemd-analyze") == [
        ["systemd-analyze", "calendar", "Mon..Fri *-*-* 07:30:00"]
    ]
    assert fakes.calls("systemctl") == [
        ["systemctl", "--user", "show-environment"],
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "breathe-remind-0730.timer"],
    ]
    assert stored() == [{"name": "0730", "time": "07:30", "days": "mon..fri", "run": "pre-run"}]


def test_add_defaults_to_daily_and_the_most_used_routine(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["remind", "add", "18:00"], capsys)[0] == 0
    assert stored() == [{"name": "1800", "time": "18:00", "days": "daily", "run": "pre-run"}]
    with HistoryStore.open() as store:
        for _ in range(2):
            store.record(*session("box"))
        store.record(*session("hooklying", routine="post-run"))
    assert run_main(["remind", "add", "19:00"], capsys)[0] == 0
    assert stored()[1]["run"] == "box"


def test_a_name_taken_is_a_usage_error_and_nothing_changes(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["remind", "add", "07:30", "--run", "wall"], capsys)[0] == 0
    calls = len(fakes.calls())
    code, out, err = run_main(["remind", "add", "07:30", "--days", "sat,sun"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "exists" in err
    assert len(fakes.calls()) == calls


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["remind", "add", "7.30"], "the time must be HH:MM"),
        (["remind", "add", "07:30", "--days", "weekdays"], "days must be"),
        (["remind", "add", "07:30", "--run", "nosuch"], "unknown exercise 'nosuch'"),
        (["remind", "add", "07:30", "--name", "My Run"], "name is 1 to 32"),
        (["remind", "remove", "nosuch"], "no reminder named 'nosuch'"),
        (["remind", "remove"], "NAME or --all"),
        (["remind", "fire", "nosuch"], "no reminder named 'nosuch'"),
        (["later", "soon"], "duration must be like 20m"),
        (["later", "20m", "--run", "nosuch"], "unknown exercise"),
    ],
)
def test_bad_times_days_and_ids_are_one_line_with_exit_2(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run_main(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("breathe: ") and says in err and err.count("\n") == 1
    assert not reminders_file().exists() and not unit_dir(tmp_path).exists()
    assert fakes.calls("systemctl")[1:] == []  # at most the probe


def test_a_calendar_systemd_rejects_writes_nothing(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.add("systemd-analyze", status=1)
    code, out, err = run_main(["remind", "add", "07:30"], capsys)
    assert (code, out) == (2, "")
    assert err == "breathe: systemd-analyze rejects the calendar '*-*-* 07:30:00'\n"
    assert not reminders_file().exists() and not unit_dir(tmp_path).exists()


def test_a_failed_enable_leaves_nothing_behind(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.add("systemctl")
    (fakes.bin / "systemctl").write_text(
        '#!/bin/sh\ncase "$2" in enable) echo "Failed to enable unit" >&2; exit 1;; esac\nexit 0\n'
    )
    code, out, err = run_main(["remind", "add", "07:30"], capsys)
    assert (code, out) == (1, "")
    assert "exit status 1): Failed to enable unit" in err and err.count("\n") == 1
    assert not reminders_file().exists()
    assert list(unit_dir(tmp_path).iterdir()) == []


@pytest.mark.parametrize("probe_status", [None, 1])
def test_no_scheduler_is_one_line_and_a_cron_line(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str], probe_status: int | None
) -> None:
    if probe_status is None:
        (fakes.bin / "systemctl").unlink()
    else:
        fakes.add("systemctl", status=probe_status)
    code, out, err = run_main(["remind", "add", "07:30", "--days", "mon..fri"], capsys)
    assert code == 1
    assert err.count("\n") == 1 and "no scheduler" in err and "nothing was written" in err
    assert out == f"30 7 * * 1-5 {breathe_command()[0]} remind fire 0730 --run pre-run\n"
    assert not reminders_file().exists() and not unit_dir(tmp_path).exists()
    code, out, err = run_main(["later", "20m"], capsys)
    assert (code, out) == (1, "")
    assert "no scheduler" in err
    me = shlex.join(breathe_command())  # by its path, as the crontab line has it
    assert f"sleep 1200 && {me} remind fire later --run pre-run &" in err


def test_list_shows_what_breathe_recorded_with_the_next_time(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["remind", "list"], capsys)[1].startswith("No reminders. Add one with")
    run_main(["remind", "add", "07:30", "--days", "sat,sun", "--run", "wall"], capsys)
    run_main(["remind", "add", "21:00", "--name", "evening", "--run", "post-run"], capsys)
    calls = len(fakes.calls())
    code, out, _ = run_main(["remind", "list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "TIME", "DAYS", "STARTS", "NEXT"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows["0730"][:4] == ["0730", "07:30", "sat,sun", "wall"]
    assert rows["evening"][:4] == ["evening", "21:00", "daily", "post-run"]
    assert rows["evening"][-1] == "21:00"
    assert len(fakes.calls()) == calls  # the scheduler is never asked


def test_remove_disables_and_deletes_only_its_own(
    fakes: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(["remind", "add", "07:30"], capsys)
    run_main(["remind", "add", "08:00"], capsys)
    other = unit_dir(tmp_path) / "mine.timer"
    other.write_text("[Timer]\n")
    fakes.log.unlink()
    code, out, _ = run_main(["remind", "remove", "0730"], capsys)
    assert (code, out) == (0, "Removed reminder 0730.\n")
    assert fakes.calls("systemctl")[1:] == [
        ["systemctl", "--user", "disable", "--now", "breathe-remind-0730.timer"],
        ["systemctl", "--user", "daemon-reload"],
    ]
    assert sorted(p.name for p in unit_dir(tmp_path).iterdir()) == [
        "breathe-remind-0800.service",
        "breathe-remind-0800.timer",
        "mine.timer",
    ]
    assert [r["name"] for r in stored()] == ["0800"]
    code, out, _ = run_main(["remind", "remove", "--all"], capsys)
    assert (code, out) == (0, "Removed reminder 0800.\n")
    assert [p.name for p in unit_dir(tmp_path).iterdir()] == ["mine.timer"]
    assert stored() == []


def session(
    exercise: str, routine: str | None = None, when: datetime | None = None
) -> tuple[SessionStart, SessionEnd]:
    start = when or datetime.now(timezone.utc) - timedelta(minutes=1)
    return (
        SessionStart(start, exercise, exercise, "3-0-6-3", "ha", "4 breaths", routine=routine),
        SessionEnd("completed", start + timedelta(seconds=30), 4, 30.0),
    )


def save_reminder(at: datetime, run: str = "pre-run") -> None:
    save_reminders([Reminder("r1", at.time().replace(second=0, microsecond=0), EVERY_DAY, run)])


def test_fire_shows_a_notification(fakes: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    save_reminder(datetime.now())
    code, out, err = run_main(["remind", "fire", "r1", "--scheduled"], capsys)
    assert (code, out, err) == (0, "Time for Before the run · 5 min\n", "")
    assert fakes.calls("notify-send") == [
        [
            "notify-send",
            "--app-name=breathe",
            "Time for Before the run · 5 min",
            "Start it with: breathe run pre-run",
        ]
    ]


def test_fire_after_a_session_of_the_same_routine_today_shows_nothing(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    save_reminder(datetime.now())
    with HistoryStore.open() as store:
        store.record(*session("wall+goal-post", routine="pre-run"))
        store.record(*session("wall", when=datetime.now(timezone.utc) - timedelta(days=2)))
    code, out, _ = run_main(["remind", "fire", "r1"], capsys)
    assert code == 0 and out.startswith("Already done today (pre-run at ")
    assert fakes.calls("notify-send") == []
    assert run_main(["remind", "fire", "r1", "--always"], capsys)[0] == 0
    assert len(fakes.calls("notify-send")) == 1
    # An exercise done two days ago, not today: the reminder shows.
    assert run_main(["remind", "fire", "x", "--run", "wall"], capsys)[1] == (
        "Time for Wall breathing · 3 min\n"
    )
    assert len(fakes.calls("notify-send")) == 2


def test_start_on_the_notification_opens_a_terminal_running_the_session(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.add("x-terminal-emulator")
    (fakes.bin / "notify-send").write_text(
        f"#!/bin/sh\necho \"$*\" >> '{fakes.log}.notify'\necho start\n"
    )
    assert run_main(["remind", "fire", "now", "--run", "box"], capsys)[0] == 0
    assert (
        "--action=start=Start --wait Time for Box breathing"
        in Path(f"{fakes.log}.notify").read_text()
    )
    deadline = time.monotonic() + 5
    while not fakes.calls("x-terminal-emulator") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fakes.calls("x-terminal-emulator") == [
        ["x-terminal-emulator", "-e", *breathe_command(), "run", "box"]
    ]


def test_a_stale_scheduled_fire_is_dropped_quietly(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    save_reminder(datetime.now() - timedelta(hours=2, minutes=5))
    assert run_main(["remind", "fire", "r1", "--scheduled"], capsys) == (0, "", "")
    assert fakes.calls("notify-send") == []
    assert run_main(["remind", "fire", "r1"], capsys)[0] == 0  # by hand: shown
    assert len(fakes.calls("notify-send")) == 1


def test_later_starts_a_transient_timer(fakes: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["later", "20m", "--run", "post-run"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Reminder in 20min (at ") and out.endswith("): After the run.\n")
    (call,) = fakes.calls("systemd-run")
    assert call[:3] == ["systemd-run", "--user", "--on-active=20min"]
    assert call[3].startswith("--unit=breathe-later-")
    assert call[-6:] == [breathe_command()[-1], "remind", "fire", "later", "--run", "post-run"]
    assert not reminders_file().exists()


def test_notify_send_is_pointed_at_the_session_bus(tmp_path: Path) -> None:
    bus = tmp_path / "run" / str(os.getuid()) / "bus"
    assert "DBUS_SESSION_BUS_ADDRESS" not in session_env({}, tmp_path / "run")
    bus.parent.mkdir(parents=True)
    bus.touch()
    env = session_env({"PATH": "/bin"}, tmp_path / "run")
    assert env["DBUS_SESSION_BUS_ADDRESS"] == f"unix:path={bus}"
    kept = session_env({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}, tmp_path / "run")
    assert kept["DBUS_SESSION_BUS_ADDRESS"] == "unix:path=/x"


def test_paths_lists_the_reminder_files(fakes: Fakes, tmp_path: Path) -> None:
    done = subprocess.run(
        breathe_cmd("paths"), capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    assert f"remind   {reminders_file()}\n" in done.stdout
    assert f"remind   {unit_dir(tmp_path)}/breathe-remind-*\n" in done.stdout
