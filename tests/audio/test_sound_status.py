"""The header's sound text: says "no sound device" for the whole session, not only in a toast."""

from __future__ import annotations

import threading

from breathe.audio.player import BackgroundPlayer, BellPlayer, OpenedPlayer, SilentPlayer
from breathe.audio.status import sound_status


def test_no_device_is_said_for_as_long_as_it_lasts() -> None:
    bg = BackgroundPlayer(
        opener=lambda *a, **k: OpenedPlayer(
            SilentPlayer(), "no audio device found; the session continues without sound"
        )
    )
    assert bg.wait(5) is not None
    assert sound_status(bg, muted=False) == "no sound device"
    assert sound_status(bg, muted=True) == "no sound device"
    bg.close()


def test_the_other_states() -> None:
    class Lost(SilentPlayer):
        name = "miniaudio"

        @property
        def problem(self) -> str | None:
            return "the audio device stopped"

    class Working(SilentPlayer):
        name = "miniaudio"

    assert sound_status(Lost(), muted=False) == "sound device lost"
    assert sound_status(Working(), muted=False) == "sound on  ·  guide"
    assert sound_status(Working(), muted=False, guide_on=False) == "sound on"
    assert sound_status(Working(), muted=True) == "muted"
    assert sound_status(BellPlayer(), muted=False) == "bell"
    assert sound_status(SilentPlayer(), muted=False) == "sound off"
    assert sound_status(None, muted=False) == "sound off"
    gate = threading.Event()

    def slow(*args: object, **options: object) -> OpenedPlayer:
        gate.wait(5)
        return OpenedPlayer(Working())

    opening = BackgroundPlayer(opener=slow)
    assert sound_status(opening, muted=False).startswith("sound on")  # while it opens
    gate.set()
    opening.close()
