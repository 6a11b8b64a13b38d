"""Which sound plays when, and loading it: the built-in WAVs or a user's own replacement.

Sounds are kept as 16-bit mono samples at `SAMPLE_RATE`; a user's file at another rate or in
stereo is converted once at load time, so players never convert anything while playing.
"""

from __future__ import annotations

import array
import io
import math
import os
import sys
import threading
import wave
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from breathe.core.engine import ExhaleStyle, Schedule, Segment, SegmentKind
from breathe.system.files import UnreadableFile, read_regular

SAMPLE_RATE = 22050
MAX_USER_SOUND_BYTES = 4 * 1024 * 1024


class Cue(Enum):
    """A cue's value is its file name without `.wav`, in `sounds/` and in the user's folder."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE_HUM = "exhale-hum"
    EXHALE_HA = "exhale-ha"
    REST = "rest"
    SET_DONE = "set-done"
    SESSION_DONE = "session-done"
    NEXT_STEP = "next-step"  # a routine moves to its next exercise: change position
    INHALE_TOP_UP = "inhale-top-up"  # the second, short inhale of a double inhale
    PAUSE = "pause"
    RESUME = "resume"
    # Spoken prompts (--voice): said instead of the tonal cue, never on top of it.
    VOICE_BREATHE_IN = "voice-breathe-in"
    VOICE_HOLD = "voice-hold"
    VOICE_HUM_OUT = "voice-hum-out"
    VOICE_HA_OUT = "voice-ha-out"
    VOICE_REST = "voice-rest"
    VOICE_LAST_BREATH = "voice-last-breath"
    VOICE_PAUSED = "voice-paused"
    VOICE_RESUMING = "voice-resuming"
    VOICE_WELL_DONE = "voice-well-done"
    VOICE_NEXT_STEP = "voice-next-step"

    @property
    def spoken(self) -> bool:
        return self.value.startswith("voice-")


VOICE_MIN_SECONDS = 1.5  # a phase shorter than this keeps its tonal cue: no time to speak
_SPOKEN: dict[Cue, Cue] = {
    Cue.INHALE: Cue.VOICE_BREATHE_IN,
    Cue.HOLD: Cue.VOICE_HOLD,
    Cue.EXHALE_HUM: Cue.VOICE_HUM_OUT,
    Cue.EXHALE_HA: Cue.VOICE_HA_OUT,
    Cue.REST: Cue.VOICE_REST,
    Cue.PAUSE: Cue.VOICE_PAUSED,
    Cue.RESUME: Cue.VOICE_RESUMING,
    Cue.SESSION_DONE: Cue.VOICE_WELL_DONE,
    Cue.NEXT_STEP: Cue.VOICE_NEXT_STEP,
}


def spoken_for(cue: Cue, *, last_breath: bool = False) -> Cue:
    """The prompt said instead of a tonal cue (the cue itself when it has none)."""
    if cue is Cue.INHALE and last_breath:
        return Cue.VOICE_LAST_BREATH
    return _SPOKEN.get(cue, cue)


_SEGMENT_CUES: dict[SegmentKind, Cue] = {
    SegmentKind.INHALE: Cue.INHALE,
    SegmentKind.HOLD: Cue.HOLD,
    SegmentKind.REST: Cue.REST,
    # The end of a set and the move to the next exercise both close a block of breaths.
    SegmentKind.SET_REST: Cue.SET_DONE,
    SegmentKind.TRANSITION: Cue.NEXT_STEP,
}


def cue_for(kind: SegmentKind, exhale: ExhaleStyle) -> Cue | None:
    """The cue that marks the start of a segment; None for the silent lead-in."""
    if kind is SegmentKind.EXHALE:
        return Cue.EXHALE_HUM if exhale is ExhaleStyle.HUM else Cue.EXHALE_HA
    return _SEGMENT_CUES.get(kind)


def cue_for_segment(schedule: Schedule, segment: Segment, exhale: ExhaleStyle) -> Cue | None:
    """As `cue_for`, and a top-up inhale (an inhale right after another) gets its own cue."""
    if segment.kind is SegmentKind.INHALE and segment.index > 0:
        before = schedule.segments[segment.index - 1]
        if before.kind is SegmentKind.INHALE and before.breath == segment.breath:
            return Cue.INHALE_TOP_UP
    return cue_for(segment.kind, exhale)


class SoundError(Exception):
    """A sound file that cannot be used; the message is one sentence about why."""


@dataclass(frozen=True)
class Sound:
    """16-bit mono samples in native byte order at SAMPLE_RATE."""

    samples: array.array[int] = field(repr=False)
    source: str

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE


# Rates a real WAV uses; anything else is a damaged header (0 Hz would divide by zero, 1 Hz
# would resample a kilobyte into minutes of audio).
MIN_RATE, MAX_RATE = 8000, 192000
MAX_CUE_SECONDS = 30


def builtin_sounds_dir() -> Path:
    """`breathe/sounds` inside an installed wheel, else the source tree's top-level `sounds/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "sounds"
    if (installed / f"{Cue.INHALE.value}.wav").is_file():
        return installed
    return package.parent / "sounds"


_WAVE_FORMAT_PCM, _WAVE_FORMAT_EXTENSIBLE = 1, 0xFFFE
# The KSDATAFORMAT_SUBTYPE_PCM GUID after its first two bytes (which hold the format, 1).
_PCM_GUID_TAIL = bytes.fromhex("000000001000800000aa00389b71")
MAX_BUILTIN_SOUND_BYTES = 64 * 1024 * 1024


def _plain_pcm(data: bytes) -> bytes:
    """WAVE_FORMAT_EXTENSIBLE holding plain PCM (what many editors write) relabelled as PCM,
    which is all the `wave` module of Python 3.10 and 3.11 reads; anything else unchanged."""
    at = 12
    while at + 8 <= len(data) and data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        size = int.from_bytes(data[at + 4 : at + 8], "little")
        if data[at : at + 4] == b"fmt ":
            body = data[at + 8 : at + 8 + size]
            tag = int.from_bytes(body[:2], "little")
            subtype = body[24:40]
            pcm = subtype[:2] == b"\x01\x00" and subtype[2:] == _PCM_GUID_TAIL
            if tag == _WAVE_FORMAT_EXTENSIBLE and len(body) >= 40 and pcm:
                return data[: at + 8] + b"\x01\x00" + data[at + 10 :]
            return data
        at += 8 + size + size % 2
    return data


def load_wav(path: Path, *, max_bytes: int | None = None) -> Sound:
    """Read a 16-bit PCM WAV (mono or stereo, any rate) as mono samples at SAMPLE_RATE."""
    try:
        limit = max_bytes if max_bytes is not None else MAX_BUILTIN_SOUND_BYTES
        try:
            raw = read_regular(path, limit)
        except UnreadableFile as exc:
            raise SoundError(f"{path} {exc.reason}") from None
        with wave.open(io.BytesIO(_plain_pcm(raw)), "rb") as w:
            width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            if width != 2:
                raise SoundError(f"{path} is {8 * width}-bit; a cue must be 16-bit PCM")
            if channels not in (1, 2):
                raise SoundError(f"{path} has {channels} channels; a cue must be mono or stereo")
            if not MIN_RATE <= rate <= MAX_RATE:
                raise SoundError(
                    f"{path} has a sample rate of {rate} Hz; a cue must be "
                    f"{MIN_RATE} to {MAX_RATE} Hz"
                )
            seconds = w.getnframes() / rate
            if seconds > MAX_CUE_SECONDS:
                raise SoundError(
                    f"{path} lasts {seconds:.0f} s; a cue must be at most {MAX_CUE_SECONDS} s"
                )
            data = w.readframes(w.getnframes())
    except SoundError:
        raise
    except (OSError, EOFError, wave.Error) as exc:
        why = str(exc) or "the file ends too soon"
        raise SoundError(f"{path} is not a readable 16-bit PCM WAV file ({why})") from None
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder != "little":
        samples.byteswap()
    if channels == 2:
        samples = samples[: len(samples) - len(samples) % 2]
        left, right = samples[::2], samples[1::2]
        samples = array.array("h", ((a + b) // 2 for a, b in zip(left, right, strict=True)))
    if not samples:
        raise SoundError(f"{path} holds no sound")
    if rate != SAMPLE_RATE:
        samples = resample(samples, rate, SAMPLE_RATE)
    return Sound(samples, str(path))


def resample(samples: array.array[int], rate_in: int, rate_out: int) -> array.array[int]:
    """Linear interpolation: plenty for short cues, and only done once, at load time."""
    n_out = max(1, round(len(samples) * rate_out / rate_in))
    step = rate_in / rate_out
    last = len(samples) - 1
    out = array.array("h", bytes(2 * n_out))
    for i in range(n_out):
        x = i * step
        j = int(x)
        if j >= last:
            out[i] = samples[last]
            continue
        frac = x - j
        out[i] = round(samples[j] + (samples[j + 1] - samples[j]) * frac)
    return out


TRIM_FADE_SECONDS = 0.03  # a cue cut to fit its phase ends with this fade, not a click


def trimmed(samples: array.array[int], max_frames: int) -> array.array[int]:
    """The samples cut to at most max_frames, the last TRIM_FADE_SECONDS faded out."""
    if len(samples) <= max_frames:
        return samples
    out = samples[: max(1, max_frames)]
    fade = min(len(out), max(1, round(TRIM_FADE_SECONDS * SAMPLE_RATE)))
    start = len(out) - fade
    for i in range(fade):
        g = 0.5 + 0.5 * math.cos(math.pi * (i + 1) / fade)
        out[start + i] = round(out[start + i] * g)
    return out


@dataclass(frozen=True)
class CueSet:
    """Every cue's sound, and one sentence per user file that was refused."""

    sounds: Mapping[Cue, Sound]
    notices: tuple[str, ...] = ()
    _fitted: dict[tuple[Cue, int], array.array[int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __getitem__(self, cue: Cue) -> Sound:
        return self.sounds[cue]

    def read_spoken(self) -> None:
        """Voice turned on: every prompt read now rather than at its first phase; a user's
        file refused is told as a prompt read late is (see `load_cues`), once."""
        for cue in Cue:
            if cue.spoken:
                self.sounds[cue]

    def fitted(self, cue: Cue, max_seconds: float | None) -> array.array[int]:
        """The cue's samples, trimmed with a fade when longer than max_seconds (its phase)."""
        samples = self.sounds[cue].samples
        if max_seconds is None:
            return samples
        return self.fitted_frames(cue, int(max_seconds * SAMPLE_RATE))

    def fitted_frames(self, cue: Cue, max_frames: int) -> array.array[int]:
        samples = self.sounds[cue].samples
        if len(samples) <= max_frames:
            return samples
        key = (cue, max_frames)
        out = self._fitted.get(key)
        if out is None:
            if len(self._fitted) > 64:
                self._fitted.clear()
            out = self._fitted[key] = trimmed(samples, max_frames)
        return out


def load_cues(
    user_dir: Path | None = None,
    builtin_dir: Path | None = None,
    *,
    voice: bool = True,
    on_late_notice: Callable[[str], None] | None = None,
) -> CueSet:
    """Built-in sounds, each replaced by `<user_dir>/<cue>.wav` when that file is usable.

    `voice` False (no spoken prompts yet): the prompts, half the sounds, are read only if one
    is ever asked for (voice turned on later); a user's file refused then is told to
    `on_late_notice`, once (the sound is kept), on the thread that asked for the prompt."""
    builtin_dir = builtin_dir or builtin_sounds_dir()
    notices: list[str] = []
    sounds = _SpokenLater(user_dir, builtin_dir, on_late_notice)
    for cue in Cue:
        if voice or not cue.spoken:
            sounds[cue] = _load_cue(cue, user_dir, builtin_dir, notices)
    return CueSet(sounds, tuple(notices))


class _SpokenLater(dict[Cue, Sound]):
    """The cues' sounds; one not loaded yet (a spoken prompt, see `load_cues`) is loaded
    when first asked for."""

    def __init__(
        self, user_dir: Path | None, builtin_dir: Path, tell: Callable[[str], None] | None
    ) -> None:
        super().__init__()
        self._dirs = (user_dir, builtin_dir)
        self._tell = tell
        self._lock = threading.Lock()  # the UI thread and the device's opening may both ask

    def __missing__(self, cue: Cue) -> Sound:
        notices: list[str] = []
        with self._lock:
            sound = self.get(cue)
            if sound is not None:
                return sound
            sound = self[cue] = _load_cue(cue, *self._dirs, notices)
        for notice in notices:
            if self._tell is not None:
                self._tell(notice)
        return sound


def _load_cue(cue: Cue, user_dir: Path | None, builtin_dir: Path, notices: list[str]) -> Sound:
    own = user_dir / f"{cue.value}.wav" if user_dir is not None else None
    if own is not None and os.path.lexists(own):  # a broken symlink is named too
        try:
            return load_wav(own, max_bytes=MAX_USER_SOUND_BYTES)
        except SoundError as exc:
            notices.append(f"{exc}; using the built-in {cue.value} sound")
    try:
        return load_wav(builtin_dir / f"{cue.value}.wav")
    except SoundError as exc:
        # Only a broken installation gets here; the cue is left silent rather than crash.
        notices.append(f"{exc}; the {cue.value} cue is silent")
        return Sound(array.array("h", [0]), "silence")
