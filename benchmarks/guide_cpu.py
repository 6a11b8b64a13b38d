"""The guide layer's cost: the mixer's render() for a whole session, guide on against off.

Renders what the audio thread would (one 10 ms buffer at a time, cues and all) on a fake clock,
so the figure is the CPU the guide adds per second of sound, free of scheduling noise:
`python -m benchmarks.guide_cpu` (a whole session, and the breaths after the first, which read
the phases the first one rendered) or the `guide` part of `python -m benchmarks`.
"""

from __future__ import annotations

import time
from fractions import Fraction

from breathe.audio.cues import SAMPLE_RATE, load_cues
from breathe.audio.listener import AudioCues
from breathe.audio.mixer import Mixer
from breathe.audio.player import MiniaudioPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun

FRAMES = 220  # one 10 ms buffer at 22050 Hz
SESSIONS = (("hooklying", None), ("wall", None), ("box", None), ("sigh", None))


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Device:
    def close(self) -> None:
        pass


def render_cpu(exercise: str, *, guide: bool, breaths: int = 6) -> tuple[float, float]:
    """(CPU seconds spent in poll + render, seconds of sound) for one session."""
    clock = _Clock()
    plan = plan_session(Catalogue(), exercise, DoseChoice(breaths=breaths), lead_in=Fraction(3))
    mixer = Mixer(40, get_time=clock)
    player = MiniaudioPlayer(load_cues(None), mixer, _Device(), get_time=clock)
    run = SessionRun(plan, get_time=clock)
    run.add_listener(AudioCues(player, get_time=clock, guide=guide))
    run.start()
    buffers = 0
    started = time.process_time()
    while run.result is None:
        run.poll()
        mixer.render(FRAMES)
        clock.now += FRAMES / SAMPLE_RATE
        buffers += 1
    return time.process_time() - started, buffers * FRAMES / SAMPLE_RATE


def guide_cost(repeat: int = 3) -> dict[str, tuple[float, float]]:
    """Per exercise: (% of one core with the guide off, with it on), best of `repeat`."""
    out = {}
    for exercise, _ in SESSIONS:
        figures = []
        for on in (False, True):
            best = min(
                cpu / seconds
                for cpu, seconds in (render_cpu(exercise, guide=on) for _ in range(repeat))
            )
            figures.append(100 * best)
        out[exercise] = (figures[0], figures[1])
    return out


def steady_cost(repeat: int = 3) -> dict[str, tuple[float, float]]:
    """Per exercise: (% of one core with the guide off, with it on) after the first breath,
    best of `repeat`: a later breath of the same shape reads what the first one rendered."""
    out = {}
    for exercise, _ in SESSIONS:
        figures = []
        for on in (False, True):
            best = 1.0
            for _ in range(repeat):
                cpu_1, sound_1 = render_cpu(exercise, guide=on, breaths=1)
                cpu_7, sound_7 = render_cpu(exercise, guide=on, breaths=7)
                best = min(best, (cpu_7 - cpu_1) / (sound_7 - sound_1))
            figures.append(100 * best)
        out[exercise] = (figures[0], figures[1])
    return out


if __name__ == "__main__":
    print("a whole session of 6 breaths:")
    for exercise, (off, on) in guide_cost().items():
        print(
            f"{exercise:<10} guide off {off:.3f} %  on {on:.3f} %  adds {on - off:.3f} % of a core"
        )
    print("after the first breath:")
    for exercise, (off, on) in steady_cost().items():
        print(
            f"{exercise:<10} guide off {off:.3f} %  on {on:.3f} %  adds {on - off:.3f} % of a core"
        )
