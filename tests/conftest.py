"""Keep every test away from the developer's own history and config; shared fixtures."""

from __future__ import annotations

from pathlib import Path

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
