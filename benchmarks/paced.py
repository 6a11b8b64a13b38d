"""CPU and peak memory of a program run in a pseudo-terminal for a fixed time, its sound going
to a paced stand-in for a sound card (the method of ../shared/bench/sound_cpu.py).

An unpaced null device lets an audio player render as fast as it can; here ALSA's default PCM
is the `file` plugin over a `null` slave, writing WAV into a packet-mode pipe (O_DIRECT) that a
thread reads at the stream's own byte rate, so the player renders one more period each time,
as on a card. Steady-state CPU is a difference of two runs: (long - short) / (long - short s),
which cancels start-up and the count-in.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

F_SETPIPE_SZ = 1031


class PacedCard:
    """A packet-mode pipe read at the stream's byte rate (taken from the WAV header)."""

    def __init__(self) -> None:
        self.r, self.w = os.pipe2(os.O_DIRECT)
        fcntl.fcntl(self.w, F_SETPIPE_SZ, 4096 * 3)
        os.set_inheritable(self.w, True)
        os.set_blocking(self.r, False)
        self.header = b""
        self.byte_rate = 0
        self.taken = 0
        self.t_first: float | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _header(self) -> None:
        h, i = self.header, 12
        if len(h) < 44 or h[:4] != b"RIFF":
            return
        while i + 8 <= len(h):
            cid, size = h[i : i + 4], struct.unpack("<I", h[i + 4 : i + 8])[0]
            if cid == b"fmt " and i + 24 <= len(h):
                self.byte_rate = struct.unpack("<I", h[i + 16 : i + 20])[0]
            if cid == b"data":
                return
            i += 8 + size

    def _run(self) -> None:
        while not self._done.is_set():
            if self.byte_rate and self.t_first is not None:
                ahead = self.taken / self.byte_rate - (time.monotonic() - self.t_first)
                if ahead > 0:
                    time.sleep(min(ahead, 0.005))
                    continue
            try:
                data = os.read(self.r, 65536)
            except BlockingIOError:
                time.sleep(0.001)
                continue
            except OSError:
                return
            if not data:
                return
            if not self.byte_rate:
                self.header += data
                self._header()
                continue
            if self.t_first is None:
                self.t_first = time.monotonic()
            self.taken += len(data)

    def seconds(self) -> float:
        return self.taken / self.byte_rate if self.byte_rate else 0.0

    def alsa_config(self) -> Path:
        conf = Path(tempfile.mkdtemp()) / "asound.conf"
        conf.write_text(
            f'pcm.!default {{ type file; slave.pcm "nullsink"; file {self.w}; '
            f'format "wav" }}\npcm.nullsink {{ type null }}\n'
        )
        return conf

    def close(self) -> None:
        self._done.set()
        for fd in (self.w, self.r):
            with contextlib.suppress(OSError):
                os.close(fd)


@dataclass(frozen=True)
class PacedRun:
    cpu_s: float  # user + system of the child and its threads (wait4)
    peak_rss_mib: float
    audio_s: float  # seconds of sound the card took
    rc: int


def paced_run(
    argv: Sequence[str],
    seconds: float,
    env: dict[str, str],
    size: tuple[int, int] = (100, 30),
    sound: bool = False,
) -> PacedRun:
    """Run `argv` in a pty of `size` for `seconds` (or until it exits), then SIGTERM it."""
    cols, rows = size
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    child_env.update(env)
    child_env.update(
        TERM="xterm-256color",
        COLUMNS=str(cols),
        LINES=str(rows),
        PULSE_SERVER="unix:/nonexistent/pulse",  # only the ALSA configuration may play
    )
    card = PacedCard() if sound else None
    if card is not None:
        child_env["ALSA_CONFIG_PATH"] = str(card.alsa_config())
    pid, fd = pty.fork()
    if pid == 0:  # child
        if card is not None:
            os.close(card.r)
        os.execvpe(argv[0], list(argv), child_env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    try:
        status, rusage = _run_for(pid, fd, seconds)
    finally:
        os.close(fd)
        if card is not None:
            card.close()
    return PacedRun(
        cpu_s=rusage.ru_utime + rusage.ru_stime,
        peak_rss_mib=rusage.ru_maxrss / 1024,
        audio_s=card.seconds() if card is not None else 0.0,
        rc=os.waitstatus_to_exitcode(status),
    )


def _run_for(pid: int, fd: int, seconds: float) -> tuple[int, os.struct_rusage]:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        wpid, st, ru = os.wait4(pid, os.WNOHANG)
        if wpid:
            return st, ru
    os.kill(pid, signal.SIGTERM)
    for _ in range(150):
        wpid, st, ru = os.wait4(pid, os.WNOHANG)
        if wpid:
            return st, ru
        try:  # keep the pty drained so the child can write its last frame and leave
            if select.select([fd], [], [], 0.02)[0]:
                os.read(fd, 65536)
        except OSError:
            time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    _, st, ru = os.wait4(pid, 0)
    return st, ru


@dataclass(frozen=True)
class Steady:
    cpu_percent: float  # of one core, in the steady state
    peak_rss_mib: float  # of the long run
    audio_s: float  # of the long run


def steady(
    argv: Sequence[str],
    env: dict[str, str],
    short: float,
    long: float,
    size: tuple[int, int] = (100, 30),
    sound: bool = False,
) -> Steady:
    """Steady CPU as the difference of a short and a long run of the same command."""
    a = paced_run(argv, short, env, size, sound)
    b = paced_run(argv, long, env, size, sound)
    return Steady(100 * (b.cpu_s - a.cpu_s) / (long - short), b.peak_rss_mib, b.audio_s)
