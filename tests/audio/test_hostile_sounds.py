"""Issue 14: sound overrides that are extensible WAVs, FIFOs or broken symlinks (defects 6, 15)."""

from __future__ import annotations

import array
import os
import struct
import subprocess
import sys
from pathlib import Path

from breathe.audio.cues import SAMPLE_RATE, Cue, load_cues, load_wav

_PCM_GUID = bytes.fromhex("0100000000001000800000aa00389b71")


def extensible_wav(path: Path, samples: list[int], *, channels: int = 1) -> Path:
    """A 16-bit PCM WAV in the WAVE_FORMAT_EXTENSIBLE wrapper, as Audacity or sox write it."""
    data = array.array("h", samples).tobytes()
    fmt = struct.pack(
        "<HHIIHHHHI16s",
        0xFFFE,
        channels,
        SAMPLE_RATE,
        SAMPLE_RATE * 2 * channels,
        2 * channels,
        16,
        22,  # cbSize
        16,  # valid bits
        (1 << channels) - 1,  # channel mask
        _PCM_GUID,
    )
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_extensible_16_bit_pcm_is_accepted(tmp_path: Path) -> None:
    extensible_wav(tmp_path / "hold.wav", [1000, -1000] * 500)
    loaded = load_cues(tmp_path)
    assert loaded.notices == ()
    assert loaded[Cue.HOLD].source == str(tmp_path / "hold.wav")
    assert list(loaded[Cue.HOLD].samples[:4]) == [1000, -1000, 1000, -1000]


def test_extensible_with_another_subformat_is_still_refused(tmp_path: Path) -> None:
    path = extensible_wav(tmp_path / "hold.wav", [0] * 100)
    raw = bytearray(path.read_bytes())
    at = raw.index(_PCM_GUID)
    raw[at] = 3  # IEEE float
    path.write_bytes(bytes(raw))
    (notice,) = load_cues(tmp_path).notices
    assert "hold.wav is not a readable 16-bit PCM WAV" in notice


def test_a_broken_symlink_is_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "inhale.wav").symlink_to(tmp_path / "gone.wav")
    loaded = load_cues(tmp_path)
    (notice,) = loaded.notices
    assert notice == (
        f"{tmp_path / 'inhale.wav'} is a broken symlink (to {tmp_path / 'gone.wav'}); "
        "using the built-in inhale sound"
    )
    assert loaded[Cue.INHALE].source.endswith("inhale.wav")


def test_a_fifo_or_dev_zero_as_a_sound_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rest.wav")
    (tmp_path / "hold.wav").symlink_to("/dev/zero")
    script = (
        "import sys; from pathlib import Path; from breathe.audio.cues import load_cues; "
        "print('\\n'.join(load_cues(Path(sys.argv[1])).notices))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(proc.stdout.splitlines()) == [
        f"{tmp_path / 'hold.wav'} is not a regular file; using the built-in hold sound",
        f"{tmp_path / 'rest.wav'} is not a regular file; using the built-in rest sound",
    ]


def test_builtin_sounds_still_load(tmp_path: Path) -> None:
    assert load_wav(extensible_wav(tmp_path / "x.wav", [5] * 10)).samples.tolist() == [5] * 10
