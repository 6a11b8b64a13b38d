"""The cue WAVs: format, level, clean edges, character, and that the generator reproduces them."""

from __future__ import annotations

import cmath
import itertools
import math
import subprocess
import sys
import wave
import zipfile
from pathlib import Path

import pytest

from breathe.audio.cues import SAMPLE_RATE, Cue, builtin_sounds_dir, load_wav

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "sounds"
FULL = 32767


def samples(cue: Cue) -> list[int]:
    return list(load_wav(SOUNDS / f"{cue.value}.wav").samples)


def fft(x: list[complex]) -> list[complex]:
    """Radix-2 FFT; len(x) must be a power of two."""
    n = len(x)
    if n == 1:
        return x
    even, odd = fft(x[0::2]), fft(x[1::2])
    tw = [cmath.exp(-2j * math.pi * k / n) * odd[k] for k in range(n // 2)]
    return [even[k] + tw[k] for k in range(n // 2)] + [even[k] - tw[k] for k in range(n // 2)]


def spectrum(sig: list[int], start: int = 0, n: int = 8192) -> list[float]:
    """Magnitudes of a Hann-windowed stretch; bin k is k * SAMPLE_RATE / n Hz."""
    part = sig[start : start + n]
    part = part + [0] * (n - len(part))
    win = [0.5 - 0.5 * math.cos(2 * math.pi * i / n) for i in range(n)]
    out = fft([complex(s * w) for s, w in zip(part, win, strict=True)])
    return [abs(c) for c in out[: n // 2]]


def hz(bin_: int, n: int = 8192) -> float:
    return bin_ * SAMPLE_RATE / n


def peak_hz(spec: list[float], lo: float = 50, hi: float = 5000, n: int = 8192) -> float:
    lo_b, hi_b = int(lo * n / SAMPLE_RATE), int(hi * n / SAMPLE_RATE)
    best = max(range(lo_b, hi_b), key=lambda k: spec[k])
    return hz(best, n)


def periodicity(sig: list[int]) -> float:
    """Peak normalised autocorrelation at lags of 2-15 ms: near 1 for a pitched sound, low for
    noise (which has no period to repeat)."""
    part = sig[len(sig) // 4 :][:4096]
    energy = sum(s * s for s in part)
    lags = range(2 * SAMPLE_RATE // 1000, 15 * SAMPLE_RATE // 1000)
    return max(sum(a * b for a, b in zip(part, part[lag:], strict=False)) / energy for lag in lags)


def autocorrelation_pitch(sig: list[int], lo: float = 60.0, hi: float = 500.0) -> float:
    """The frequency whose period repeats best (normalised autocorrelation, 60-500 Hz)."""
    part = sig[:4096]
    lags = range(int(SAMPLE_RATE / hi), int(SAMPLE_RATE / lo))

    def score(lag: int) -> float:
        a, b = part[:-lag], part[lag:]
        return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(
            sum(x * x for x in a) * sum(y * y for y in b) or 1
        )

    return SAMPLE_RATE / max(lags, key=score)


def zero_crossings_per_second(sig: list[int]) -> float:
    crossings = sum(1 for a, b in itertools.pairwise(sig) if (a < 0) != (b < 0))
    return crossings * SAMPLE_RATE / len(sig)


GUIDE_SOUNDS = ["guide-breath"]  # read by the guide layer; not cues
ALL_SOUNDS = [*(c.value for c in Cue), *GUIDE_SOUNDS]
SHORT_CUES = {Cue.INHALE_TOP_UP, Cue.PAUSE, Cue.RESUME}


def test_every_cue_has_a_wav_and_there_are_no_strays() -> None:
    assert sorted(p.stem for p in SOUNDS.glob("*.wav")) == sorted(ALL_SOUNDS)


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_format_length_level_and_edges(cue: Cue) -> None:
    with wave.open(str(SOUNDS / f"{cue.value}.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
        assert w.getcomptype() == "NONE"
        seconds = w.getnframes() / w.getframerate()
    if cue in SHORT_CUES:
        assert 0.1 <= seconds <= 0.2, "a top-up inhale lasts 0.5 s; a blip is a blip"
    else:
        assert 0.25 <= seconds <= 2.0, "a cue marks a moment; it must not talk over the next phase"
    sig = samples(cue)
    peak = max(abs(s) for s in sig)
    # How loud each one is, is checked by loudness below (tests/test_cue_loudness.py).
    assert 0.1 * FULL <= peak <= 0.5 * FULL, "audible, yet at least 6 dB under full scale"
    # Fades: the very first and last samples are silent and the first/last 1 ms stay quiet.
    edge = SAMPLE_RATE // 1000
    assert sig[0] == 0 and abs(sig[-1]) <= 2
    assert max(abs(s) for s in sig[:edge]) < 0.1 * peak
    assert max(abs(s) for s in sig[-edge:]) < 0.1 * peak
    mean = sum(sig) / len(sig)
    assert abs(mean) < 0.001 * FULL, "no DC offset"


def test_no_click_inside_a_cue() -> None:
    """A click is a sample-to-sample jump far above what the cue's own content does."""
    for cue in Cue:
        if cue is Cue.EXHALE_HA or cue.spoken:
            continue  # noise (and an "s" or "th") legitimately jumps; edges are checked above
        sig = samples(cue)
        jumps = [abs(b - a) for a, b in itertools.pairwise(sig)]
        assert max(jumps) < 0.25 * FULL, cue


def test_hum_is_a_low_steady_tone_to_hum_along_with() -> None:
    sig = samples(Cue.EXHALE_HUM)
    spec = spectrum(sig, start=len(sig) // 4)
    assert 110 <= peak_hz(spec, 50, 4000) <= 160
    # Its period agrees (the strong upper partials make zero crossings useless here).
    assert 110 <= autocorrelation_pitch(sig[len(sig) // 4 :]) <= 160
    assert periodicity(sig) > 0.9


def test_ha_is_breathy_broadband_noise() -> None:
    sig = samples(Cue.EXHALE_HA)
    spec = spectrum(sig, start=len(sig) // 4)
    assert periodicity(sig) < 0.3, "noise, not a tone"
    power = [m * m for m in spec]
    above_1k = sum(power[int(1000 * 8192 / SAMPLE_RATE) :]) / sum(power)
    assert above_1k > 0.15, "airy: energy well above the hum's band (which has none there)"
    assert zero_crossings_per_second(sig) > 1000


def test_inhale_rises() -> None:
    sig = samples(Cue.INHALE)
    third = len(sig) // 3
    early = peak_hz(spectrum(sig[:third], n=4096), n=4096)
    late = peak_hz(spectrum(sig[-third:], n=4096), n=4096)
    assert late > early * 1.3


def test_cues_are_told_apart() -> None:
    """Each cue differs from every other in pitch, noisiness or length."""
    features = {}
    for cue in Cue:
        sig = samples(cue)
        features[cue] = (peak_hz(spectrum(sig)), periodicity(sig), len(sig) / SAMPLE_RATE)
    cues = list(Cue)
    for i, a in enumerate(cues):
        for b in cues[i + 1 :]:
            if {a, b} == {Cue.PAUSE, Cue.RESUME}:
                continue  # the same blip, falling or rising: test_pause_falls_resume_rises
            if a.spoken or b.spoken:
                continue  # words are told apart by what they say
            fa, fb = features[a], features[b]
            pitch = abs(math.log2(fa[0] / fb[0])) > 0.25  # over a minor third apart
            noise = abs(fa[1] - fb[1]) > 0.5
            length = abs(fa[2] - fb[2]) > 0.25
            assert pitch or noise or length, (a, b, fa, fb)
    # The two exhale styles differ in both pitch and noisiness.
    hum, ha = features[Cue.EXHALE_HUM], features[Cue.EXHALE_HA]
    assert abs(math.log2(hum[0] / ha[0])) > 1 and hum[1] - ha[1] > 0.5


@pytest.mark.device
def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SOUNDS / "make_sounds.py"), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    for name in ALL_SOUNDS:
        made = (tmp_path / f"{name}.wav").read_bytes()
        assert made == (SOUNDS / f"{name}.wav").read_bytes(), name


def test_source_tree_loader_finds_the_sounds() -> None:
    assert builtin_sounds_dir().resolve() == SOUNDS.resolve()


@pytest.mark.device
def test_wheel_ships_the_sounds_and_the_loader_finds_them(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="hatchling builds the wheel")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for stem in ALL_SOUNDS:
            name = f"breathe/sounds/{stem}.wav"
            assert name in names
            assert zf.read(name) == (SOUNDS / f"{stem}.wav").read_bytes()
        zf.extractall(tmp_path / "site")
    # The unpacked wheel, imported ahead of the source tree, loads its own copies.
    probe = (
        "from breathe.audio.cues import builtin_sounds_dir, load_cues;"
        "d = builtin_sounds_dir(); s = load_cues(None, d);"
        "print(d); print(len(s.sounds), len(s.notices))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    where, counts = run.stdout.splitlines()
    assert Path(where) == (tmp_path / "site" / "breathe" / "sounds").resolve()
    assert counts == f"{len(Cue)} 0"


def glide_direction(sig: list[int]) -> float:
    """Pitch at the end over pitch at the start, by zero crossings of each third."""
    third = len(sig) // 3
    return zero_crossings_per_second(sig[-third:]) / zero_crossings_per_second(sig[:third])


def test_pause_falls_resume_rises() -> None:
    assert glide_direction(samples(Cue.PAUSE)) < 0.8
    assert glide_direction(samples(Cue.RESUME)) > 1.25


def test_set_done_falls_and_session_done_rises() -> None:
    """Never alike: the end of a set goes down, the end of the session goes up."""

    def note_pitches(sig: list[int], onsets: list[float]) -> list[float]:
        return [
            peak_hz(spectrum(sig, start=round(at * SAMPLE_RATE), n=2048), 200, 2000, n=2048)
            for at in onsets
        ]

    falling = note_pitches(samples(Cue.SET_DONE), [0.02, 0.25])
    rising = note_pitches(samples(Cue.SESSION_DONE), [0.02, 0.24, 0.46])
    assert falling[1] < falling[0] / 1.2, falling
    assert rising == sorted(rising) and rising[-1] > rising[0] * 1.3, rising


def test_guide_breath_loop_has_no_seam() -> None:
    sig = list(load_wav(SOUNDS / "guide-breath.wav").samples)
    assert len(sig) == SAMPLE_RATE
    # Across the wrap the step is like any other step of the noise, not a jump.
    steps = sorted(abs(b - a) for a, b in itertools.pairwise(sig))
    assert abs(sig[0] - sig[-1]) <= steps[int(0.999 * len(steps))]
    assert periodicity(sig) < 0.3
