"""`breathe completion bash|zsh|fish`: the scripts name every subcommand and built-in id, and
bash's (sourced with COMP_WORDS/COMP_CWORD, as bash itself would) completes ids, the user's
own included, options and choices."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from breathe.cli.main import main
from breathe.core.catalogue import Catalogue
from tests.helpers.cli import run_main

SUBCOMMANDS = ("run", "list", "paths", "config", "history", "export", "import", "completion")
BUILTIN_IDS = [item.id for item in (*Catalogue().exercises, *Catalogue().routines)]
USER_CONFIG = """
[exercises.wind-down]
pattern = "4-0-8-0"
minutes = 3

[routines.workday]
steps = [ { exercise = "wall", breaths = 4 } ]
"""


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run_main(["completion", shell], capsys)
    assert (code, err) == (0, "")
    return out


@pytest.fixture
def breathe_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has a `breathe` running this checkout with this Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "breathe"
    tool.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m breathe "$@"\n')
    tool.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture
def user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "config.toml").write_text(USER_CONFIG)
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(config_dir))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_scripts_name_the_subcommands_and_the_builtin_ids(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = script(shell, capsys)
    for word in (*SUBCOMMANDS, *BUILTIN_IDS, "dry-run", "exhale", "miniaudio"):
        assert word in text, word
    assert "--list-ids" in text  # the user's own ids are asked for when completing


def bash_complete(script_file: Path, words: list[str], env: dict[str, str]) -> list[str]:
    """What bash offers for the last word of `words`, via the script's own function."""
    quoted = " ".join(f"'{w}'" for w in words)
    program = f"""
        source '{script_file}'
        COMP_WORDS=({quoted})
        COMP_CWORD={len(words) - 1}
        COMP_LINE="${{COMP_WORDS[*]}}"
        COMP_POINT=${{#COMP_LINE}}
        _shtab_breathe
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_bash_completes_run_w_to_the_ids_starting_with_w(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breathe_on_path: dict[str, str]
) -> None:
    file = tmp_path / "breathe.bash"
    file.write_text(script("bash", capsys))
    assert bash_complete(file, ["breathe", "run", "w"], breathe_on_path) == ["wall", "wall-sit"]


@needs_bash
def test_bash_completes_the_users_own_ids_from_the_config(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breathe_on_path: dict[str, str],
    user_config: None,
) -> None:
    file = tmp_path / "breathe.bash"
    file.write_text(script("bash", capsys))
    env = {**breathe_on_path, "BREATHE_CONFIG_DIR": os.environ["BREATHE_CONFIG_DIR"]}
    assert bash_complete(file, ["breathe", "run", "w"], env) == [
        "wall",
        "wall-sit",
        "wind-down",
        "workday",
    ]


@needs_bash
def test_bash_completes_subcommands_options_and_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breathe_on_path: dict[str, str]
) -> None:
    file = tmp_path / "breathe.bash"
    file.write_text(script("bash", capsys))
    env = breathe_on_path
    assert bash_complete(file, ["breathe", "ex"], env) == ["export"]
    assert bash_complete(file, ["breathe", "run", "wall", "--exhale", ""], env) == ["hum", "ha"]
    assert bash_complete(file, ["breathe", "import", "--d"], env) == ["--dry-run"]
    assert bash_complete(file, ["breathe", "completion", ""], env) == ["bash", "zsh", "fish"]


@needs_bash
def test_bash_falls_back_to_the_builtin_ids_without_breathe_on_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "breathe.bash"
    file.write_text(script("bash", capsys))
    env = {**os.environ, "PATH": str(Path(shutil.which("bash") or "/bin/bash").parent)}
    assert bash_complete(file, ["breathe", "run", "b"], env) == ["box", "between-sets"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_run_w(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breathe_on_path: dict[str, str]
) -> None:
    file = tmp_path / "breathe.fish"
    file.write_text(script("fish", capsys))
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source '{file}'; complete -C 'breathe run w'"],
        env=breathe_on_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["wall", "wall-sit"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_is_valid_zsh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "_breathe"
    file.write_text(script("zsh", capsys))
    subprocess.run(["zsh", "-n", str(file)], check=True, timeout=30)


def test_list_ids_is_hidden_and_lists_builtin_and_user_ids(
    capsys: pytest.CaptureFixture[str], user_config: None
) -> None:
    code, out, _ = run_main(["--list-ids"], capsys)
    assert code == 0
    assert out.split() == [*BUILTIN_IDS[:10], "wind-down", *BUILTIN_IDS[10:], "workday"]
    assert main(["--help"], io.StringIO()) == 0  # help is printed to the real stdout
    help_text = capsys.readouterr().out
    assert "completion" in help_text and "--list-ids" not in help_text


@needs_bash
def test_bash_offers_progress_exercises_only_and_reminders_every_id(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breathe_on_path: dict[str, str],
    user_config: None,
) -> None:
    """`progress` takes an exercise (a routine id is refused there); a reminder's `--run`
    starts an exercise or a routine."""
    file = tmp_path / "breathe.bash"
    file.write_text(script("bash", capsys))
    env = {**breathe_on_path, "BREATHE_CONFIG_DIR": os.environ["BREATHE_CONFIG_DIR"]}
    assert bash_complete(file, ["breathe", "progress", "w"], env) == [
        "wall",
        "wall-sit",
        "wind-down",
    ]
    assert bash_complete(file, ["breathe", "progress", "b"], env) == ["box"]
    assert bash_complete(file, ["breathe", "remind", "add", "07:30", "--run", "p"], env) == [
        "pre-run",
        "post-run",
    ]
    assert bash_complete(file, ["breathe", "later", "20m", "--run", "wo"], env) == ["workday"]
    # Without breathe on PATH, the built-in exercises stand in.
    bare = {**os.environ, "PATH": str(Path(shutil.which("bash") or "/bin/bash").parent)}
    assert bash_complete(file, ["breathe", "progress", "b"], bare) == ["box"]


def test_list_ids_exercises_leaves_out_routines(
    capsys: pytest.CaptureFixture[str], user_config: None
) -> None:
    code, out, _ = run_main(["--list-ids=exercises"], capsys)
    assert code == 0
    assert out.split() == [*BUILTIN_IDS[:10], "wind-down"]
    code, _, err = run_main(["--list-ids=bogus"], capsys)
    assert code == 2 and "--list-ids" in err
