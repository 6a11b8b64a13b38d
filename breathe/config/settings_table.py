"""[settings] and [exhale]: the user's defaults and each exercise's own exhale style."""

from __future__ import annotations

from collections.abc import Mapping

from breathe.config.collector import Collector
from breathe.config.model import (
    SETTINGS_KEYS,
    TEXTUAL_THEMES,
    Settings,
)
from breathe.config.values import (
    SETTING_PARSERS,
    Invalid,
    as_exhale,
    found,
    key_path,
)
from breathe.core.catalogue import Catalogue
from breathe.core.engine import ExhaleStyle


class SettingsTable(Collector):
    def settings(self, data: Mapping[str, object]) -> Settings:
        raw = self.table(data.get("settings", {}), "settings", "[settings]")
        if raw is None:
            return Settings()
        self.unknown_keys(raw, SETTINGS_KEYS, "settings")
        values: dict[str, object] = {}
        for key in SETTINGS_KEYS:
            if key not in raw:
                continue
            try:
                values[key] = SETTING_PARSERS[key](raw[key])
            except Invalid as exc:
                self.error(f"settings.{key}", f"{exc}; the default is used")
                continue
            if key == "theme" and values[key] not in TEXTUAL_THEMES:
                self.warn(
                    "settings.theme",
                    f"unknown theme {found(values[key])}, the app's default may be used "
                    'instead; expected a built-in Textual theme such as "textual-dark", '
                    '"nord", "gruvbox" or "tokyo-night"',
                )
        return Settings(**values)  # type: ignore[arg-type]

    def exhale_for(self, data: Mapping[str, object], known: Catalogue) -> dict[str, ExhaleStyle]:
        """[exhale]: `goal-post = "hum"`, one exercise's own style (set by `e` in the app)."""
        raw = self.table(data.get("exhale", {}), "exhale", '[exhale] goal-post = "hum"')
        if raw is None:
            return {}
        out: dict[str, ExhaleStyle] = {}
        for id, value in raw.items():
            at = key_path("exhale", id)
            exercise = known.exercise(id)
            if exercise is None:
                self.warn(at, f"no exercise {found(id)}; ignored")
                continue
            try:
                style = as_exhale(value)
            except Invalid as exc:
                self.error(at, f"{exc}; the exercise's own style is used")
                continue
            if not exercise.either_exhale:
                self.warn(at, f"{exercise.name} is always {exercise.exhale.value}; ignored")
                continue
            out[id] = style
        return out
