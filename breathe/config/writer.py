"""Saving settings changed in the app back to the user's file, keeping every comment and
unknown key (tomlkit round-trips the text); a broken file is never overwritten."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from breathe.config.model import ConfigError
from breathe.config.source import read_text
from breathe.config.values import parse_setting, toml_value
from breathe.system import paths
from breathe.system.atomic import write_atomic


def _set_keeping_layout(table: Any, key: str, value: object) -> None:
    """Replace in place, or add a new key right after the table's last key.

    A plain append would land after the blank line and comment that introduce the next
    table, so the user's comment would seem to describe the new key.
    """
    if key not in table:
        with contextlib.suppress(AttributeError, TypeError, IndexError):
            body = table.value.body
            last = max((i for i, (k, _) in enumerate(body) if k is not None), default=-1)
            if 0 <= last < len(body) - 1:
                table.value._insert_at(last + 1, key, value)  # tomlkit has no public insert
                return
    table[key] = value


def _set_exhale(table: Any, key: str, value: str, note: str) -> None:
    """Set a style with a comment that stays true: `"hum"  # <note>; or "ha"`. A comment of
    the user's own is kept, unless it names the styles (it would now say the wrong one)."""
    import tomlkit

    old = table.get(key)
    comment = str(getattr(getattr(old, "trivia", None), "comment", "") or "")
    if comment and '"hum"' not in comment and '"ha"' not in comment:
        _set_keeping_layout(table, key, value)
        return
    other = "ha" if value == "hum" else "hum"
    item = tomlkit.item(value)
    item.comment(f'{note}; or "{other}"')
    _set_keeping_layout(table, key, item)


def save_exhale_for(exercise_id: str, style: str, file: Path | None = None) -> None:
    """Keep one exercise's exhale style under [exhale], leaving every other exercise alone.

    Raises ConfigError with one sentence, as `save_settings` does.
    """
    import tomlkit

    value = toml_value("exhale", parse_setting("exhale", style))
    assert isinstance(value, str)

    def change(doc: Any, file: Path) -> None:
        table = doc.get("exhale")
        if table is None:
            table = tomlkit.table()
            doc["exhale"] = table
        elif not isinstance(table, dict):
            raise ConfigError(f"cannot save the exhale style: 'exhale' in {file} is not a table")
        _set_exhale(table, exercise_id, value, "set with e in the app")

    _edit(file, change)


def save_settings(changes: Mapping[str, object], file: Path | None = None) -> None:
    """Set (or with None, remove) keys under [settings], keeping every comment and unknown key.

    Raises ConfigError with one sentence when a value is invalid or the file cannot be
    read, parsed or written; a broken file is never overwritten.
    """
    import tomlkit

    checked = {
        key: None if value is None else toml_value(key, parse_setting(key, value))
        for key, value in changes.items()
    }

    def change(doc: Any, file: Path) -> None:

        settings = doc.get("settings")
        if settings is None:
            settings = tomlkit.table()
            doc["settings"] = settings
        elif not isinstance(settings, dict):
            raise ConfigError(f"cannot save settings: 'settings' in {file} is not a table")
        for key, value in checked.items():
            if value is None:
                settings.pop(key, None)
            elif key == "exhale" and isinstance(value, str):
                # Never `exhale = "ha"  # or "ha"`: the comment is written with the value.
                _set_exhale(settings, key, value, "where an exercise allows either")
            elif isinstance(value, dict):
                inline = tomlkit.inline_table()  # `weekly_goal = { sessions = 4 }`, one line
                inline.update(value)
                _set_keeping_layout(settings, key, inline)
            else:
                _set_keeping_layout(settings, key, value)

    _edit(file, change)


def _edit(file: Path | None, change: Any) -> None:
    """Read, change and write the config file whole; a broken file is never overwritten."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    file = file if file is not None else paths.config_file()
    try:
        text = read_text(file)
    except FileNotFoundError:
        text = "# breathe settings; see 'breathe config --init' for an example.\n"
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {file}: {exc}") from None
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(
            f"cannot save settings: {file} has a TOML syntax error ({exc}); fix it first"
        ) from None
    change(doc, file)
    try:
        write_atomic(file, tomlkit.dumps(doc), make_dirs=True)
    except OSError as exc:
        raise ConfigError(f"cannot write {file}: {exc.strerror or exc}") from None
