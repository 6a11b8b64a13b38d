"""Keep every test away from the developer's own history and config."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app draws for a 24-bit terminal unless a test says otherwise: the session
    screen picks its palette by colour system, and the developer's TERM must not decide."""
    monkeypatch.setattr("textual.constants.COLOR_SYSTEM", "truecolor")
