"""Real playback, headless: `breathe run --plain` in a subprocess, through real ALSA.

Each run's sound goes through the `file` plugin into a FIFO drained in real time
(tests/helpers/alsa.py), and the test looks for each cue's exact samples in what was captured.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breathe.audio.cues import SAMPLE_RATE, Cue
from breathe.audio.player import simpleaudio_refusal
from breathe.core.defaults import DEFAULT_VOLUME
from tests.helpers.alsa import (
    BYTES_PER_SECOND,
    FifoDrain,
    alsa_env,
    fifo_config,
    find_cue,
    needs_alsa,
)

pytestmark = [pytest.mark.device, needs_alsa]

SESSION = ["run", "wall", "--plain", "--breaths", "1", "--pattern", "1-0-1.5-0", "--lead-in", "0"]


def simpleaudio_usable() -> bool:
    return importlib.util.find_spec("simpleaudio") is not None and simpleaudio_refusal() is None


@pytest.mark.parametrize(
    ("backend", "volume"),
    [
        ("auto", None),  # auto is miniaudio here, at the default volume
        pytest.param(
            "simpleaudio",
            70,
            marks=pytest.mark.skipif(
                not simpleaudio_usable(), reason="the optional simpleaudio extra is not installed"
            ),
        ),
    ],
)
def test_session_cues_reach_alsa(tmp_path: Path, backend: str, volume: int | None) -> None:
    fifo = tmp_path / "pcm.fifo"
    trace = tmp_path / "trace.jsonl"
    # simpleaudio writes only the cues themselves, so it may be drained without pacing.
    drain = FifoDrain(fifo, BYTES_PER_SECOND if backend != "simpleaudio" else None)
    env = alsa_env(tmp_path, fifo_config(fifo))
    env["BREATHE_AUDIO_TRACE"] = str(trace)
    env["BREATHE_GUIDE"] = "off"  # the cues alone, so their exact samples can be found
    args = [*SESSION, "--audio", backend]
    if volume is not None:
        args += ["--volume", str(volume)]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "breathe", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        captured = drain.finish()
    assert run.returncode == 0, run.stderr
    assert "ALSA lib" not in run.stdout + run.stderr
    assert run.stderr == ""
    assert "without sound" not in run.stdout
    assert run.stdout.splitlines()[0].startswith("00:00 inhale")

    level = DEFAULT_VOLUME if volume is None else volume
    offsets = [find_cue(captured, cue, level) for cue in (Cue.INHALE, Cue.EXHALE_HA)]
    offsets.append(find_cue(captured, Cue.SESSION_DONE, level))
    assert all(at >= 0 for at in offsets), (offsets, len(captured))
    assert offsets == sorted(offsets), "cues reach the device in the session's order"
    # Nothing else sounded: the hum, say, was never played for a "ha" exercise.
    assert find_cue(captured, Cue.EXHALE_HUM, level) == -1

    rows = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [r["cue"] for r in rows] == ["inhale", "exhale-ha", "session-done"]
    assert {r["backend"] for r in rows} == {"miniaudio" if backend == "auto" else backend}
    assert all(r["first_frame"] is not None for r in rows)


NO_DEVICE = "pcm.!default { type hw; card 7; device 0 }\nctl.!default { type hw; card 7 }\n"


def test_without_a_device_the_session_runs_with_one_notice(tmp_path: Path) -> None:
    env = alsa_env(tmp_path, NO_DEVICE)
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "breathe", *SESSION[:6], "1-0-1-0", "--lead-in", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    took = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    notices = [line for line in lines if "sound" in line]
    assert notices == ["no audio device found; the session continues without sound"]
    assert lines[1:] == [
        "00:00 inhale 1s  breath 1/1",
        "00:01 exhale 1s  breath 1/1  haaa, mouth open",
        "completed: Wall breathing, 1 breath, 00:02",
    ]
    assert "ALSA lib" not in run.stdout + run.stderr
    assert run.stderr == ""
    assert took < 8, f"a 2 s session took {took:.1f} s: opening or exit hung"


def test_alsa_chatter_is_silenced_without_touching_fd2(tmp_path: Path) -> None:
    """The app cannot hide fd 2 (Textual draws on it): the ALSA error handler must do it alone."""
    env = alsa_env(tmp_path, NO_DEVICE)
    raw = (
        "import miniaudio\n"
        "try:\n"
        "    miniaudio.PlaybackDevice(backends=[miniaudio.Backend.ALSA])\n"
        "except miniaudio.MiniaudioError:\n"
        "    pass\n"
    )
    control = subprocess.run(
        [sys.executable, "-c", raw], env=env, capture_output=True, text=True, timeout=30
    )
    assert "ALSA lib" in control.stderr, "this config must make ALSA chatter, or the test is moot"

    ours = (
        "from breathe.audio.player import open_player\n"
        "print(open_player('miniaudio', hush_stderr=False).notice)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", ours], env=env, capture_output=True, text=True, timeout=30
    )
    assert run.returncode == 0
    assert run.stderr == ""
    assert run.stdout.strip() == "no audio device found; the session continues without sound"


def test_the_sink_vanishing_mid_session_neither_stops_nor_hangs_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pcm.fifo"
    drain = FifoDrain(fifo, BYTES_PER_SECOND)
    env = alsa_env(tmp_path, fifo_config(fifo))
    args = ["run", "box", "--plain", "--breaths", "2", "--pattern", "0.5-0.5-0.5-0.5"]
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "breathe", *args, "--lead-in", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    drain.done.set()  # the reader goes away: ALSA's writes now fail
    drain.thread.join(5)
    os.close(drain.fd)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "completed: Box breathing, 2 breaths, 00:04"
    assert err == "" and "ALSA lib" not in out
    assert time.monotonic() - started < 12


def test_a_cue_starts_within_one_buffer_of_play() -> None:
    """miniaudio's null backend pulls in real time like a sound card: measure play -> buffer."""
    import array
    import random
    import statistics

    import miniaudio

    from breathe.audio.mixer import Mixer
    from breathe.audio.player import BUFFER_MS

    mixer = Mixer()
    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=SAMPLE_RATE,
        buffersize_msec=BUFFER_MS,
        backends=[miniaudio.Backend.NULL],
    )
    try:
        stream = mixer.stream()
        next(stream)
        device.start(stream)
        waits = []
        rng = random.Random(7)
        for _ in range(30):
            time.sleep(rng.uniform(0.01, 0.03))
            playback = mixer.play(array.array("h", [1] * 100))
            assert playback is not None
            deadline = time.monotonic() + 1
            while playback.started_at is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            assert playback.started_at is not None
            waits.append(playback.started_at - playback.queued_at)
    finally:
        device.close()
    # One period is the most a cue waits; allow scheduling slack on a busy machine.
    assert statistics.median(waits) <= BUFFER_MS / 1000
    assert max(waits) < 0.05


def test_a_player_left_open_does_not_hang_the_exit(tmp_path: Path) -> None:
    """A started miniaudio device that is never closed hangs the interpreter at exit (measured:
    still hung after 10 s); the player closes itself at exit, so forgetting close() is safe."""
    fifo = tmp_path / "pcm.fifo"
    drain = FifoDrain(fifo, BYTES_PER_SECOND)
    code = (
        "import time\n"
        "from breathe.audio.cues import Cue\n"
        "from breathe.audio.player import open_player\n"
        "opened = open_player('miniaudio')\n"
        "print(opened.player.name)\n"
        "opened.player.play(Cue.INHALE)\n"
        "time.sleep(0.3)\n"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", code],
            env=alsa_env(tmp_path, fifo_config(fifo)),
            capture_output=True,
            text=True,
            timeout=15,
        )
    finally:
        drain.finish()
    assert run.returncode == 0 and run.stdout.strip() == "miniaudio", run.stderr


def test_the_guide_reaches_alsa_with_ticks_one_second_apart(tmp_path: Path) -> None:
    """Real time, real device path: the guide fills the breath, and the hold's 2 kHz ticks
    come out of the device 1.000 +- 0.02 s apart."""
    import numpy as np

    fifo = tmp_path / "pcm.fifo"
    drain = FifoDrain(fifo, BYTES_PER_SECOND)
    env = alsa_env(tmp_path, fifo_config(fifo))
    args = [
        "run",
        "box",
        "--plain",
        "--breaths",
        "1",
        "--pattern",
        "0.6-3.1-0.6-0",
        "--lead-in",
        "0",
    ]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "breathe", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        captured = drain.finish()
    assert run.returncode == 0, run.stderr
    x = np.frombuffer(captured[: len(captured) // 2 * 2], dtype="<i2").astype(np.float64)
    loud = np.flatnonzero(np.abs(x) > 30)
    assert loud.size, "nothing reached the device"
    start = int(loud[0])
    session = x[start : start + int(4.3 * SAMPLE_RATE)]
    # No hole: every 50 ms of the 4.3 s breath has sound in it (cues or guide).
    win = SAMPLE_RATE // 20
    levels = [
        np.sqrt(np.mean(session[i : i + win] ** 2)) for i in range(0, len(session) - win, win)
    ]
    assert min(levels) > 10, levels
    # The hold's ticks: energy in a band around 2 kHz, where nothing else of the breath is.
    spec = np.fft.rfft(session)
    freqs = np.fft.rfftfreq(len(session), 1 / SAMPLE_RATE)
    spec[(freqs < 1850) | (freqs > 2150)] = 0
    band = np.fft.irfft(spec, len(session))
    hop = SAMPLE_RATE // 1000
    env_ = np.array(
        [np.sqrt(np.mean(band[i : i + hop] ** 2)) for i in range(0, len(band) - hop, hop)]
    )
    threshold = max(0.3 * env_.max(), 4 * float(np.median(env_)))
    onsets: list[float] = []
    for i, v in enumerate(env_):
        if v > threshold and (not onsets or i / 1000 - onsets[-1] > 0.3):
            onsets.append(i / 1000)
    assert len(onsets) == 3, onsets
    gaps = np.diff(onsets)
    assert all(abs(g - 1.0) <= 0.02 for g in gaps), gaps
