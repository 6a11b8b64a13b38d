"""The CLI pieces for the sound layers, tested on a parser of their own (the CLI wires them)."""

from __future__ import annotations

import argparse
import io

import pytest

from breathe.audio import soundcheck
from breathe.cli.sound_cmd import (
    add_layer_options,
    add_sound_command,
    guide_choice,
    run_sound_command,
    voice_choice,
)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_layer_options(parser)
    return parser.parse_args(list(argv))


def test_guide_and_voice_flags_win_over_setting_and_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BREATHE_GUIDE", raising=False)
    monkeypatch.delenv("BREATHE_VOICE", raising=False)
    assert guide_choice(parse()) is True and voice_choice(parse()) is False
    assert guide_choice(parse("--no-guide"), default=True) is False
    assert guide_choice(parse(), default=False) is False
    assert voice_choice(parse("--voice"), default=False) is True
    monkeypatch.setenv("BREATHE_GUIDE", "off")
    monkeypatch.setenv("BREATHE_VOICE", "on")
    assert guide_choice(parse()) is False and voice_choice(parse()) is True
    assert guide_choice(parse("--guide")) is True and voice_choice(parse("--no-voice")) is False


def test_sound_test_command(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    add_sound_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sound", "test", "--audio", "off", "--volume", "70", "--no-guide"])
    seen: dict[str, object] = {}

    def fake(out: io.StringIO, choice: str, volume: int, *, guide: bool) -> int:
        seen.update(choice=choice, volume=volume, guide=guide)
        return 0

    monkeypatch.setattr(soundcheck, "sound_test", fake)
    assert run_sound_command(args, io.StringIO()) == 0
    assert seen == {"choice": "off", "volume": 70, "guide": False}


@pytest.mark.parametrize(
    ("config", "flags", "guide", "voice"),
    [
        ("", [], True, False),
        ("[settings]\nguide = false\nvoice = true\n", [], False, True),
        ("[settings]\nguide = false\n", ["--guide", "--no-voice"], True, False),
    ],
)
def test_plain_run_passes_the_guide_and_voice_choices_to_the_cues(
    monkeypatch: pytest.MonkeyPatch, config: str, flags: list[str], guide: bool, voice: bool
) -> None:
    from breathe.audio import listener
    from breathe.cli.main import main
    from breathe.system import paths

    monkeypatch.delenv("BREATHE_GUIDE", raising=False)
    monkeypatch.delenv("BREATHE_VOICE", raising=False)
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(config)
    made: list[tuple[bool, bool]] = []

    class Recording(listener.AudioCues):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append((self.guide_on, self.voice))

    monkeypatch.setattr(listener, "AudioCues", Recording)
    argv = ["run", "box", "--plain", "--breaths", "1", "--pattern", "0.02-0.02", "--lead-in", "0"]
    assert main([*argv, "--audio", "bell", *flags], io.StringIO()) == 0
    assert made == [(guide, voice)]
