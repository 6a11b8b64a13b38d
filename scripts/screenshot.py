"""The README's top picture, made from the real app: `python scripts/screenshot.py [OUT.svg]`.

It starts `BreatheApp` headless at 100x30 (Textual's `run_test`) on a clock that moves only
when told, opens a built-in exercise, stops the clock in the middle of an inhale and saves an
SVG with Textual's `App.save_screenshot`. Nothing of the user's is read or written: the data
and config folders are fresh temporary ones, and no sound plays.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screenshot.svg"
SIZE = (100, 30)
EXERCISE = "hooklying"
INTO_THE_SESSION = 3 + 2.0  # the 3 s count-in, then half of the 4 s inhale


class StillClock:
    """A monotonic clock that stands still unless moved, so every run draws the same frame."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.start = self.now

    def __call__(self) -> float:
        return self.now

    def at(self, seconds: float) -> None:
        self.now = self.start + seconds


async def shoot(out: Path) -> Path:
    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import plan_session
    from breathe.ui.app import BreatheApp
    from breathe.ui.screens.session import SessionScreen
    from breathe.ui.services import NoServices

    class Quiet(NoServices):
        """The header as with a working sound device; nothing played, nothing kept."""

        def safety_seen(self) -> bool:
            return True

        def sound_status(self) -> str:
            return "sound on"

    clock = StillClock()
    app = BreatheApp(plan_session(Catalogue(), EXERCISE), get_time=clock, services=Quiet())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.at(INTO_THE_SESSION)
        screen = app.screen
        if not isinstance(screen, SessionScreen):
            raise SystemExit(f"expected the session screen, found {type(screen).__name__}")
        screen.tick()
        await pilot.pause()
        out.parent.mkdir(parents=True, exist_ok=True)
        saved = app.save_screenshot(filename=out.name, path=str(out.parent))
        await pilot.press("q")
    return Path(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="the SVG file")
    args = parser.parse_args(argv)
    kept = dict(os.environ)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            os.environ["BREATHE_DATA_DIR"] = str(Path(scratch) / "data")
            os.environ["BREATHE_CONFIG_DIR"] = str(Path(scratch) / "config")
            os.environ.pop("NO_COLOR", None)
            saved = asyncio.run(shoot(args.out.resolve()))
    finally:
        os.environ.clear()
        os.environ.update(kept)
    print(saved)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")  # read when Textual is imported
    sys.exit(main())
