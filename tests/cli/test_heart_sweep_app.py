"""`breathe heart sweep` without `--plain`: the app paces the sweep (the heart line under the
bar), then the table and the resonance rate are printed in the shell and the rate kept."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from breathe.cli import run as run_module
from breathe.cli.resonance_kept import kept_resonance
from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.widgets.heart_line import HeartLine
from tests.helpers.cli import run_main
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, fixed_wall_clock

STEP_S = 1.0  # a frame a second: the beats come about as often


def _app_on_a_fake_clock(seen: dict[str, Any]) -> Any:
    """`run_app` as the command calls it, with the real app, services and heart feed, on a
    fake clock that the test moves (the simulated strap's beats follow the same clock)."""
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        until = clock.now + seconds
        while clock.now < until:
            await asyncio.sleep(0.001)

    def run_app(
        options: Any, plan: Any = None, out: Any = None, heart: Any = None, **_: Any
    ) -> int:
        heart._sleep = sleep  # the simulated strap on the test's clock
        services = SessionServices(AudioChoice("off", 40, muted=True), heart=heart)
        app = BreatheApp(plan, get_time=clock, wall_clock=fixed_wall_clock, services=services)

        async def drive() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                deadline = time.monotonic() + 120
                t = 0.0
                while app.last_result is None:
                    assert time.monotonic() < deadline, "the sweep never finished"
                    t += STEP_S
                    await at(app, clock, pilot, t)
                    if isinstance(app.screen, SessionScreen):
                        line = app.screen.query_one("#heart-line", HeartLine)
                        if line.display and "bpm" in str(line.content):
                            seen["heart line"] = str(line.content)
                seen["seconds"] = t

        try:
            asyncio.run(drive())
        finally:
            services.close()
        return 0

    return run_app


@pytest.mark.app
def test_the_app_paces_the_sweep_then_the_shell_gets_the_table_and_the_rate(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(run_module, "run_app", _app_on_a_fake_clock(seen))
    monkeypatch.setattr(run_module, "plain_wanted", lambda *_: False)  # a terminal, say
    code, out, err = run_main(
        ["heart", "sweep", "--hr", "sim:5.0", "--minutes", "0.1", "--lead-in", "0"], capsys
    )
    assert code == 0, out + err
    assert "bpm" in seen["heart line"]
    lines = out.splitlines()
    assert any(line.lstrip().startswith("6.5") for line in lines), out
    assert lines[-1].startswith("your resonance rate: "), out
    rate = float(lines[-1].split(": ")[1].split()[0])
    assert 4.5 <= rate <= 6.5
    kept = kept_resonance()
    assert kept is not None and kept[0] == rate
    # The app saved the sweep as a session, with its heart, as it saves any session.
    with HistoryStore.open() as store:
        (record,) = store.sessions()
    assert record.exercise == "heart-sweep" and record.heart_bpm is not None
    assert record.heart_beats is not None and len(record.heart_rr_ms) == record.heart_beats


def test_the_sweep_in_the_app_without_heart_data_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[object] = []
    monkeypatch.setattr(run_module, "run_app", lambda *a, **k: started.append(a) or 0)
    monkeypatch.setattr(run_module, "plain_wanted", lambda *_: False)
    code, _, err = run_main(["heart", "sweep", "--hr", "auto"], capsys)  # no strap remembered
    assert code != 0 and "the sweep needs heart data" in err
    assert started == []
