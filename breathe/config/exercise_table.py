"""[exercises.*]: custom exercises, each with its pattern, dose and optional ladder."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from breathe.config.collector import Skip
from breathe.config.ladder_table import LadderTable
from breathe.config.model import EXERCISE_KEYS
from breathe.config.values import (
    as_exhale,
    as_pattern,
    as_text,
    key_path,
)
from breathe.core.catalogue import Exercise
from breathe.core.engine import ExhaleStyle


class ExerciseTable(LadderTable):
    def exercises(
        self, data: Mapping[str, object], taken: dict[str, str], exhale: ExhaleStyle | None
    ) -> tuple[list[Exercise], set[str]]:
        """Valid exercises, and the ids of the invalid ones (so routines can say why)."""
        raw = self.table(data.get("exercises", {}), "exercises", "[exercises.stairs]")
        good: list[Exercise] = []
        bad: set[str] = set()
        for id, value in (raw or {}).items():
            at = key_path("exercises", id)
            entry = self.table(value, at, f"[{at}] with a pattern and breaths or minutes")
            if entry is None or not self.check_id("exercises", id, taken):
                bad.add(id)
                continue
            taken[id] = "a custom exercise"
            try:
                good.append(self.exercise(id, entry, at, exhale))
            except Skip:
                bad.add(id)
        return good, bad

    def exercise(
        self, id: str, entry: Mapping[str, object], at: str, exhale: ExhaleStyle | None
    ) -> Exercise:
        self.unknown_keys(entry, EXERCISE_KEYS, at)
        failed = False
        fields: dict[str, Any] = {}
        for key, parse in (
            ("name", as_text),
            ("cue", lambda v: as_text(v, empty_ok=True)),
            ("why", lambda v: as_text(v, empty_ok=True)),
            ("pattern", as_pattern),
            ("exhale", as_exhale),
        ):
            try:
                fields[key] = self.get(entry, key, at, parse)
            except Skip:
                failed = True
        if "pattern" not in entry:
            self.error(
                f"{at}.pattern",
                'missing; expected a pattern such as "4-0-6-2" (inhale-hold-exhale-rest)',
            )
            failed = True
        dose = self.dose(entry, at, base=None, required=True)
        if failed or dose is None:
            raise Skip
        own_exhale: ExhaleStyle | None = fields["exhale"]
        ex = Exercise(
            id=id,
            name=fields["name"] or id,
            cue=fields["cue"] or "",
            pattern=fields["pattern"],
            dose=dose,
            exhale=own_exhale or exhale or ExhaleStyle.HUM,
            why=fields["why"] or "",
            either_exhale=own_exhale is None,
        )
        self.fits(at, [ex.block()])
        if "progress" in entry:
            self.ladder(ex, entry["progress"], f"{at}.progress")
        return ex
