"""`scripts/screenshot.py` makes the README's picture from the real app: a session in the middle
of an inhale at 100x30, the same file each run."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.app

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot.py"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def svg_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("&#160;", " ")
    return " ".join(re.findall(r">([^<>]+)<", text))


def test_the_picture_is_a_session_mid_inhale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shot.svg"
    assert script().main([str(out)]) == 0
    text = svg_text(out)
    assert "Hooklying reset" in text and "breath 1 of" in text
    assert "00:02 elapsed" in text  # two seconds into the first inhale, the count-in apart
    assert "█▄ █" in text  # the big word (INHALE's N)
    again = tmp_path / "again.svg"
    script().main([str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_the_readme_shows_the_picture_the_script_writes() -> None:
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](docs/screenshot.svg)" in readme
    assert (SCRIPT.parents[1] / "docs" / "screenshot.svg").is_file()
