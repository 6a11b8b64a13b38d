"""The tension scale is defined once, in core: every other module builds on the constant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from breathe.core.tension import TENSION_MAX, TENSION_MIN, checked_tension, is_tension

SOURCE = Path(__file__).resolve().parents[2] / "breathe"
# The scale written out by hand, in SQL, in Python or as an argparse range.
WRITTEN_OUT = re.compile(
    rf"BETWEEN\s+{TENSION_MIN}\s+AND\s+{TENSION_MAX}\b"
    rf"|\b{TENSION_MIN}\s*<=\s*\w+\s*<=\s*{TENSION_MAX}\b"
    rf"|\"--tension\",\s*{TENSION_MIN},\s*{TENSION_MAX}\b"
    rf"|\({TENSION_MIN},\s*{TENSION_MAX}\)"
    rf"|\b{TENSION_MIN} to {TENSION_MAX}\b"
)


def test_no_module_outside_core_tension_writes_the_scale() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{n}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "tension.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if WRITTEN_OUT.search(line)
    ]
    assert found == []


def test_the_pattern_finds_what_it_looks_for() -> None:
    for line in ("x BETWEEN 0 AND 10", "if not 0 <= value <= 10:", 'whole("--tension", 0, 10)'):
        assert WRITTEN_OUT.search(line), line


@pytest.mark.parametrize("value", [TENSION_MIN, 5, TENSION_MAX])
def test_on_the_scale(value: int) -> None:
    assert is_tension(value)
    assert checked_tension(value) == value


@pytest.mark.parametrize("value", [TENSION_MIN - 1, TENSION_MAX + 1, True, 5.0, "5", None])
def test_off_the_scale(value: object) -> None:
    assert not is_tension(value)


def test_checked_tension_names_the_scale() -> None:
    assert checked_tension(None) is None
    with pytest.raises(ValueError, match=f"{TENSION_MIN} to {TENSION_MAX}, not 11"):
        checked_tension(11)
