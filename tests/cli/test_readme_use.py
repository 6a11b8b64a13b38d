"""README's Use block cannot drift from the program: every `breathe ...` line names commands
that exist, and each of its flags is in that command's `--help`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from breathe.cli.main import main

README = Path(__file__).resolve().parents[2] / "README.md"


def use_entries() -> list[str]:
    """The Use block's entries: a `breathe` line with the continuation lines under it
    (those that start with a `[`), without the description column."""
    text = README.read_text(encoding="utf-8")
    block = text.split("\n## Use\n", 1)[1].split("```", 2)[1]
    entries: list[str] = []
    for line in block.splitlines():
        command = re.split(r"\s{3,}", line.strip())[0]  # the description stands 3+ spaces off
        if line.startswith("breathe"):
            entries += [part.strip() for part in command.split(", ") if part.strip()]
        elif line.strip().startswith("[") and entries:
            entries[-1] += " " + command
    return entries


def alternatives(entry: str) -> list[list[str]]:
    """`breathe remind list | remove NAME` as [[remind, list], [remind, remove, NAME]]: ` | `
    outside brackets starts another form of the same command."""
    forms: list[str] = [""]
    depth = 0
    for k, ch in enumerate(entry):
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if ch == "|" and depth == 0 and entry[k - 1 : k + 2] == " | ":
            forms.append("")
        else:
            forms[-1] += ch
    first = forms[0].split()[1:]  # without `breathe`
    prefix = first[:1]
    return [first] + [prefix + form.split() for form in forms[1:]]


def help_of(path: list[str], capsys: pytest.CaptureFixture[str]) -> str | None:
    """`breathe PATH --help`, or None when PATH is not a command of its own."""
    capsys.readouterr()
    try:
        main([*path, "--help"])
    except SystemExit as exc:
        if exc.code != 0:
            return None
    out = capsys.readouterr().out
    usage = " ".join(out.split())
    return out if usage.startswith(" ".join(["usage: breathe", *path]) + " ") else None


def command_path(words: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The longest run of leading words that is a command (`heart test`, `remind add`)."""
    path: list[str] = []
    for word in words:
        if not re.fullmatch(r"[a-z]+", word) or help_of([*path, word], capsys) is None:
            break
        path.append(word)
    return path


ENTRIES = use_entries()


def test_the_use_block_is_found_and_names_the_commands() -> None:
    firsts = {entry.split()[1] for entry in ENTRIES if len(entry.split()) > 1}
    assert {"run", "sound", "history", "export", "remind", "heart", "completion"} <= firsts
    assert any("--voice" in e for e in ENTRIES) and any("--guide" in e for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES)
def test_each_command_and_flag_exists(entry: str, capsys: pytest.CaptureFixture[str]) -> None:
    helps = []
    for form in alternatives(entry):
        path = command_path(form, capsys)
        assert path or form[:1] in ([], ["--version"], ["--help"]), f"no command {form}"
        helps.append(help_of(path, capsys) or "")
        rest = form[len(path) :]
        words = [w for w in rest if re.fullmatch(r"[a-z]+", w)]
        if path and words and words[0] == rest[0]:
            # A positional choice (`sound test`, `completion bash`): in the command's usage.
            assert re.search(rf"[{{,]{words[0]}[,}}]", helps[-1]), (entry, words[0])
    text = "\n".join(helps)
    for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", entry):
        assert flag in ("--help",) or re.search(rf"{flag}\b", text), (entry, flag)
