"""Defaults and choices that the command line, the config and the app must agree on."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

DEFAULT_VOLUME = 40  # quiet enough for a bedroom at night
MAX_VOLUME = 100
DEFAULT_LEAD_IN = Fraction(3)  # seconds of count-in before the first breath

AudioChoice = Literal["auto", "miniaudio", "simpleaudio", "bell", "off"]
AUDIO_CHOICES: tuple[AudioChoice, ...] = ("auto", "miniaudio", "simpleaudio", "bell", "off")
