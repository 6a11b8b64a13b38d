"""Keep every test away from the developer's own history and config; shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "user-config"))
    # wakepy's own test hook: keep-awake succeeds without touching the real desktop
    # (tests/system/test_keepawake.py turns it off to use its fake methods).
    monkeypatch.setenv("WAKEPY_FAKE_SUCCESS", "1")


@pytest.fixture
def safety_seen() -> None:
    """The safety text was read before: sessions start at once."""
    from breathe.system import app_state

    app_state.mark_safety_seen()


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app draws for a 24-bit terminal unless a test says otherwise: the session
    screen picks its palette by colour system, and the developer's TERM must not decide."""
    monkeypatch.setattr("textual.constants.COLOR_SYSTEM", "truecolor")


@pytest.fixture(autouse=True)
def app_tests_carry_the_app_mark(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The fast tier (`-m "not app and not device"`) leaves out the tests that run the Textual
    app. One that runs it without the `app` mark would slow that loop unseen, so it fails here."""
    if request.node.get_closest_marker("app") is not None:
        yield
        return
    where = request.node.nodeid
    if "snap_compare" in request.fixturenames:
        pytest.fail(f"{where} takes a snapshot of the app: mark it @pytest.mark.app")
    ran = watch_app_runs(monkeypatch)
    yield
    if ran:
        pytest.fail(f"{where} runs the Textual app ({ran[0]}): mark it @pytest.mark.app")


def watch_app_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the apps started by `run_test` or `run`/`run_async` from now on (the
    snapshot plugin runs apps through `run`, which awaits `run_async`)."""
    from textual.app import App

    ran: list[str] = []
    for name in ("run_test", "run_async"):
        real = getattr(App, name)

        def watched(self: App[Any], *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            ran.append(type(self).__name__)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(App, name, watched)
    return ran
