"""Running the installed `breathe` the way a user does, with its sound captured through ALSA.

`Breathe` starts the venv's console script, either the app in a pseudo-terminal (100x30,
`TERM=xterm-256color`, keys written to the terminal's master side) or plain mode (keys on
stdin), with `BREATHE_TRACE` on so the test learns the schedule's boundary instants as the
program itself computed them (the system-wide monotonic clock, the same in every process).

Putting the capture on the schedule's timeline
----------------------------------------------
The captured stream is continuous: miniaudio writes silence between cues, and the drain reads
it at the real-time byte rate from its first byte on, so a difference of positions in the
stream is a difference of time as a listener hears it. Each phase cue is found by its exact
samples with `--no-guide`, or, with the guide mixed under it, where it correlates with the
capture at its own level (`find_correlated`), and paired with the segment whose start played
it (per cue, from the last back: only the session's first cue may be missing). For cue k,
`offset_k = stream_seconds(cue_k) - boundary_k`.
Every on-time cue has the same offset: the device path's latency plus when the capture began,
both unknown and both constant. The reference is the median offset of the phase cues after the
first one (a later cue is sounded from the frame or sleep that meets its boundary, so they are
on the beat; the median shrugs off one delayed by a loaded machine). Then:

- the first cue's lateness is `offset_0 - reference`: how much later than the rest of the
  session the first breath sounds, measured only with positions in one stream and boundaries
  of one schedule, whatever the machine's load did to wall-clock timestamps;
- any other sound (pause, resume, set done) found at stream second `s` was heard at the
  monotonic instant `s - reference`, to compare with the instant the test pressed the key or
  the instant the set ended.

The drain paces from the writer's first byte through a one-page pipe, so the stream is real
time from its start (the default 64 KiB pipe would take 1.5 s of sound at once). What is left
is the capture's own granularity and a loaded machine's wake-ups: on-time cues scatter by
about +-50 ms around the reference on a busy 2-core machine (the failure message lists every
cue's figure), which the 60 ms limit tolerates; a late first cue measured 290-520 ms.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import sysconfig
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breathe.audio.cues import Cue
from breathe.core.defaults import DEFAULT_VOLUME
from tests.helpers.alsa import (
    BYTES_PER_SECOND,
    FifoDrain,
    alsa_env,
    fifo_config,
    find_all,
    find_correlated,
    heard,
)

COLUMNS, LINES = 100, 30
VOLUME = DEFAULT_VOLUME
FIRST_CUE_LIMIT = 0.06  # the limit: the first cue within 60 ms of its boundary
PIPE_SIZE = 4096  # 46 ms of sound: the least a pipe holds
KEY_TO_SOUND = 0.5  # a key's sound may come this long after the key (a loaded machine)
SCATTER = 0.06  # how far the capture may place an on-time sound early (see above)

PHASE_CUES = {"inhale": Cue.INHALE, "exhale": Cue.EXHALE_HA, "hold": Cue.HOLD, "rest": Cue.REST}


def breathe_exe() -> str:
    """The installed console script of the interpreter running the tests."""
    found = shutil.which("breathe", path=os.path.dirname(sys.executable))
    if found is None:
        found = shutil.which("breathe", path=sysconfig.get_path("scripts"))
    if found is None:
        raise AssertionError("no installed `breathe` script beside the test interpreter")
    return found


@dataclass
class Breathe:
    """One run of the installed program; `close()` always kills and reaps it."""

    tmp_path: Path
    args: Sequence[str]
    app: bool
    timeout: float = 60.0
    env: dict[str, str] = field(init=False)
    keys: list[tuple[float, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.guide = "--no-guide" not in self.args
        self.tmp_path.mkdir(parents=True, exist_ok=True)
        self.trace_path = self.tmp_path / "trace.jsonl"
        self.env = alsa_env(self.tmp_path, fifo_config(self.tmp_path / "pcm.fifo"))
        self.env["BREATHE_TRACE"] = str(self.trace_path)
        # A first run shows the safety text: mark it seen, as a returning user has.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from breathe.system.app_state import mark_safety_seen; mark_safety_seen()",
            ],
            env=self.env,
            check=True,
            timeout=30,
        )
        self.deadline = time.monotonic() + self.timeout
        self.output = bytearray()
        self.master: int | None = None
        self.drain = FifoDrain(
            self.tmp_path / "pcm.fifo", BYTES_PER_SECOND, ahead=0.02, pipe_size=PIPE_SIZE
        )
        self.captured = b""
        argv = [breathe_exe(), *self.args]
        if self.app:
            self.env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            try:
                self.proc = subprocess.Popen(
                    argv,
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=self.env,
                    start_new_session=True,
                )
            finally:
                os.close(slave)
            self.master = master
            reader = threading.Thread(target=self._read_pty, daemon=True)
        else:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,
            )
            reader = threading.Thread(target=self._read_pipe, daemon=True)
        reader.start()

    # Output ---------------------------------------------------------------------------------

    def _read_pty(self) -> None:
        assert self.master is not None
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed its side
                return
            if not data:
                return
            self.output += data

    def _read_pipe(self) -> None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while data := os.read(fd, 65536):
            self.output += data

    def find(self, cue: Cue) -> list[int]:
        """Where the cue is in the capture: its exact samples, or by correlation under the guide."""
        if self.guide:
            return find_correlated(self.captured, cue, VOLUME)
        return find_all(self.captured, cue, VOLUME)

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def tail(self, chars: int = 600) -> str:
        return self.text[-chars:]

    # Keys -----------------------------------------------------------------------------------

    def send(self, keys: bytes) -> float:
        """Write keys as the user types them; the instant they were written."""
        if self.master is not None:
            os.write(self.master, keys)
        else:
            assert self.proc.stdin is not None
            self.proc.stdin.write(keys)
            self.proc.stdin.flush()
        at = time.monotonic()
        self.keys.append((at, keys))
        return at

    # The program's own trace ----------------------------------------------------------------

    def events(self) -> list[dict[str, Any]]:
        try:
            lines = self.trace_path.read_text().splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            with contextlib.suppress(ValueError):  # a line being written
                out.append(json.loads(line))
        return out

    def segments(self) -> list[dict[str, Any]]:
        return [e for e in self.events() if e["event"] == "segment"]

    def wait_for(self, what: str, found: Callable[[], object]) -> None:
        """Poll until `found()` is truthy; fail with what was seen at the deadline."""
        while not found():
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"breathe exited ({self.proc.returncode}) while waiting for {what}; "
                    f"trace: {self.events()}; output: {self.tail()!r}"
                )
            if time.monotonic() > self.deadline:
                raise AssertionError(
                    f"timed out waiting for {what}; trace: {self.events()}; output: {self.tail()!r}"
                )
            time.sleep(0.02)

    def wait_segment(self, kind: str, nth: int) -> dict[str, Any]:
        """The trace event of the nth (from 1) segment of a kind, once it has started."""

        def found() -> dict[str, Any] | None:
            of_kind = [s for s in self.segments() if s["kind"] == kind]
            return of_kind[nth - 1] if len(of_kind) >= nth else None

        self.wait_for(f"{kind} segment {nth}", found)
        segment = found()
        assert segment is not None
        return segment

    def wait_finished(self) -> None:
        self.wait_for(
            "the end of the session", lambda: any(e["event"] == "finished" for e in self.events())
        )

    def wait_text(self, text: str) -> None:
        self.wait_for(repr(text), lambda: text in self.text)

    # The end --------------------------------------------------------------------------------

    def wait_exit(self) -> int:
        left = max(0.1, self.deadline - time.monotonic())
        try:
            return self.proc.wait(left)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"breathe did not exit; output: {self.tail()!r}") from None

    def close(self) -> bytes:
        """Kill the child if it is still there, then take what the sound device received."""
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        self.captured = self.drain.finish()
        if self.master is not None:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = None
        return self.captured

    def history(self) -> list[dict[str, Any]]:
        done = subprocess.run(
            [breathe_exe(), "history", "--json"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, Any]] = json.loads(done.stdout)
        return rows


# Reading the capture against the schedule ---------------------------------------------------


def heard_text(run: Breathe) -> str:
    if run.guide:
        cues = {
            cue.value: [round(a / BYTES_PER_SECOND, 3) for a in run.find(cue)]
            for cue in Cue
            if not cue.spoken
        }
        cues = {k: v for k, v in cues.items() if v}
    else:
        cues = heard(run.captured, VOLUME)
    found = ", ".join(f"{k} at {v} s" for k, v in cues.items()) or "none"
    seconds = len(run.captured) / BYTES_PER_SECOND
    return f"cues found (stream seconds): {found}; {seconds:.2f} s captured"


@dataclass(frozen=True)
class Timeline:
    """The phase cues paired with their segments, and the offset that maps stream to clock."""

    segments: list[dict[str, Any]]  # the phase segments, in order
    offsets: list[float | None]  # stream seconds minus boundary instant (None: not heard)
    reference: float  # the median offset of the phase cues after the first

    @property
    def first_late(self) -> float | None:
        """How much later than the session's other cues the first cue sounded, in seconds."""
        first = self.offsets[0]
        return None if first is None else first - self.reference

    def instant(self, byte_offset: int) -> float:
        """The monotonic instant a sound at this stream position was heard at, on the
        schedule's clock (the device's constant latency taken out)."""
        return byte_offset / BYTES_PER_SECOND - self.reference


def timeline(run: Breathe) -> Timeline:
    """Pair every phase cue in the capture with its segment, per cue, from the last one back:
    only the first cue of a session may be missing (dropped while the device was opening)."""
    segments = run.segments()
    phases = [s for s in segments if s["kind"] in PHASE_CUES]
    assert len(phases) >= 2, f"too few phases to time the first cue: {segments}"
    found = {cue: run.find(cue) for cue in set(PHASE_CUES.values())}
    offsets: list[float | None] = [None] * len(phases)
    problems = []
    for cue, positions in found.items():
        mine = [i for i, s in enumerate(phases) if PHASE_CUES[s["kind"]] is cue]
        short = len(mine) - len(positions)
        if short < 0 or (short > 0 and (short > 1 or mine[0] != 0)):
            problems.append(f"{cue.value}: {len(positions)} found, {len(mine)} scheduled")
            continue
        for i, at in zip(mine[short:], positions, strict=True):
            offsets[i] = at / BYTES_PER_SECOND - phases[i]["scheduled"]
    assert not problems, f"phase cues missing or extra ({'; '.join(problems)}); " + heard_text(run)
    later = [o for o in offsets[1:] if o is not None]
    return Timeline(phases, offsets, statistics.median(later))


def check_first_cue(run: Breathe) -> Timeline:
    """The first phase cue sounds within 60 ms of the first inhale boundary."""
    line = timeline(run)
    assert line.segments[0]["kind"] == "inhale", line.segments
    late = line.first_late
    boundary = line.segments[0]["scheduled"] + line.reference
    assert late is not None, (
        f"the first inhale cue was never heard (its boundary is at stream second "
        f"{boundary:.3f}); " + heard_text(run)
    )
    assert abs(late) <= FIRST_CUE_LIMIT, (
        f"the first inhale cue sounded {late * 1000:.0f} ms after the first inhale boundary "
        f"(stream second {boundary:.3f}), relative to the session's other cues (limit "
        f"{FIRST_CUE_LIMIT * 1000:.0f} ms); each phase cue's lateness in ms: "
        f"{[None if o is None else round((o - line.reference) * 1000) for o in line.offsets]}; "
        + heard_text(run)
    )
    return line


def check_heard_after(
    run: Breathe, line: Timeline, cue: Cue, instant: float, what: str, nth: int = 1
) -> float:
    """The nth sound of `cue` was heard within KEY_TO_SOUND after `instant`; when it was."""
    at = run.find(cue)
    assert len(at) >= nth, (
        f"no {cue.value} cue in the capture after {what} "
        f"(found {len(at)}, wanted {nth}); " + heard_text(run)
    )
    when = line.instant(at[nth - 1])
    assert -SCATTER <= when - instant <= KEY_TO_SOUND, (
        f"the {cue.value} cue was heard {(when - instant) * 1000:.0f} ms after {what} "
        f"(wanted {-SCATTER * 1000:.0f} to {KEY_TO_SOUND * 1000:.0f} ms); " + heard_text(run)
    )
    return when


def tick_onsets(captured: bytes, start: float, end: float) -> list[float]:
    """Stream seconds in [start, end) where sound above 2 kHz starts (a guide tick: the
    count-in's and the holds' are clicks; the count-in has no other sound), 0.3 s apart."""
    import numpy as np

    a, b = (max(0, round(t * BYTES_PER_SECOND / 2)) for t in (start, end))
    pcm = np.frombuffer(captured[: len(captured) // 2 * 2], dtype="<i2")
    x = pcm[a:b].astype(np.float64)
    rate = BYTES_PER_SECOND // 2
    spec = np.fft.rfft(x)
    spec[np.fft.rfftfreq(len(x), 1 / rate) < 2000] = 0
    high = np.fft.irfft(spec, len(x))
    hop = rate // 1000  # 1 ms
    env = np.sqrt(np.convolve(high**2, np.ones(hop) / hop, mode="valid")[::hop])
    if not len(env) or env.max() <= 0:
        return []
    threshold = max(0.05 * env.max(), 6 * float(np.median(env)) + 1.0)
    onsets: list[float] = []
    for i in np.flatnonzero(env > threshold):
        at = a / rate + i / 1000
        if not onsets or at - onsets[-1] > 0.3:
            onsets.append(round(float(at), 3))
    return onsets
