"""Keep-awake through wakepy's keep.presenting mode: fake wakepy methods record that the hold
was taken and given back (in the app, in plain mode, on Ctrl-C and SIGTERM); a fake
`systemd-inhibit` on PATH stands in for the logind fallback."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from wakepy import Method, ModeName

from breathe.cli.main import main
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.system import keepawake, logind_lock
from breathe.system.keepawake import NOT_KEPT, KeepAwake, acquire
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.screens.summary import SummaryScreen
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, fixed_wall_clock

FAKE = "breathe-test-presenting"


class FakePresenting(Method):
    """A wakepy method that works (or not) on demand and logs what wakepy asked of it."""

    name = FAKE
    mode_name = ModeName.KEEP_PRESENTING
    events: ClassVar[list[str]] = []
    works: ClassVar[bool] = True

    def enter_mode(self) -> None:
        if not FakePresenting.works:
            raise RuntimeError("no session bus here")
        FakePresenting.events.append("enter")

    def exit_mode(self) -> None:
        FakePresenting.events.append("exit")


@pytest.fixture
def fake_method(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakePresenting]]:
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS", raising=False)
    monkeypatch.setattr(keepawake, "USE_ONLY", (FAKE,))
    monkeypatch.setattr(keepawake, "_told", False)
    FakePresenting.events.clear()
    FakePresenting.works = True
    yield FakePresenting
    FakePresenting.works = True


def test_holds_through_wakepy_and_releases(fake_method: type[FakePresenting]) -> None:
    with keep_awake("breathing session: Wall breathing") as hold:
        assert hold.active and bool(hold)
        assert hold.method == FAKE
        assert fake_method.events == ["enter"]
    assert not hold.active
    assert fake_method.events == ["enter", "exit"]


def test_release_twice_is_harmless(fake_method: type[FakePresenting]) -> None:
    hold = acquire("x")
    hold.release()
    hold.release()
    assert fake_method.events == ["enter", "exit"]


@contextlib.contextmanager
def keep_awake(reason: str, *, tell: Callable[[str], None] | None = None) -> Iterator[KeepAwake]:
    """A hold for the `with` body, as a session holds one from its start to its end."""
    hold = acquire(reason, tell=tell)
    try:
        yield hold
    finally:
        hold.release()


@pytest.mark.parametrize("error", [RuntimeError("the UI crashed"), KeyboardInterrupt()])
def test_a_plain_session_releases_on_an_exception_and_on_ctrl_c(
    fake_method: type[FakePresenting], error: BaseException
) -> None:
    from fractions import Fraction

    from breathe.audio.player import SilentPlayer
    from breathe.cli.plain import run_plain
    from breathe.core.catalogue import Catalogue
    from breathe.core.engine import Segment, State
    from breathe.core.plan import DoseChoice, plan_session
    from breathe.core.session import SessionListener, SessionRun
    from breathe.services.kit import KitNotices, SessionKit

    class Fails(SessionListener):
        def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
            assert fake_method.events == ["enter"]  # held from the first segment
            raise error

    kit = SessionKit(lambda: SilentPlayer(), KitNotices())
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=1), lead_in=Fraction(0))
    run = SessionRun(plan)
    listeners = (*kit.listeners(run), Fails())
    try:
        if isinstance(error, KeyboardInterrupt):
            assert run_plain(run, io.StringIO(), listeners=listeners).status == "ended_early"
        else:
            with pytest.raises(type(error)):
                run_plain(run, io.StringIO(), listeners=listeners)
        assert fake_method.events == ["enter", "exit"]  # the session's end let go
    finally:
        kit.close()


def test_nothing_works_says_so_once_and_carries_on(fake_method: type[FakePresenting]) -> None:
    fake_method.works = False
    told: list[str] = []
    for _ in range(3):
        with keep_awake("x", tell=told.append) as hold:
            assert not hold.active and hold.method == "none"
    assert told == [NOT_KEPT]


def test_wakepys_own_fake_success_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAKEPY_FAKE_SUCCESS", "1")
    with keep_awake("x") as hold:
        assert hold.active and hold.method == "WakepyFakeSuccess"
    assert not hold.active


def test_plain_run_keeps_the_screen_on_for_the_session(
    fake_method: type[FakePresenting],
) -> None:
    out = io.StringIO()
    argv = ["run", "box", "--plain", "--lead-in", "0", "--breaths", "1", "--pattern", "0.02-0.02"]
    assert main(argv, out) == 0
    assert out.getvalue().splitlines()[-1].startswith("completed: Box breathing")
    assert fake_method.events == ["enter", "exit"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_run_where_nothing_works_prints_one_line_on_a_terminal(
    fake_method: type[FakePresenting],
) -> None:
    fake_method.works = False
    out = Terminal()
    argv = ["run", "box", "--plain", "--lead-in", "0", "--breaths", "1", "--pattern", "0.02-0.02"]
    assert main(argv, out) == 0
    lines = out.getvalue().splitlines()
    assert lines.count(NOT_KEPT) == 1
    assert lines[-1].startswith("completed: Box breathing")
    logged = io.StringIO()  # a log or a pipe: nobody is watching a screen
    assert main(argv, logged) == 0
    assert NOT_KEPT not in logged.getvalue()


@pytest.mark.app
async def test_app_holds_from_the_first_segment_to_the_summary(
    fake_method: type[FakePresenting], safety_seen: None
) -> None:
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=clock, wall_clock=fixed_wall_clock, services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "down", "down")  # Mini wall sit: 5 breaths of 13 s
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")  # no tension answer
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await at(app, clock, pilot, 1)
            assert fake_method.events == ["enter"]
            await at(app, clock, pilot, 3 + 5 * 13 + 1)
            assert isinstance(app.screen, SummaryScreen)
            assert fake_method.events == ["enter", "exit"]
    finally:
        services.close()
    assert fake_method.events == ["enter", "exit"]


@pytest.mark.app
async def test_app_ended_early_and_closed_releases(
    fake_method: type[FakePresenting], safety_seen: None
) -> None:
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=clock, wall_clock=fixed_wall_clock, services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await at(app, clock, pilot, 5)
            assert fake_method.events == ["enter"]
    finally:
        services.close()  # the app went away mid-session: the hold goes with it
    assert fake_method.events == ["enter", "exit"]


# The logind fallback, with a fake systemd-inhibit ------------------------------------------

# Logs its arguments, runs the holder command after the options with our stdin, and logs
# how it ended.
FAKE_INHIBIT = r"""#!/bin/sh
log="$FAKE_LOG"
echo "started $$ $*" >> "$log"
trap 'echo "terminated $$" >> "$log"; exit 0' TERM
while [ "${1#--}" != "$1" ]; do shift; done
exec 3<&0
"$@" <&3 &
child=$!
echo "holder $child" >> "$log"
wait "$child"
echo "holder ended $$" >> "$log"
"""

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="systemd-inhibit is a Linux fallback"
)


def alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie no one has reaped yet."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Log:
    def __init__(self, path: Path) -> None:
        self.path = path

    def lines(self) -> list[str]:
        return self.path.read_text().splitlines() if self.path.exists() else []

    def pid(self, word: str) -> int:
        assert wait_for(lambda: any(line.startswith(word + " ") for line in self.lines()))
        line = next(line for line in self.lines() if line.startswith(word + " "))
        return int(line.split()[1])


@pytest.fixture
def fake_inhibit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Log:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "systemd-inhibit"
    tool.write_text(FAKE_INHIBIT)
    tool.chmod(0o755)
    log = tmp_path / "inhibit.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/run/fake-system-bus")
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS", raising=False)
    monkeypatch.setattr(keepawake, "USE_ONLY", ("systemd-inhibit",))
    monkeypatch.setattr(keepawake, "_told", False)
    return Log(log)


@linux_only
def test_systemd_inhibit_holds_an_idle_and_sleep_lock_and_releases_it(fake_inhibit: Log) -> None:
    with keep_awake("breathing session: Wall breathing") as hold:
        assert hold.method == "systemd-inhibit" and hold.active
        pid = fake_inhibit.pid("started")
        holder = fake_inhibit.pid("holder")
        assert alive(pid) and alive(holder)
        assert fake_inhibit.lines()[0] == (
            f"started {pid} --what=idle:sleep --who=breathe "
            "--why=breathing session: Wall breathing --mode=block cat"
        )
    assert f"terminated {pid}" in fake_inhibit.lines()
    assert not alive(pid)
    assert wait_for(lambda: not alive(holder))


@linux_only
def test_systemd_inhibit_missing_or_no_system_bus_is_told(
    fake_inhibit: Log, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SYSTEM_BUS_ADDRESS")
    monkeypatch.setattr(logind_lock, "_SYSTEM_BUS_SOCKET", tmp_path / "no-such-socket")
    told: list[str] = []
    with keep_awake("x", tell=told.append) as hold:
        assert not hold.active
    assert told == [NOT_KEPT]
    assert fake_inhibit.lines() == []


def _python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        text=True,
    )


@linux_only
def test_no_lock_outlives_a_killed_breathe(fake_inhibit: Log) -> None:
    """SIGKILL runs no cleanup: the holder sees our pipe close and ends by itself."""
    child = _python(
        """
        import time
        from breathe.system import keepawake
        keepawake.USE_ONLY = ("systemd-inhibit",)
        hold = keepawake.acquire("x")
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    pid = fake_inhibit.pid("started")
    holder = fake_inhibit.pid("holder")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=5)
    child.stdout.close()
    assert wait_for(lambda: f"holder ended {pid}" in fake_inhibit.lines())
    assert wait_for(lambda: not alive(pid) and not alive(holder))


@linux_only
def test_atexit_releases_a_hold_left_open(fake_inhibit: Log) -> None:
    child = _python(
        """
        import os, sys, time
        from breathe.system import keepawake
        keepawake.USE_ONLY = ("systemd-inhibit",)
        hold = keepawake.acquire("x")
        log = os.environ["FAKE_LOG"]
        while not (os.path.exists(log) and "holder" in open(log).read()):
            time.sleep(0.01)
        sys.exit(3)  # no release(): only atexit can do it
        """
    )
    assert child.wait(timeout=10) == 3
    assert child.stdout is not None
    child.stdout.close()
    pid = fake_inhibit.pid("started")
    assert f"terminated {pid}" in fake_inhibit.lines()
    assert wait_for(lambda: not alive(pid))


@linux_only
def test_sigterm_ends_a_plain_session_and_releases(fake_inhibit: Log) -> None:
    child = _python(
        """
        import sys
        from breathe.cli.main import main
        from breathe.system import keepawake
        keepawake.USE_ONLY = ("systemd-inhibit",)
        sys.exit(main(["run", "box", "--plain", "--lead-in", "0", "--breaths", "3",
                       "--pattern", "30-0-30-0", "--no-sound"]))
        """
    )
    assert child.stdout is not None
    assert "inhale" in child.stdout.readline()
    pid = fake_inhibit.pid("started")
    assert alive(pid)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=10) == 143
    rest = child.stdout.read()
    child.stdout.close()
    assert rest.splitlines()[-1].startswith("ended early: Box breathing")
    assert f"terminated {pid}" in fake_inhibit.lines()
    assert not alive(pid)


@pytest.mark.device
@pytest.mark.skipif(
    shutil.which("dbus-run-session") is None, reason="needs dbus-run-session (package dbus)"
)
def test_a_real_session_bus_screensaver_is_inhibited_and_released(tmp_path: Path) -> None:
    """wakepy's own D-Bus method, end to end: a private session bus, a fake ScreenSaver."""
    log = tmp_path / "screensaver.log"
    env = {k: v for k, v in os.environ.items() if k != "WAKEPY_FAKE_SUCCESS"}
    glue = textwrap.dedent(
        f"""
        "{sys.executable}" -m tests.helpers.fake_screensaver "{log}" &
        until grep -q ready "{log}" 2>/dev/null; do sleep 0.05; done
        "{sys.executable}" -m breathe run box --plain --breaths 1 --pattern 0.2-0.2 \\
            --lead-in 0 --no-sound
        status=$?
        kill %1
        exit $status
        """
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", glue],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert NOT_KEPT not in done.stdout
    assert done.stdout.splitlines()[-1].startswith("completed: Box breathing")
    assert log.read_text().splitlines() == [
        "ready",
        "Inhibit ('wakepy', 'wakelock active')",
        "UnInhibit (42,)",
    ]
