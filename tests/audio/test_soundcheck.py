"""`sound_test`: every cue once, then a guided breath, and lines saying what played where."""

from __future__ import annotations

import io

from breathe.audio.cues import Cue
from breathe.audio.mixer import Playback
from breathe.audio.player import OpenedPlayer, SilentPlayer
from breathe.audio.soundcheck import sound_test
from tests.helpers.clock import FakeClock


class Recording(SilentPlayer):
    name = "recording"

    def __init__(self) -> None:
        super().__init__(40)
        self.played: list[Cue] = []
        self.guides: list[object] = []
        self.closed = False

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        self.played.append(cue)
        return None

    def set_guide(self, guide: object) -> bool:  # type: ignore[override]
        self.guides.append(guide)
        return True

    def close(self) -> None:
        super().close()
        self.closed = True


def test_plays_every_cue_then_a_guided_breath() -> None:
    clock = FakeClock()
    player = Recording()
    out = io.StringIO()
    status = sound_test(
        out,
        opener=lambda *a, **k: OpenedPlayer(player),
        sleep=clock.sleep,
        get_time=clock,
    )
    lines = out.getvalue().splitlines()
    assert status == 0
    assert lines[0] == "playing on recording at volume 40"
    assert player.played[: len(Cue)] == list(Cue)
    assert [line.split()[0] for line in lines[1 : 1 + len(Cue)]] == [c.value for c in Cue]
    # The guided breath: its cues in order, and a guide handed to the player.
    assert player.played[len(Cue) :] == [
        Cue.INHALE,
        Cue.HOLD,
        Cue.EXHALE_HUM,
        Cue.REST,
        Cue.SESSION_DONE,
    ]
    assert any(g is not None for g in player.guides)
    assert lines[-4:] == [
        "  guide: inhale 3 s",
        "  guide: hold 2 s",
        "  guide: exhale 3 s",
        "  guide: rest 2 s",
    ]
    assert player.closed


def test_without_sound_it_says_so_and_fails() -> None:
    out = io.StringIO()
    status = sound_test(
        out,
        opener=lambda *a, **k: OpenedPlayer(
            SilentPlayer(), "no audio device found; the session continues without sound"
        ),
        sleep=lambda s: None,
    )
    assert status == 1
    assert out.getvalue().splitlines() == [
        "no audio device found",  # no session runs: it does not "continue without sound"
        "no sound: nothing to test (try --audio bell for the terminal bell)",
    ]


def test_the_terminal_bell_is_tested_as_rings_without_spoken_prompts_or_a_guide() -> None:
    """The bell rings once per cue: no lengths of sounds it never plays, no spoken prompts, and
    the breath is announced as phases, not as a guide that does not play."""
    from breathe.audio.bell import BellPlayer

    rings: list[float] = []
    clock = FakeClock()
    player = BellPlayer(40, ring=lambda: rings.append(clock()))
    out = io.StringIO()
    status = sound_test(
        out,
        choice="bell",
        opener=lambda *a, **k: OpenedPlayer(player),
        sleep=clock.sleep,
        get_time=clock,
    )
    lines = out.getvalue().splitlines()
    assert status == 0
    assert lines[0] == "playing on bell at volume 40"
    spoken = [c for c in Cue if c.spoken]
    assert spoken and not any(c.value in out.getvalue() for c in spoken)
    cue_lines = lines[1 : 1 + len(Cue) - len(spoken)]
    assert all("one ring" in line for line in cue_lines), cue_lines
    assert len({line.index("one ring") for line in cue_lines}) == 1  # one column
    assert "guide:" not in out.getvalue()
    assert lines[-5:] == [
        "  (no guide with this backend: one breath with a cue at each phase instead)",
        "  phase: inhale 3 s",
        "  phase: hold 2 s",
        "  phase: exhale 3 s",
        "  phase: rest 2 s",
    ]
    assert len(rings) == len(cue_lines) + 5  # every cue, then the breath's four and the end
