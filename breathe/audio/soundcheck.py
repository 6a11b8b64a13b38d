"""`breathe sound test`: play every cue and a short guided breath once, and say what played where.

For a user checking the setup before lying down with the eyes closed: each line names the cue,
what it means in a session and how long it lasts; the first line names the backend and device
(or says plainly that there is no sound, and why).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import TextIO

from breathe.audio.cues import SAMPLE_RATE, Cue, load_cues
from breathe.audio.player import NO_SOUND, OpenedPlayer, Player, open_player
from breathe.core.defaults import DEFAULT_VOLUME

MEANING: dict[Cue, str] = {
    Cue.INHALE: "start of an inhale",
    Cue.INHALE_TOP_UP: "the short top-up inhale of a double inhale (sigh, run-reset)",
    Cue.HOLD: "start of a hold",
    Cue.EXHALE_HUM: "start of a hummed exhale",
    Cue.EXHALE_HA: 'start of a "haaa" exhale',
    Cue.REST: "start of a rest",
    Cue.SET_DONE: "a set is done (falling)",
    Cue.SESSION_DONE: "the session is done (rising)",
    Cue.NEXT_STEP: "a routine's next exercise: change position",
    Cue.PAUSE: "paused",
    Cue.RESUME: "resumed",
    **{c: "spoken instead of a cue with --voice" for c in Cue if c.spoken},
}
GAP_SECONDS = 0.4
DEMO_PATTERN = "3-2-3-2"  # one short breath with every guide sound: glide, ticks, hum, knocks


def describe(player: Player) -> str:
    """The backend and, where known, the device's driver: "miniaudio (PulseAudio)"."""
    device = getattr(player, "device_name", None)
    return f"{player.name} ({device})" if device else player.name


def sound_test(
    out: TextIO = sys.stdout,
    choice: str = "auto",
    volume: int = DEFAULT_VOLUME,
    *,
    guide: bool = True,
    opener: Callable[..., OpenedPlayer] = open_player,
    sleep: Callable[[float], None] = time.sleep,
    get_time: Callable[[], float] = time.monotonic,
) -> int:
    """Play each cue, then one guided breath; 0 when sound played, 1 when there is none."""

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    opened = opener(choice, volume, bell_stream=sys.stderr, hush_stderr=True)
    for notice in opened.notices:
        say(notice.removesuffix(f"; {NO_SOUND}"))  # a test, not a session, is what runs
    player = opened.player
    try:
        if player.name == "off":
            say("no sound: nothing to test (try --audio bell for the terminal bell)")
            return 1
        say(f"playing on {describe(player)} at volume {player.volume}")
        cues = load_cues(None)
        rings = player.name == "bell"  # one ring per cue: no lengths, no spoken prompts
        width = max(len(cue.value) for cue in Cue if not (rings and cue.spoken))
        for cue in Cue:
            if rings and cue.spoken:
                continue
            seconds = cues[cue].seconds
            player.play(cue)
            length = "one ring" if rings else f"{seconds:4.2f} s"
            say(f"  {cue.value:<{width}}  {length}  {MEANING[cue]}")
            sleep((0.2 if rings else seconds) + GAP_SECONDS)
        if guide:
            _guided_breath(player, say, sleep, get_time)
        player.finish_playing(2.0)
        problem = player.problem
        if problem:
            say(problem)
            return 1
        return 0
    finally:
        player.close()


def _guided_breath(
    player: Player,
    say: Callable[[str], None],
    sleep: Callable[[float], None],
    get_time: Callable[[], float],
) -> None:
    """One box breath with the guide on, announced phase by phase, in real time."""
    from breathe.audio.listener import AudioCues
    from breathe.core.catalogue import Catalogue
    from breathe.core.engine import Segment, State
    from breathe.core.plan import DoseChoice, plan_session
    from breathe.core.session import SessionListener, SessionRun

    plan = plan_session(
        Catalogue(), "box", DoseChoice(breaths=1), pattern=DEMO_PATTERN, lead_in=Fraction(0)
    )
    run = SessionRun(plan, get_time=get_time)

    guided = player.set_guide(None)
    label = "guide" if guided else "phase"

    class Announce(SessionListener):
        def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
            say(f"  {label}: {segment.kind.value} {segment.seconds:g} s")

    # The player stays open for the caller: AudioCues.close() is not called here.
    audio = AudioCues(player, get_time=get_time, guide=True)
    run.add_listener(audio)
    run.add_listener(Announce())
    if not guided:
        say("  (no guide with this backend: one breath with a cue at each phase instead)")
    run.start()
    while run.result is None:
        run.poll()
        sleep(1 / 50)
    frames = SAMPLE_RATE  # let the session-done chime start
    sleep(frames / SAMPLE_RATE)
