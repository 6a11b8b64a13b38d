"""The problem collector every config table reads through: each mistake becomes a `Problem`
naming the file and its key path, and the entry is left out (`Skip`) while the rest is used."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from breathe.config.model import Problem
from breathe.config.values import (
    Invalid,
    as_minutes,
    as_seconds,
    as_whole,
    found,
    key_path,
    one_of,
)
from breathe.core.catalogue import rest_between_sets
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_SET_REST_SECONDS,
    MAX_SETS,
    Dose,
    Schedule,
    ScheduleError,
)
from breathe.core.stored import MAX_ID_CHARS

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


T = TypeVar("T")


class Skip(Exception):
    """This entry has an error (already reported); leave it out."""


class Collector:
    """Collects located problems while reading; the checks every table shares."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", where, message, self.file))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", where, message, self.file))

    def unknown_keys(self, table: Mapping[str, object], known: tuple[str, ...], at: str) -> None:
        for key in table:
            if key not in known:
                self.warn(key_path(at, key), f"unknown key, ignored; expected {one_of(known)}")

    def get(
        self, table: Mapping[str, object], key: str, at: str, parse: Callable[[object], T]
    ) -> T | None:
        """The parsed value, or None when absent; a bad value is reported and counts as bad."""
        if key not in table:
            return None
        try:
            return parse(table[key])
        except Invalid as exc:
            self.error(f"{at}.{key}", str(exc))
            raise Skip from None

    def table(self, value: object, at: str, example: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(at, f"expected a table such as {example}, found {found(value)}")
        return None

    # ids

    def check_id(self, kind: str, id: str, taken: dict[str, str]) -> bool:
        at = key_path(kind, id)
        if not _ID.fullmatch(id):
            self.error(
                at,
                "expected an id of lowercase words joined by dashes, such as "
                f'"stairs" or "hill-repeats", found {found(id)}',
            )
            return False
        if len(id) > MAX_ID_CHARS:  # a saved session keeps it; the import's limits follow
            self.error(at, f"expected an id of at most {MAX_ID_CHARS} characters, found {len(id)}")
            return False
        if id in taken:
            self.error(
                at,
                f"{found(id)} is already {taken[id]}; expected a new id "
                "(a custom entry may not shadow a built-in or another entry)",
            )
            return False
        return True

    def dose(
        self, entry: Mapping[str, object], at: str, base: Dose | None, *, required: bool
    ) -> Dose | None:
        """The dose an entry asks for; None when a step keeps the exercise's own."""
        failed = False
        values: dict[str, Any] = {}
        for key, parse in (
            ("breaths", lambda v: as_whole(v, 1, MAX_BREATHS)),
            ("minutes", as_minutes),
            ("sets", lambda v: as_whole(v, 1, MAX_SETS)),
            ("rest", lambda v: as_seconds(v, MAX_SET_REST_SECONDS)),
        ):
            try:
                values[key] = self.get(entry, key, at, parse)
            except Skip:
                failed = True
        if "breaths" in entry and "minutes" in entry:
            self.error(at, "expected either breaths or minutes, found both")
            raise Skip
        if failed:
            raise Skip
        breaths, minutes, sets, rest = (values[k] for k in ("breaths", "minutes", "sets", "rest"))
        if breaths is None and minutes is None:
            if required:
                self.error(
                    at,
                    "expected breaths = N or minutes = M (per set), found neither",
                )
                raise Skip
            if base is None or (sets is None and rest is None):
                return None
            breaths, minutes = base.breaths, base.minutes
            sets = sets or base.sets
            if rest is None:
                rest = rest_between_sets(sets, base.rest_seconds)
        sets = sets or 1
        if rest is None:
            rest = rest_between_sets(sets, base.rest_seconds if base is not None else None)
        try:
            return Dose(breaths=breaths, minutes=minutes, sets=sets, rest_seconds=rest)
        except ScheduleError as exc:  # pragma: no cover - the checks above are the same
            self.error(at, str(exc))
            raise Skip from None

    def fits(self, at: str, blocks: list[Any]) -> None:
        try:
            Schedule(blocks, lead_in=0)
        except ScheduleError as exc:
            self.error(at, str(exc))
            raise Skip from None

    # routines
