"""The CLI pieces for the sound layers, tested on a parser of their own (the CLI wires them)."""

from __future__ import annotations

import argparse
import io

import pytest

from breathe.audio import soundcheck
from breathe.cli.run_options import run_options
from breathe.cli.sound_cmd import add_layer_options, add_sound_command, run_sound_command
from breathe.config.model import Settings


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_layer_options(parser)
    return parser.parse_args(list(argv))


def test_guide_and_voice_flags_win_over_setting_and_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def guide_voice(*argv: str, **settings: bool) -> tuple[bool, bool]:
        options = run_options(parse(*argv), Settings(**settings))  # type: ignore[arg-type]
        return options.guide, options.voice

    monkeypatch.delenv("BREATHE_GUIDE", raising=False)
    monkeypatch.delenv("BREATHE_VOICE", raising=False)
    assert guide_voice() == (True, False)
    assert guide_voice("--no-guide", guide=True)[0] is False
    assert guide_voice(guide=False)[0] is False
    assert guide_voice("--voice", voice=False)[1] is True
    monkeypatch.setenv("BREATHE_GUIDE", "off")
    monkeypatch.setenv("BREATHE_VOICE", "on")
    assert guide_voice() == (False, True)
    assert guide_voice("--guide", "--no-voice") == (True, False)


def test_sound_test_command(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    add_sound_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sound", "test", "--audio", "off", "--volume", "70", "--no-guide"])
    seen: dict[str, object] = {}

    def fake(out: io.StringIO, choice: str, volume: int, *, guide: bool) -> int:
        seen.update(choice=choice, volume=volume, guide=guide)
        return 0

    monkeypatch.setattr(soundcheck, "sound_test", fake)
    assert run_sound_command(run_options(args, Settings()), io.StringIO()) == 0
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

    # The kit imports the cues with its first session (after the first paint).
    monkeypatch.setattr(listener, "AudioCues", Recording)
    argv = ["run", "box", "--plain", "--breaths", "1", "--pattern", "0.02-0.02", "--lead-in", "0"]
    assert main([*argv, "--audio", "bell", *flags], io.StringIO()) == 0
    assert made == [(guide, voice)]
