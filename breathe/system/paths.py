"""Where breathe keeps its files; environment variables override for tests and odd set-ups."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "breathe"


def data_dir() -> Path:
    override = os.environ.get("BREATHE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    override = os.environ.get("BREATHE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_sounds_dir() -> Path:
    return config_dir() / "sounds"


def state_file() -> Path:
    """Small app state (e.g. whether the safety text was seen), kept apart from the config."""
    return data_dir() / "state.json"
