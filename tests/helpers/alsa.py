"""Capturing what breathe plays, through real ALSA, headless.

ALSA reads `ALSA_CONFIG_PATH` when libasound loads, so each run is a subprocess with a
self-contained config: the default PCM is the `file` plugin writing raw samples into a FIFO
over a `null` slave. A thread drains the FIFO at the real-time byte rate (miniaudio writes
silence as fast as the sink takes it, so the drain is what paces the stream), and a test looks
for each cue's exact samples, scaled by the volume, in what was captured.
"""

from __future__ import annotations

import ctypes.util
import fcntl
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from breathe.audio.cues import SAMPLE_RATE, Cue, load_cues
from breathe.audio.mixer import gain_for, scaled

BYTES_PER_SECOND = SAMPLE_RATE * 2

needs_alsa = pytest.mark.skipif(
    not sys.platform.startswith("linux") or ctypes.util.find_library("asound") is None,
    reason="needs Linux with the libasound2 runtime (.ci/system-packages installs it)",
)


def alsa_env(tmp_path: Path, config: str) -> dict[str, str]:
    conf = tmp_path / "asound.conf"
    conf.write_text(config)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREATHE_", "PULSE_"))}
    env.update(
        ALSA_CONFIG_PATH=str(conf),
        # Keep a developer's sound server out of it: only the ALSA config above may play.
        PULSE_SERVER="unix:/nonexistent/pulse",
        BREATHE_CONFIG_DIR=str(tmp_path / "config"),
        BREATHE_DATA_DIR=str(tmp_path / "data"),
        PYTHONUNBUFFERED="1",
    )
    return env


class FifoDrain:
    """Reads a FIFO in a thread, no faster than `rate` bytes a second (None: as fast as it can).

    The pacing clock starts with the first byte read, not when the drain is made: a program
    takes a second or two to open the device, and a clock started earlier would let the first
    seconds of the stream run faster than real time. For timing, pass a small `pipe_size` too:
    the kernel's default pipe buffer (64 KiB, 1.5 s of sound) is filled at once when the
    writer starts, so the stream's first second and a half would not be real time either.
    """

    def __init__(
        self,
        path: Path,
        rate: float | None,
        ahead: float = 0.25,
        pipe_size: int | None = None,
    ) -> None:
        os.mkfifo(path)
        self.path = path
        self.rate = rate
        self.ahead = ahead
        self.chunks: list[bytes] = []
        self.done = threading.Event()
        self.unlimited = threading.Event()
        # Opened non-blocking at once, so a writer's open never waits for us.
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        if pipe_size is not None:
            fcntl.fcntl(self.fd, fcntl.F_SETPIPE_SZ, pipe_size)
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        t0: float | None = None
        total = 0
        while not self.done.is_set():
            want = 65536
            if self.rate is not None and t0 is not None and not self.unlimited.is_set():
                want = min(want, int((time.monotonic() - t0 + self.ahead) * self.rate) - total)
                if want <= 0:
                    time.sleep(0.005)
                    continue
            elif self.rate is not None and t0 is None:
                want = 2  # one sample: enough to learn that the writer has begun
            try:
                data = os.read(self.fd, want)
            except BlockingIOError:
                data = b""
            if not data:  # no writer right now, or nothing written yet
                if self.unlimited.is_set():
                    return
                time.sleep(0.002)
                continue
            if t0 is None:
                t0 = time.monotonic()
            self.chunks.append(data)
            total += len(data)

    def finish(self) -> bytes:
        """After the writer exited: take whatever is left in the pipe, then stop."""
        self.unlimited.set()
        self.thread.join(10)
        self.done.set()
        os.close(self.fd)
        return b"".join(self.chunks)


def fifo_config(fifo: Path) -> str:
    return (
        f'pcm.!default {{ type file; slave.pcm "nullsink"; file "{fifo}"; format "raw" }}\n'
        "pcm.nullsink { type null }\n"
    )


def cue_bytes(cue: Cue, volume: int) -> bytes:
    """The cue's samples exactly as the mixer scales them for `volume`."""
    return scaled(load_cues(None)[cue].samples, gain_for(volume)).tobytes()


def find_all(captured: bytes, cue: Cue, volume: int) -> list[int]:
    """Byte offsets of every sample-aligned occurrence of the cue's exact samples."""
    expected = cue_bytes(cue, volume)
    found: list[int] = []
    at = captured.find(expected)
    while at >= 0:
        if at % 2 == 0:  # samples are 2 bytes: a match must be aligned
            found.append(at)
            at = captured.find(expected, at + len(expected))
        else:
            at = captured.find(expected, at + 1)
    return found


def find_cue(captured: bytes, cue: Cue, volume: int) -> int:
    """Byte offset of the cue's exact samples (as the mixer scales them), or -1."""
    found = find_all(captured, cue, volume)
    return found[0] if found else -1


def heard(captured: bytes, volume: int) -> dict[str, list[float]]:
    """Every tonal cue found in the capture, with its onsets in seconds of stream time."""
    out: dict[str, list[float]] = {}
    for cue in Cue:
        if cue.spoken:
            continue
        at = find_all(captured, cue, volume)
        if at:
            out[cue.value] = [round(a / BYTES_PER_SECOND, 3) for a in at]
    return out


def find_correlated(
    captured: bytes, cue: Cue, volume: int, threshold: float = 0.8, gain: float = 0.1
) -> list[int]:
    """Byte offsets of the cue where other sound (the guide) is mixed under it: where the
    normalised cross-correlation is at least `threshold` and the best-fitting scale of the
    cue's samples is 1 within `gain` (the cue is mixed at exactly its own level), at least one
    cue length apart.

    The guide is quiet beside a cue: a cue still correlates at about 0.87-0.97 with what was
    captured; the scale test keeps look-alikes out (pause and resume are mirror blips)."""
    import numpy as np

    x = np.frombuffer(captured[: len(captured) // 2 * 2], dtype="<i2").astype(np.float64)
    t = np.frombuffer(cue_bytes(cue, volume), dtype="<i2").astype(np.float64)
    if len(x) < len(t):
        return []
    size = 1 << (len(x) + len(t) - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(t, size)), size)
    corr = corr[: len(x) - len(t) + 1]
    power = np.concatenate(([0.0], np.cumsum(x * x)))
    energy = np.maximum(power[len(t) :] - power[: -len(t)], 0.0)
    norm = float(np.dot(t, t))
    ncc = corr / (np.sqrt(energy * norm) + 1e-9)
    scale = corr / norm
    good = np.flatnonzero((ncc >= threshold) & (np.abs(scale - 1) <= gain))
    peaks: list[int] = []
    for i in good[np.argsort(-ncc[good])]:
        if all(abs(int(i) - p) >= len(t) for p in peaks):
            peaks.append(int(i))
    return sorted(2 * p for p in peaks)
