"""Keep-awake: a fake tool on PATH records that it was started and that it was stopped."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from breathe.cli.main import main
from breathe.system.keepawake import acquire, keep_awake

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the fake tools are POSIX shell scripts"
)

# Stands in for systemd-inhibit: logs its arguments, runs the holder command after the
# options with our stdin, and logs how it ended.
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

# Stands in for caffeinate: like the real one, it ends by itself when the -w pid is gone.
FAKE_CAFFEINATE = r"""#!/bin/sh
echo "started $$ $*" >> "$FAKE_LOG"
trap 'echo "terminated $$" >> "$FAKE_LOG"; exit 0' TERM
watched="$3"
while kill -0 "$watched" 2>/dev/null; do sleep 0.05; done
"""


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


class Fake:
    def __init__(self, log: Path) -> None:
        self.log = log

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def pid(self, word: str) -> int:
        assert wait_for(lambda: any(line.startswith(word + " ") for line in self.lines()))
        line = next(line for line in self.lines() if line.startswith(word + " "))
        return int(line.split()[1])


@pytest.fixture
def fake_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Fake]:
    def install(name: str, script: str) -> Fake:
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        tool = bin_dir / name
        tool.write_text(script)
        tool.chmod(0o755)
        log = tmp_path / f"{name}.log"
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
        monkeypatch.setenv("FAKE_LOG", str(log))
        return Fake(log)

    return install


def test_linux_holds_an_idle_and_sleep_lock_and_releases_it(
    fake_tool: Callable[[str, str], Fake],
) -> None:
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    with keep_awake("breathing session: Wall breathing", platform="linux") as hold:
        assert hold.method == "systemd-inhibit"
        pid = fake.pid("started")
        holder = fake.pid("holder")
        assert hold.active and bool(hold)
        assert alive(pid) and alive(holder)
        started = next(line for line in fake.lines() if line.startswith("started"))
        assert started == (
            f"started {pid} --what=idle:sleep --who=breathe "
            "--why=breathing session: Wall breathing --mode=block cat"
        )
    assert not hold.active
    assert f"terminated {pid}" in fake.lines()
    assert not alive(pid)
    assert wait_for(lambda: not alive(holder))


@pytest.mark.parametrize("error", [RuntimeError("the UI crashed"), KeyboardInterrupt()])
def test_released_on_an_exception_and_on_ctrl_c(
    fake_tool: Callable[[str, str], Fake], error: BaseException
) -> None:
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    with pytest.raises(type(error)), keep_awake("x", platform="linux") as hold:
        pid = fake.pid("started")
        holder = fake.pid("holder")
        assert hold.active
        raise error
    assert f"terminated {pid}" in fake.lines()
    assert not alive(pid)
    assert wait_for(lambda: not alive(holder))


def test_missing_tool_carries_on_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tool at all
    ran = False
    for platform in ("linux", "darwin", "freebsd14"):
        with keep_awake("x", platform=platform) as hold:
            ran = True
            assert hold.method == "none"
            assert not hold.active
    assert ran


def test_windows_hold_elsewhere_is_inactive_not_an_error() -> None:
    with keep_awake("x", platform="win32") as hold:
        assert hold.method == "none" and not hold.active


def test_tool_that_refuses_is_reported_inactive_without_failing(
    fake_tool: Callable[[str, str], Fake],
) -> None:
    fake_tool("systemd-inhibit", "#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n")
    with keep_awake("x", platform="linux") as hold:
        assert hold.method == "systemd-inhibit"
        assert wait_for(lambda: not hold.active)


def test_tool_that_cannot_be_started_is_inactive(fake_tool: Callable[[str, str], Fake]) -> None:
    fake_tool("systemd-inhibit", "not a script: no #! line, so exec fails\n")
    # An executable file that exec() rejects raises OSError in Popen: no hold, no failure.
    with keep_awake("x", platform="linux") as hold:
        assert not wait_for(lambda: hold.active, timeout=0.3)


def test_macos_caffeinate_watches_our_pid_and_is_stopped(
    fake_tool: Callable[[str, str], Fake],
) -> None:
    fake = fake_tool("caffeinate", FAKE_CAFFEINATE)
    with keep_awake("x", platform="darwin") as hold:
        pid = fake.pid("started")
        assert hold.method == "caffeinate" and hold.active
        assert fake.lines()[0] == f"started {pid} -i -w {os.getpid()}"
    assert f"terminated {pid}" in fake.lines()
    assert not alive(pid)


def test_release_twice_is_harmless(fake_tool: Callable[[str, str], Fake]) -> None:
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    hold = acquire("x", platform="linux")
    pid = fake.pid("started")
    hold.release()
    hold.release()
    assert fake.lines().count(f"terminated {pid}") == 1


def _python(code: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_no_lock_outlives_a_killed_breathe(fake_tool: Callable[[str, str], Fake]) -> None:
    """SIGKILL runs no cleanup: the holder sees our pipe close and ends by itself."""
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    child = _python(
        """
        import time
        from breathe.system.keepawake import acquire
        hold = acquire("x", platform="linux")
        print("ready", flush=True)
        time.sleep(60)
        """,
        dict(os.environ),
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    pid = fake.pid("started")
    holder = fake.pid("holder")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=5)
    child.stdout.close()
    assert wait_for(lambda: f"holder ended {pid}" in fake.lines())
    assert wait_for(lambda: not alive(pid) and not alive(holder))


def test_atexit_releases_a_hold_left_open(fake_tool: Callable[[str, str], Fake]) -> None:
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    child = _python(
        """
        import os, sys, time
        from breathe.system.keepawake import acquire
        hold = acquire("x", platform="linux")
        log = os.environ["FAKE_LOG"]
        while not (os.path.exists(log) and "holder" in open(log).read()):
            time.sleep(0.01)
        sys.exit(3)  # no release(): only atexit can do it
        """,
        dict(os.environ),
    )
    assert child.wait(timeout=10) == 3
    assert child.stdout is not None
    child.stdout.close()
    pid = fake.pid("started")
    assert f"terminated {pid}" in fake.lines()
    assert wait_for(lambda: not alive(pid))


def test_plain_run_keeps_the_system_awake_for_the_session(
    fake_tool: Callable[[str, str], Fake], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    fake = fake_tool("systemd-inhibit", FAKE_INHIBIT)
    out = io.StringIO()
    argv = ["run", "box", "--plain", "--lead-in", "0", "--breaths", "1", "--pattern", "0.02-0.02"]
    assert main(argv, out) == 0
    assert out.getvalue().splitlines()[-1].startswith("completed: Box breathing")
    pid = fake.pid("started")
    assert "--why=breathing session: Box breathing" in fake.lines()[0]
    assert f"terminated {pid}" in fake.lines()
    assert not alive(pid)
