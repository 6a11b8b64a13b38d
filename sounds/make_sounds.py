"""Make the cue sounds: `python sounds/make_sounds.py [OUT_DIR]` (default: this folder).

Pure standard library and deterministic (a fixed-seed PRNG, no clock, no randomness from the
system), so running it again gives the same bytes; `tests/audio/test_sounds.py` checks that.

Each cue is shaped to be told apart with the eyes closed:
- inhale        a soft tone gliding up (the breath filling)
- hold          one quiet, high, mellow bell stroke
- exhale-hum    a low, steady hum with a nasal "mmm" colour, to hum along with
- exhale-ha     breathy, airy noise shaped like an open-mouthed "haaa"
- inhale-top-up a quick lift, for the short second inhale of a double inhale
- rest          two soft wooden taps
- set-done      two falling chime notes
- session-done  three rising chime notes, left to ring
- next-step     a rising fourth, twice: a routine's next exercise (change position)
- pause/resume  a short falling / rising blip
- voice-*       spoken prompts ("breathe in", "hum out", ...) for --voice, made with flite
All cues fade in and out (no clicks), have no DC offset and peak well under full scale, and are
scaled to one loudness (TARGET_LUFS, BS.1770 momentary maximum) so none is easy to miss.
"""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 22050
TAU = 2.0 * math.pi

Signal = list[float]


def _times(seconds: float) -> range:
    return range(round(seconds * RATE))


def envelope(n: int, attack: float, release: float) -> Signal:
    """Raised-cosine fade in and out: zero at both ends, no corner to click on."""
    a = max(1, round(attack * RATE))
    r = max(1, round(release * RATE))
    out = []
    for i in range(n):
        g = 1.0
        if i < a:
            g = 0.5 - 0.5 * math.cos(math.pi * i / a)
        left = n - 1 - i
        if left < r:
            g *= 0.5 - 0.5 * math.cos(math.pi * left / r)
        out.append(g)
    return out


def glide(seconds: float, f0: float, f1: float, partials: Sequence[float]) -> Signal:
    """A tone whose pitch moves smoothly from f0 to f1 (phase-continuous)."""
    n = len(_times(seconds))
    out = []
    phase = 0.0
    for i in range(n):
        x = i / max(1, n - 1)
        # Ease in and out so the glide has no audible corner.
        f = f0 + (f1 - f0) * (0.5 - 0.5 * math.cos(math.pi * x))
        phase += TAU * f / RATE
        out.append(sum(a * math.sin((k + 1) * phase) for k, a in enumerate(partials)))
    return out


def strike(
    seconds: float, freq: float, decay: float, partials: Sequence[tuple[float, float]]
) -> Signal:
    """A struck note: partials (ratio, level) decaying exponentially, higher ones faster.

    A 6 ms soft attack and a 60 ms release keep a note inside a cue from clicking.
    """
    attack = 0.006 * RATE
    n = len(_times(seconds))
    release = min(0.06 * RATE, n / 2)
    out = []
    for i in _times(seconds):
        t = i / RATE
        s = 0.0
        for ratio, level in partials:
            s += level * math.exp(-t * ratio / decay) * math.sin(TAU * freq * ratio * t)
        if i < attack:
            s *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        if n - 1 - i < release:
            s *= 0.5 - 0.5 * math.cos(math.pi * (n - 1 - i) / release)
        out.append(s)
    return out


# A nasal "mmm": strong upper partials, with a lift around the 4th-7th harmonics, so a laptop
# or phone speaker (nothing under ~400 Hz) still plays most of it. The guide's hum uses these too.
HUM_PARTIALS = (1.0, 0.75, 0.55, 0.8, 0.85, 0.7, 0.55, 0.4, 0.3, 0.22, 0.16, 0.12, 0.09, 0.06)


def hum(seconds: float, freq: float) -> Signal:
    """A hummed "mmm": a low fundamental, a nasal spread of harmonics, a slow gentle wobble."""
    out = []
    phase = 0.0
    for i in _times(seconds):
        t = i / RATE
        f = freq * (1.0 + 0.004 * math.sin(TAU * 4.5 * t))
        phase += TAU * f / RATE
        s = sum(a * math.sin((k + 1) * phase) for k, a in enumerate(HUM_PARTIALS))
        out.append(s * (1.0 + 0.06 * math.sin(TAU * 3.0 * t)))
    return out


class Xorshift32:
    """A tiny fixed-seed PRNG, so the "ha" noise is the same on every run and platform."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF or 1

    def uniform(self) -> float:
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x / 0x80000000 - 1.0  # -1 .. 1


def resonator(signal: Signal, freq: float, bandwidth: float) -> Signal:
    """A two-pole band-pass filter: gives noise a vowel-like formant."""
    r = math.exp(-math.pi * bandwidth / RATE)
    c1 = 2.0 * r * math.cos(TAU * freq / RATE)
    c2 = -r * r
    gain = 1.0 - r
    y1 = y2 = 0.0
    out = []
    for x in signal:
        y = gain * x + c1 * y1 + c2 * y2
        out.append(y)
        y2, y1 = y1, y
    return out


def highpass(signal: Signal, cutoff: float) -> Signal:
    """One-pole high-pass: removes rumble and any DC from filtered noise."""
    a = math.exp(-TAU * cutoff / RATE)
    out = []
    prev_x = prev_y = 0.0
    for x in signal:
        y = a * (prev_y + x - prev_x)
        out.append(y)
        prev_x, prev_y = x, y
    return out


def breath_noise(seconds: float, seed: int) -> Signal:
    """Airy noise with "a" vowel formants (F1 ~ 750 Hz, F2 ~ 1250 Hz) and a hiss on top."""
    rng = Xorshift32(seed)
    white = [rng.uniform() for _ in _times(seconds)]
    f1 = resonator(white, 750.0, 300.0)
    f2 = resonator(white, 1250.0, 400.0)
    f3 = resonator(white, 2600.0, 900.0)
    hiss = highpass(white, 3000.0)
    mix = [
        1.0 * a + 0.8 * b + 0.6 * c + 0.1 * d for a, b, c, d in zip(f1, f2, f3, hiss, strict=True)
    ]
    return highpass(mix, 150.0)


def mix(*parts: tuple[float, Signal]) -> Signal:
    """Sum signals placed at start offsets (seconds)."""
    end = max(round(at * RATE) + len(sig) for at, sig in parts)
    out = [0.0] * end
    for at, sig in parts:
        start = round(at * RATE)
        for i, s in enumerate(sig):
            out[start + i] += s
    return out


# Every onset cue is scaled to this loudness (ITU-R BS.1770 momentary maximum, 400 ms blocks,
# at volume 100), so none is easy to miss and none startles; tests check it with pyloudnorm.
TARGET_LUFS = -20.0
MAX_PEAK = 0.5  # of full scale


def _biquad(signal: Signal, b: tuple[float, float, float], a: tuple[float, float, float]) -> Signal:
    b0, b1, b2 = (x / a[0] for x in b)
    a1, a2 = a[1] / a[0], a[2] / a[0]
    x1 = x2 = y1 = y2 = 0.0
    out = []
    for x in signal:
        y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        out.append(y)
        x2, x1, y2, y1 = x1, x, y1, y
    return out


def k_weighted(signal: Signal) -> Signal:
    """BS.1770's K-weighting (the RBJ-cookbook form pyloudnorm uses): a +4 dB shelf above
    1.5 kHz, then a high-pass at 38 Hz."""
    big_a = 10 ** (4.0 / 40.0)
    w0 = TAU * 1500.0 / RATE
    alpha = math.sin(w0) / (2.0 * (1 / math.sqrt(2)))
    cw, sa = math.cos(w0), 2 * math.sqrt(big_a) * alpha
    shelf = _biquad(
        signal,
        (
            big_a * ((big_a + 1) + (big_a - 1) * cw + sa),
            -2 * big_a * ((big_a - 1) + (big_a + 1) * cw),
            big_a * ((big_a + 1) + (big_a - 1) * cw - sa),
        ),
        (
            (big_a + 1) - (big_a - 1) * cw + sa,
            2 * ((big_a - 1) - (big_a + 1) * cw),
            (big_a + 1) - (big_a - 1) * cw - sa,
        ),
    )
    w0 = TAU * 38.0 / RATE
    alpha = math.sin(w0) / (2.0 * 0.5)
    cw = math.cos(w0)
    return _biquad(shelf, ((1 + cw) / 2, -(1 + cw), (1 + cw) / 2), (1 + alpha, -2 * cw, 1 - alpha))


def momentary_max_lufs(signal: Signal) -> float:
    """The loudest 400 ms (hop 10 ms), silence around the sound included, in LUFS."""
    block = round(0.4 * RATE)
    padded = [0.0] * block + list(signal) + [0.0] * block
    weighted = k_weighted(padded)
    squares = [x * x for x in weighted]
    hop = RATE // 100
    acc = [0.0]
    for sq in squares:
        acc.append(acc[-1] + sq)
    best = max(acc[i + block] - acc[i] for i in range(0, len(squares) - block, hop)) / block
    return -0.691 + 10.0 * math.log10(best)


def loudness_matched(
    samples: array.array[int], target: float = TARGET_LUFS, give: float = 0.0
) -> array.array[int]:
    """Scaled so the cue's momentary maximum is `target`, or up to `give` LU under it where the
    peak would otherwise pass MAX_PEAK (speech: its glottal pulses are peaky)."""
    signal = [s / 32768.0 for s in samples]
    loudness = momentary_max_lufs(signal)
    top = max(abs(s) for s in signal)
    gain = min(10.0 ** ((target - loudness) / 20.0), MAX_PEAK / top)
    reached = loudness + 20.0 * math.log10(gain)
    if reached < target - give - 1e-9:
        raise ValueError(f"only {reached:.1f} LUFS fits under a peak of {MAX_PEAK}")
    return array.array("h", (round(s * gain * 32768.0) for s in signal))


def finish(signal: Signal, attack: float, release: float, peak: float) -> array.array[int]:
    """Fade, remove DC along the envelope (ends stay zero), scale to `peak` of full scale."""
    env = envelope(len(signal), attack, release)
    shaped = [s * g for s, g in zip(signal, env, strict=True)]
    mean = sum(shaped) / len(shaped)
    env_mean = sum(env) / len(env)
    shaped = [s - mean * g / env_mean for s, g in zip(shaped, env, strict=True)]
    top = max(abs(s) for s in shaped)
    scale = peak * 32767.0 / top
    return array.array("h", (round(s * scale) for s in shaped))


def make_inhale() -> array.array[int]:
    return loudness_matched(finish(glide(0.6, 330.0, 523.0, [1.0, 0.18, 0.05]), 0.12, 0.18, 0.32))


def make_inhale_top_up() -> array.array[int]:
    """The short second inhale of a double inhale: a quick lift on top of the inhale's pitch."""
    return loudness_matched(finish(glide(0.15, 523.0, 659.3, [1.0, 0.18, 0.05]), 0.03, 0.06, 0.32))


def make_hold() -> array.array[int]:
    bell = strike(0.55, 1318.5, 0.18, [(1.0, 1.0), (2.0, 0.12), (2.76, 0.05)])
    return loudness_matched(finish(bell, 0.006, 0.2, 0.28))


def make_exhale_hum() -> array.array[int]:
    return loudness_matched(finish(hum(1.0, 130.8), 0.1, 0.35, 0.45))


def make_exhale_ha() -> array.array[int]:
    noise = breath_noise(1.0, seed=0x48414141)  # "HAAA"
    # A "haaa" swells quickly, then trails off like the end of a breath.
    shaped = [s * (1.0 - 0.55 * (i / len(noise))) for i, s in enumerate(noise)]
    return loudness_matched(finish(shaped, 0.12, 0.45, 0.45))


def make_rest() -> array.array[int]:
    def tap() -> Signal:
        return strike(0.2, 440.0, 0.09, [(1.0, 1.0), (2.4, 0.3)])

    return loudness_matched(finish(mix((0.0, tap()), (0.2, tap())), 0.003, 0.06, 0.30))


def make_set_done() -> array.array[int]:
    """A set ends on two *falling* notes (the session's end rises: never alike)."""

    def note(f: float) -> Signal:
        return strike(0.75, f, 0.35, [(1.0, 1.0), (2.0, 0.15), (3.0, 0.04)])

    return loudness_matched(finish(mix((0.0, note(784.0)), (0.2, note(587.3))), 0.008, 0.25, 0.40))


def make_next_step() -> array.array[int]:
    """A routine moves on: a rising fourth, twice ("da-dum, da-dum"), neither the falling
    set-done nor the rising three of the end, so a change of position is heard as one."""

    def note(f: float) -> Signal:
        return strike(0.5, f, 0.22, [(1.0, 1.0), (2.0, 0.2), (3.0, 0.05)])

    return loudness_matched(
        finish(
            mix((0.0, note(440.0)), (0.16, note(587.3)), (0.48, note(440.0)), (0.64, note(587.3))),
            0.008,
            0.2,
            0.40,
        )
    )


def make_session_done() -> array.array[int]:
    def note(f: float) -> Signal:
        return strike(1.2, f, 0.5, [(1.0, 1.0), (2.0, 0.15), (3.0, 0.04)])

    return loudness_matched(
        finish(mix((0.0, note(523.3)), (0.22, note(659.3)), (0.44, note(784.0))), 0.008, 0.45, 0.42)
    )


def make_pause() -> array.array[int]:
    """A short falling blip: paused."""
    return loudness_matched(finish(glide(0.18, 1174.7, 784.0, [1.0, 0.3, 0.1]), 0.01, 0.08, 0.3))


def make_resume() -> array.array[int]:
    """A short rising blip: going on."""
    return loudness_matched(finish(glide(0.18, 784.0, 1174.7, [1.0, 0.3, 0.1]), 0.01, 0.08, 0.3))


def make_guide_breath() -> array.array[int]:
    """The guide's "ah" breath noise: one second that loops without a seam (not a cue).

    The tail is crossfaded into the head (equal power), so reading it round and round has no
    click and no audible repeat edge; the guide scales it live.
    """
    n = RATE
    fade = RATE // 5
    noise = breath_noise((n + fade) / RATE, seed=0x47554944)  # "GUID"
    loop = noise[:n]
    for i in range(fade):
        w = i / fade
        loop[i] = noise[i] * math.sin(0.5 * math.pi * w) + noise[n + i] * math.cos(
            0.5 * math.pi * w
        )
    mean = sum(loop) / n
    top = max(abs(s - mean) for s in loop)
    return array.array("h", (round((s - mean) * 0.5 * 32767.0 / top) for s in loop))


CUES: dict[str, Callable[[], array.array[int]]] = {
    "inhale": make_inhale,
    "hold": make_hold,
    "exhale-hum": make_exhale_hum,
    "exhale-ha": make_exhale_ha,
    "rest": make_rest,
    "set-done": make_set_done,
    "session-done": make_session_done,
    "next-step": make_next_step,
    "inhale-top-up": make_inhale_top_up,
    "pause": make_pause,
    "resume": make_resume,
}

# Spoken prompts, said instead of the tonal cue with --voice. Rendered with flite (CMU's engine;
# its voices are under a BSD-style licence, so the output may ship) and committed, so a machine
# without flite builds the same package. Another flite version would say them differently:
# only this one regenerates them, any other keeps the committed files.
FLITE_VERSION = "flite-2.2-current"
FLITE_VOICE = "slt"
# Each prompt starts with a syllable no other prompt starts with, so a listener (or a speech
# recogniser) cannot take one for another: "hum out" and "ha out" were confused.
PROMPTS: dict[str, str] = {
    "voice-breathe-in": "breathe in",
    "voice-hold": "hold",
    "voice-hum-out": "mmm, hum out",
    "voice-ha-out": "open mouth, ha",
    "voice-rest": "rest",
    "voice-last-breath": "last breath",
    "voice-paused": "paused",
    "voice-resuming": "go on",
    "voice-well-done": "well done",
    "voice-next-step": "change position",
}


def flite() -> str | None:
    """The flite command, if it is the version the committed prompts were made with."""
    exe = shutil.which("flite")
    if exe is None:
        return None
    try:
        version = subprocess.run(
            [exe, "--version"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except OSError:
        return None
    return exe if FLITE_VERSION in version else None


def read_wav(path: Path) -> tuple[list[float], int]:
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth()) != (1, 2):
            raise ValueError(f"{path}: expected 16-bit mono")
        rate = w.getframerate()
        data = array.array("h")
        data.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        data.byteswap()
    return [s / 32768.0 for s in data], rate


def resampled(signal: Signal, rate_in: int) -> Signal:
    """Linear interpolation to RATE (speech at 16 kHz has nothing above 8 kHz to alias)."""
    n_out = round(len(signal) * RATE / rate_in)
    step = rate_in / RATE
    last = len(signal) - 1
    out = []
    for i in range(n_out):
        x = i * step
        j = int(x)
        if j >= last:
            out.append(signal[last])
        else:
            out.append(signal[j] + (signal[j + 1] - signal[j]) * (x - j))
    return out


def trimmed_silence(signal: Signal, threshold: float = 0.01, pad: float = 0.02) -> Signal:
    """Without the engine's silence before and after the words (a little kept for the fades)."""
    loud = [i for i, s in enumerate(signal) if abs(s) > threshold]
    if not loud:
        return signal
    margin = round(pad * RATE)
    return signal[max(0, loud[0] - margin) : loud[-1] + margin]


def speak(exe: str, text: str) -> array.array[int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prompt.wav"
        subprocess.run(
            [exe, "-voice", FLITE_VOICE, "-t", text, "-o", str(out)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        signal, rate = read_wav(out)
    voice = trimmed_silence(resampled(signal, rate))
    # Telephone-band speech: the words stay clear, and a laptop or phone speaker (nothing under
    # ~400 Hz) loses little of them.
    # As little limiting as lets the words reach the cues' loudness under MAX_PEAK.
    for ceiling in (1.0, 0.5, 0.35, 0.25):
        try:
            return loudness_matched(
                finish(limited(speech_band(voice), ceiling), 0.01, 0.03, 0.4), give=0.5
            )
        except ValueError:
            continue
    raise ValueError(f"{text!r} cannot reach {TARGET_LUFS} LUFS under a peak of {MAX_PEAK}")


def limited(signal: Signal, ceiling: float = 0.5, window: float = 0.004) -> Signal:
    """A look-ahead peak limiter: a gain that dips smoothly (over a few ms) where the speech
    peaks above `ceiling` of its own maximum, so it reaches the cues' loudness under MAX_PEAK
    without the distortion of clipping."""
    top = max(abs(s) for s in signal) or 1.0
    x = [s / top for s in signal]
    w = max(1, round(window * RATE))
    n = len(x)
    # The loudest sample within w of each one (a running maximum, both ways).
    peak = [0.0] * n
    for i in range(n):
        peak[i] = max(abs(v) for v in x[max(0, i - w) : i + w + 1])
    need = [min(1.0, ceiling / p) if p > 0 else 1.0 for p in peak]
    # Smooth the gain with a moving average of the window; never above what each sample needs
    # by more than the average allows, which keeps the ripple slow (no clicks).
    acc = [0.0]
    for g in need:
        acc.append(acc[-1] + g)
    gain = [
        (acc[min(n, i + w + 1)] - acc[max(0, i - w)]) / (min(n, i + w + 1) - max(0, i - w))
        for i in range(n)
    ]
    return [v * min(g, 1.0) for v, g in zip(x, gain, strict=True)]


def speech_band(signal: Signal, cutoff: float = 350.0) -> Signal:
    """A 2nd-order Butterworth high-pass, twice (4th order): the voice's low rumble out."""
    w0 = TAU * cutoff / RATE
    alpha = math.sin(w0) / (2.0 / math.sqrt(2))
    cw = math.cos(w0)
    b = ((1 + cw) / 2, -(1 + cw), (1 + cw) / 2)
    a = (1 + alpha, -2 * cw, 1 - alpha)
    return _biquad(_biquad(signal, b, a), b, a)


# Sounds the guide layer reads (not cues: a user's folder does not replace them).
GUIDE_SOUNDS: dict[str, Callable[[], array.array[int]]] = {
    "guide-breath": make_guide_breath,
}


def write_wav(path: Path, samples: array.array[int]) -> None:
    data = samples.tobytes() if sys.byteorder == "little" else _swapped(samples)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data)


def _swapped(samples: array.array[int]) -> bytes:
    copy = array.array("h", samples)
    copy.byteswap()
    return copy.tobytes()


def main(argv: Sequence[str]) -> int:
    here = Path(__file__).resolve().parent
    out_dir = Path(argv[0]) if argv else here
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in {**CUES, **GUIDE_SOUNDS}.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, make())
        print(f"{path}  {path.stat().st_size} bytes")
    exe = flite()
    if exe is None:
        print(
            f"{FLITE_VERSION} not found (apt-get install flite): "
            "keeping the committed voice prompts"
        )
    for name, text in PROMPTS.items():
        path = out_dir / f"{name}.wav"
        if exe is not None:
            write_wav(path, speak(exe, text))
        elif path.resolve() != (here / f"{name}.wav").resolve():
            shutil.copyfile(here / f"{name}.wav", path)
        print(f"{path}  {path.stat().st_size} bytes  ({text!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
