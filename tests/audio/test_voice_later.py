"""Spoken prompts read only once voice is on: a user's prompt that cannot be read is still
told, once, when it is read later (voice turned on mid-session), never a traceback."""

from __future__ import annotations

from pathlib import Path

from breathe.audio.cues import Cue, builtin_sounds_dir, load_cues, load_wav


def test_a_broken_prompt_read_later_is_told_once_and_the_builtin_used(tmp_path: Path) -> None:
    (tmp_path / "voice-hold.wav").write_bytes(b"RIFF, but not a WAV at all")
    told: list[str] = []
    loaded = load_cues(tmp_path, voice=False, on_late_notice=told.append)
    assert loaded.notices == () and told == []  # voice off: the prompts are not read
    hold = loaded[Cue.VOICE_HOLD]
    (notice,) = told
    assert str(tmp_path / "voice-hold.wav") in notice
    assert notice.endswith("using the built-in voice-hold sound")
    assert hold.samples == load_wav(builtin_sounds_dir() / "voice-hold.wav").samples
    loaded[Cue.VOICE_HOLD]
    loaded.read_spoken()  # every prompt read: the broken one is not told again
    assert told == [notice]


def test_reading_the_prompts_at_once_tells_each_broken_one(tmp_path: Path) -> None:
    for name in ("voice-rest", "voice-paused"):
        (tmp_path / f"{name}.wav").write_bytes(b"")
    told: list[str] = []
    loaded = load_cues(tmp_path, voice=False, on_late_notice=told.append)
    loaded.read_spoken()
    assert sorted(n.rsplit(" ", 2)[1] for n in told) == ["voice-paused", "voice-rest"]
    assert len(told) == 2


def test_with_voice_on_from_the_start_nothing_is_left_to_tell_later(tmp_path: Path) -> None:
    (tmp_path / "voice-hold.wav").write_bytes(b"junk")
    told: list[str] = []
    loaded = load_cues(tmp_path, voice=True, on_late_notice=told.append)
    assert len(loaded.notices) == 1  # told at the start, as before
    loaded.read_spoken()
    assert told == []
