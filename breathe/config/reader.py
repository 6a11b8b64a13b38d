"""Reading the user's config file (TOML): settings, custom exercises and routines.

Reading never raises: every mistake becomes a `Problem` naming the file and the line or key
path, and whatever is valid is still used. Each table has its own module (`settings_table`,
`exercise_table`, `ladder_table`, `routine_table`), all reading through `collector`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from breathe.config.exercise_table import ExerciseTable
from breathe.config.model import (
    TOP_KEYS,
    LoadedConfig,
    Problem,
)
from breathe.config.routine_table import RoutineTable
from breathe.config.settings_table import SettingsTable
from breathe.config.source import MAX_TOML_DEPTH, read_text, syntax_problem, too_deep
from breathe.core.catalogue import Catalogue
from breathe.system import paths
from breathe.system.files import UnreadableFile


class _Reader(SettingsTable, ExerciseTable, RoutineTable):
    """Every table of the file, read into one list of problems."""


def load(file: Path | None = None) -> LoadedConfig:
    """Read the config; never raises for anything in or about the file."""
    file = file if file is not None else paths.config_file()
    try:
        text = read_text(file)
    except FileNotFoundError:
        return LoadedConfig(path=file)
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        elif isinstance(exc, UnreadableFile):
            reason = f"it {exc.reason}"
        else:
            reason = exc.strerror or str(exc)
        problem = Problem("error", "", f"cannot read the file: {reason}; defaults are used", file)
        return LoadedConfig(problems=[problem], path=file, found=True)
    return loads(text, file)


def loads(text: str, file: Path) -> LoadedConfig:
    deep = too_deep(text)
    if deep is not None:
        problem = Problem(
            "error",
            "",
            f"arrays or tables nested more than {MAX_TOML_DEPTH} deep (column {deep[1]}); "
            "the file is ignored until this is fixed",
            file,
            deep[0],
        )
        return LoadedConfig(problems=[problem], path=file, found=True)
    # The TOML parser loads only when there is a file to parse (~0.1 MiB without one).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised by CI on 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadedConfig(problems=[syntax_problem(file, text, exc)], path=file, found=True)
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, say
        problem = Problem(
            "error",
            "",
            f"cannot read a value: {str(exc).split(';')[0]}; "
            "the file is ignored until this is fixed",
            file,
        )
        return LoadedConfig(problems=[problem], path=file, found=True)
    reader = _Reader(file)
    reader.unknown_keys(data, TOP_KEYS, "")
    settings = reader.settings(data)
    base = Catalogue()
    taken = {e.id: "a built-in exercise" for e in base.exercises}
    taken.update({r.id: "a built-in routine" for r in base.routines})
    exercises, broken = reader.exercises(data, taken, settings.exhale)
    routines = reader.routines(data, taken, base.extended(exercises), broken)
    exhale_for = reader.exhale_for(data, base.extended(exercises))
    return LoadedConfig(
        settings=settings,
        exercises=tuple(exercises),
        routines=tuple(routines),
        problems=reader.problems,
        path=file,
        found=True,
        exhale_for=exhale_for,
        ladders=reader.ladders,
    )
