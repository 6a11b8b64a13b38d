"""Issue 14: numbers and option values a hostile or unlucky user types (defects 5 and 9),
and a property-based fuzz of every number option."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breathe.cli import run as run_module
from breathe.core.numbers import exact_number
from tests.helpers.cli import breathe_cmd, run_main

NUMBER_OPTIONS = (
    "--breaths",
    "--minutes",
    "--sets",
    "--lead-in",
    "--every",
    "--volume",
    "--tension",
    "--pattern",
)

ABSURD = (
    "1e999999999",
    "1e-999999999",
    "-1e999999999",
    "9" * 5000,
    "0." + "0" * 5000 + "1",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "-0",
    "1_000",
    "1/0",
    "0x10",
    "١",  # an Arabic-Indic digit: int() would read it
    "",
    " ",
    "--",
)


@pytest.fixture
def no_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid command line would start a session: stop at the plan instead."""
    monkeypatch.setattr(run_module, "plain_wanted", lambda *a, **k: True)
    import breathe.cli.plain as plain

    monkeypatch.setattr(plain, "run_plain_recorded", lambda *a, **k: 0)


def _one_line_or_nothing(code: int, err: str) -> None:
    assert "Traceback" not in err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("breathe: "), err
    else:
        assert code == 0 and err == "", (code, err)


@pytest.mark.parametrize("option", NUMBER_OPTIONS)
@pytest.mark.parametrize("value", ABSURD)
def test_absurd_numbers_are_exit_2_in_one_line_at_once(
    option: str, value: str, capsys: pytest.CaptureFixture[str], no_session: None
) -> None:
    target = "mid-run" if option == "--every" else "wall"
    argv = ["run", target, "--plain", f"{option}={value}"]
    if option == "--pattern":
        argv[-1] = f"--pattern={value}-1-1-0"
    started = time.monotonic()
    code, _, err = run_main(argv, capsys)
    assert time.monotonic() - started < 2
    # -0 is a fine zero where zero is allowed (lead-in, volume, tension).
    assert code == 2 or (value == "-0" and code == 0), (argv, err)
    _one_line_or_nothing(code, err)


@pytest.mark.parametrize("option", ["--breaths", "--sets", "--every", "--limit"])
def test_a_lone_double_dash_as_a_value_is_refused(
    option: str, capsys: pytest.CaptureFixture[str], no_session: None
) -> None:
    argv = (
        ["history", f"{option}=--"] if option == "--limit" else ["run", "mid-run", f"{option}=--"]
    )
    code, _, err = run_main(argv, capsys)
    assert code == 2
    assert err.startswith(f"breathe: argument {option}: expected a value, found '--'")


@pytest.mark.device
def test_huge_exponents_end_at_once_as_a_real_process(tmp_path: Path) -> None:
    config = tmp_path / "user-config"
    config.mkdir()
    (config / "config.toml").write_text(
        '[exercises.x]\npattern = "1e999999999-1"\nbreaths = 3\n', encoding="utf-8"
    )
    env = {**os.environ, "BREATHE_CONFIG_DIR": str(config)}
    for args in (
        ("run", "wall", "--plain", "--minutes", "1e999999999"),
        ("run", "wall", "--plain", "--lead-in", "1e999999999"),
        ("run", "mid-run", "--plain", "--every", "1e999999999"),
        ("run", "wall", "--plain", "--pattern", "1e999999999-1"),
        ("config", "--check"),
    ):
        started = time.monotonic()
        proc = subprocess.run(
            breathe_cmd(*args), capture_output=True, text=True, timeout=20, env=env
        )
        assert time.monotonic() - started < 5
        assert proc.returncode in (1, 2), (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_exact_number_bounds_before_arithmetic() -> None:
    assert exact_number("0.1") == exact_number("1e-1")
    assert exact_number("2.5e1") == 25
    for text in ABSURD[:-3]:
        value = exact_number(text)
        assert value is None or abs(value) < 10**31


_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    st.from_regex(r"[+-]?\d{0,6}(\.\d{0,6})?([eE][+-]?\d{1,12})?", fullmatch=True),
    st.sampled_from(ABSURD),
    st.text(max_size=12),
)


@settings(
    max_examples=150,
    deadline=2000,  # per case: the 2 s
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(option=st.sampled_from(NUMBER_OPTIONS), value=_numbers)
def test_fuzz_number_options(
    option: str, value: str, capsys: pytest.CaptureFixture[str], no_session: None
) -> None:
    if "\x00" in value:
        value = value.replace("\x00", "")
    target = "mid-run" if option == "--every" else "wall"
    argv = ["run", target, "--plain", f"{option}={value}"]
    if option == "--pattern":
        argv[-1] = f"--pattern={value}-{value}-1"
    capsys.readouterr()
    code, _, err = run_main(argv, capsys)
    assert code in (0, 2)
    _one_line_or_nothing(code, err)
