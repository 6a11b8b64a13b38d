"""Issue 14: configs that never end, nest without end, or hold absurd numbers (defects 5, 6
and 7); whatever the file holds, every command answers at once and the built-ins work."""

from __future__ import annotations

import io
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breathe.cli.main import main
from breathe.config.reader import load
from breathe.config.source import MAX_TOML_DEPTH
from breathe.core.catalogue import Catalogue
from tests.helpers.cli import breathe_cmd


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    """The config file path (conftest points BREATHE_CONFIG_DIR at user-config)."""
    folder = tmp_path / "user-config"
    folder.mkdir()
    return folder / "config.toml"


def _list_and_check(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """`breathe list` and `breathe config --check` in this process; the list's output and
    everything said on stderr."""
    out = io.StringIO()
    assert main(["list"], out=out) == 0
    assert main(["config", "--check"], out=io.StringIO()) in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected error" not in err, err
    return out.getvalue(), err


def _builtins_listed(listing: str) -> None:
    for ex in Catalogue().exercises:
        assert f"  {ex.id} " in listing


def test_nesting_a_thousand_deep_is_a_located_error(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg.write_text("volume = 3\nx = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    problems = load(cfg).problems
    assert len(problems) == 1 and problems[0].line == 2
    assert f"nested more than {MAX_TOML_DEPTH} deep" in problems[0].message
    listing, _ = _list_and_check(capsys)
    _builtins_listed(listing)


def test_brackets_in_strings_and_comments_are_not_nesting(cfg: Path) -> None:
    cfg.write_text(
        'x = "' + "[" * 40 + '"  # ' + "{" * 40 + "\ny = '''\n" + "[" * 40 + "'''\n",
        encoding="utf-8",
    )
    assert all("nested" not in p.message for p in load(cfg).problems)


def test_a_five_thousand_digit_integer_is_one_problem(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg.write_text("[settings]\nvolume = " + "1" * 5000 + "\n", encoding="utf-8")
    assert len(load(cfg).problems) == 1
    listing, _ = _list_and_check(capsys)
    _builtins_listed(listing)


@pytest.mark.device
@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "directory", "huge"])
def test_a_config_that_never_ends_is_refused_at_once(cfg: Path, kind: str) -> None:
    if kind == "dev-zero":
        cfg.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(cfg)
    elif kind == "directory":
        cfg.mkdir()
    else:
        cfg.write_bytes(b"# " + b"x" * 2_000_000)
    for args in (("list",), ("config", "--check"), ("paths",)):
        started = time.monotonic()
        proc = subprocess.run(
            breathe_cmd(*args),
            capture_output=True,
            text=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
        assert time.monotonic() - started < 5
        assert "Traceback" not in proc.stderr
        said = proc.stdout if args[0] == "config" else proc.stderr
        assert f"{cfg}: cannot read the file: it is" in said, proc
        if args[0] != "config":
            assert proc.returncode == 0


def test_absurd_numbers_in_every_place(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg.write_text(
        "[settings]\nlead_in = 1e999999999\nvolume = -0\n"
        '[exercises.a]\npattern = "1e999999999-1"\nbreaths = 3\n'
        '[exercises.b]\npattern = "4-4"\nminutes = nan\n'
        '[exercises.c]\npattern = "4-4"\nbreaths = 1e300\nrest = -inf\n'
        '[routines.r]\nsteps = [{ exercise = "wall", minutes = 1e308, sets = '
        + "9" * 40
        + " }]\ntransition = inf\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    listing, err = _list_and_check(capsys)
    assert time.monotonic() - started < 2
    _builtins_listed(listing)
    assert "settings.lead_in" in err and "exercises.a.pattern" in err


def _toml_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers().map(str),
        st.floats().map(repr),
        st.from_regex(r"[+-]?[0-9]{1,6}(\.[0-9]{1,6})?([eE][+-]?[0-9]{1,12})?", fullmatch=True),
        st.sampled_from(["nan", "-nan", "inf", "-inf", "-0", "1e999999999", "9" * 5000]),
    )


@settings(
    max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(["lead_in", "volume", "breaths", "minutes", "sets", "rest", "pattern"]),
    value=_toml_number(),
)
def test_fuzz_config_values(
    cfg: Path, key: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if key in ("lead_in", "volume"):
        text = f"[settings]\n{key} = {value}\n"
    elif key == "pattern":
        text = f'[exercises.x]\npattern = "{value}-{value}"\nbreaths = 2\n'
    else:
        extra = "" if key in ("breaths", "minutes") else "breaths = 2\n"
        text = f'[exercises.x]\npattern = "4-4"\n{extra}{key} = {value}\n'
    cfg.write_text(text, encoding="utf-8")
    capsys.readouterr()
    listing, err = _list_and_check(capsys)
    _builtins_listed(listing)
    for line in err.splitlines():
        assert line.startswith(("breathe: ", str(cfg))), line


@pytest.mark.parametrize(
    ("ladder", "says"),
    [
        ("{ exhale = [3, 5], step = 1e-300 }", "makes over a million values, at most 40"),
        ("{ exhale = [3, 100], step = 0.000001 }", "makes over a million values, at most 40"),
        ("{ exhale = [3, 13], step = 0.2 }", "makes 51 values, at most 40"),
    ],
)
def test_a_ladder_with_a_tiny_step_is_one_located_error_at_once(
    tmp_path: Path, ladder: str, says: str
) -> None:
    """It used to hang every command, memory growing: the number of values had no limit."""
    import subprocess

    from tests.helpers.cli import breathe_cmd

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "config.toml").write_text(
        f'[exercises.stairs]\npattern = "2-0-3-0"\nbreaths = 6\nprogress = {ladder}\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_CONFIG_DIR=str(cfg), BREATHE_DATA_DIR=str(tmp_path / "data"))
    check = subprocess.run(
        breathe_cmd("config", "--check"), env=env, capture_output=True, text=True, timeout=5
    )
    assert check.returncode == 1
    assert "config.toml: exercises.stairs.progress.step: a step of" in check.stdout
    assert says in check.stdout and "stairs runs at its own dose" in check.stdout
    if "1e-300" not in ladder:
        return  # the commands that used to hang, once
    for argv in (
        ("list",),
        (
            "run",
            "stairs",
            "--plain",
            "--breaths",
            "1",
            "--lead-in",
            "0",
            "--pattern",
            "0.1-0-0.1-0",
            "--no-sound",
        ),
    ):
        done = subprocess.run(breathe_cmd(*argv), env=env, capture_output=True, timeout=10)
        assert done.returncode == 0, done.stderr
