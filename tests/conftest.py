"""Keep every test away from the developer's own history and config; shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["pytester"]  # tests/test_tiers.py runs pytest on a planted test file


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


# Each running test's record of the apps it started; a stack, so that a pytest run inside a
# test (tests/test_tiers.py) records into its own tests, not the outer one.
_APP_RUNS: list[list[str]] = []


@pytest.fixture(scope="session", autouse=True)
def app_runs_watched() -> Iterator[None]:
    """Note every app started by `run_test`, or by `run`/`run_async` (the snapshot plugin runs
    apps through `run`, which awaits `run_async`), in the running test's record."""
    from textual.app import App

    with pytest.MonkeyPatch.context() as patch:
        for name in ("run_test", "run_async"):
            real = getattr(App, name)

            def watched(self: App[Any], *args: Any, _real: Any = real, **kwargs: Any) -> Any:
                if _APP_RUNS:
                    _APP_RUNS[-1].append(type(self).__name__)
                return _real(self, *args, **kwargs)

            patch.setattr(App, name, watched)
        yield


@pytest.fixture(autouse=True)
def app_tests_carry_the_app_mark(
    request: pytest.FixtureRequest, app_runs_watched: None
) -> Iterator[None]:
    """The fast tier (`-m "not app and not device"`) leaves out the tests that run the Textual
    app. One that runs it without the `app` mark would slow that loop unseen, so it fails here."""
    marked = request.node.get_closest_marker("app") is not None
    where = request.node.nodeid
    if not marked and "snap_compare" in request.fixturenames:
        pytest.fail(f"{where} takes a snapshot of the app: mark it @pytest.mark.app")
    ran: list[str] = []
    _APP_RUNS.append(ran)
    try:
        yield
    finally:
        _APP_RUNS.pop()
    if ran and not marked:
        pytest.fail(f"{where} runs the Textual app ({ran[0]}): mark it @pytest.mark.app")
