"""Whether the guide and the voice play when no flag or setting says: the environment's word.

Apart from `listener` so the command line can ask without loading the audio stack."""

from __future__ import annotations

import os

GUIDE_ENV = "BREATHE_GUIDE"  # "off" (or 0, no, false): no guide layer, only the onset cues
VOICE_ENV = "BREATHE_VOICE"  # "on" (or 1, yes, true): spoken prompts instead of tonal cues


def guide_default() -> bool:
    """The guide is on unless BREATHE_GUIDE says off (the CLI flag and setting pass theirs)."""
    return os.environ.get(GUIDE_ENV, "").strip().lower() not in ("0", "off", "no", "false")


def voice_default() -> bool:
    """Voice prompts are off unless BREATHE_VOICE says on (the CLI flag and setting pass theirs)."""
    return os.environ.get(VOICE_ENV, "").strip().lower() in ("1", "on", "yes", "true")
