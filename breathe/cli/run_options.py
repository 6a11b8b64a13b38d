"""What a session was asked for, typed once: the command line's flags over the config's
settings. Plain mode, the app and `breathe sound test` read this value, never the argparse
namespace (whose attributes differ by command)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from fractions import Fraction

from breathe.config.model import Settings
from breathe.core.goal import WeeklyGoal


@dataclass(frozen=True)
class RunOptions:
    audio: str  # the backend; "off" for --no-sound or `sound = false`
    volume: int
    guide: bool
    voice: bool
    lead_in: Fraction
    tension: int | None = None  # before the session, 0-10 (`--tension`)
    felt: str | None = None  # the pace check given up front (`--felt`)
    progress: bool = True  # the exercise at the next step of its ladder
    plain: bool = False  # `--plain` asked for (plain mode may be chosen for other reasons)
    reduced_motion: bool | None = None  # None: follow TEXTUAL_ANIMATIONS
    theme: str | None = None
    weekly_goal: WeeklyGoal | None = None
    hr: str = "off"  # the heart source, as `--hr` or `hr = "…"` named it

    @property
    def muted(self) -> bool:
        return self.audio == "off"


def run_options(args: argparse.Namespace | None, settings: Settings) -> RunOptions:
    """Flags win over settings; a setting left open falls back to the environment's default
    (BREATHE_GUIDE, BREATHE_VOICE), then breathe's own."""
    given = vars(args) if args is not None else {}

    def flag(name: str, default: object = None) -> object:
        value = given.get(name)
        return default if value is None else value

    if given.get("no_sound"):
        audio = "off"
    elif given.get("audio") is not None:
        audio = str(given["audio"])
    elif settings.sound or given.get("command") == "sound":  # a sound test is to be heard
        audio = settings.audio
    else:
        audio = "off"
    guide = flag("guide", settings.guide)
    voice = flag("voice", settings.voice)
    lead_in = flag("lead_in", settings.lead_in)
    if guide is None or voice is None:  # the environment decides; audio loads only then
        from breathe.audio.layers import guide_default, voice_default

        guide = guide_default() if guide is None else guide
        voice = voice_default() if voice is None else voice
    tension = given.get("tension")
    felt = given.get("felt")
    return RunOptions(
        audio=audio,
        volume=int(str(flag("volume", settings.volume))),
        guide=bool(guide),
        voice=bool(voice),
        lead_in=lead_in if isinstance(lead_in, Fraction) else Fraction(str(lead_in)),
        tension=tension if isinstance(tension, int) else None,
        felt=felt if isinstance(felt, str) else None,
        progress=settings.progress and not given.get("no_progress"),
        plain=bool(given.get("plain")),
        reduced_motion=True if settings.reduced_motion else None,
        theme=settings.theme,
        weekly_goal=settings.weekly_goal,
        hr=str(flag("hr", settings.hr)),
    )
