"""Commands load only what they use: no command outside the app imports Textual, the config
writer (tomlkit) or a sound library it does not play; only those that read the history open
sqlite3; plain mode never loads Textual. Each command runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "rich", "tomlkit", "sqlite3", "miniaudio", "simpleaudio", "wakepy")
PROBE = f"""
import contextlib, io, json, sys
from breathe.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""

QUICK_SESSION = ("run", "wall", "--plain", "--breaths", "1", "--pattern", "0.1-0-0.1-0")


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (("list",), set()),
        (("--version",), set()),
        (("--help",), set()),
        (("paths",), set()),
        (("config", "--check"), set()),
        (("completion", "bash"), set()),
        (("run", "nosuch"), set()),
        (("history",), {"sqlite3"}),
        (("history", "--insights"), {"sqlite3"}),
        (("export",), {"sqlite3"}),
        (("progress",), {"sqlite3"}),
        (("progress", "wall"), {"sqlite3"}),
        (("remind", "list"), set()),
        (("run", "wall", "--help"), set()),
        (("heart", "--help"), set()),
        (("sound", "--help"), set()),
        (("config",), set()),
        ((*QUICK_SESSION, "--lead-in", "0", "--no-sound"), {"sqlite3", "wakepy"}),
        # Plain mode with the terminal bell: still no Textual and no sound library.
        ((*QUICK_SESSION, "--lead-in", "0", "--audio", "bell"), {"sqlite3", "wakepy"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_a_command_loads_only_what_it_uses(
    tmp_path: Path, argv: tuple[str, ...], allowed: set[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded <= allowed, f"breathe {' '.join(argv)} loaded {sorted(loaded - allowed)}"


def test_the_parser_every_command_builds_loads_no_command_bodies() -> None:
    """`breathe run` builds the whole parser before its first paint: the other commands'
    bodies (reminders, the heart sweep, asyncio for the strap) and the audio stack stay out."""
    probe = (
        "import json, sys\n"
        "from breathe.cli.main import build_parser\n"
        "build_parser()\n"
        f"print(json.dumps(sorted(m for m in {LATER!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


LATER = (
    "asyncio",
    "plistlib",
    "breathe.cli.remind_cmd",
    "breathe.cli.heart_sweep",
    "breathe.core.reminders",
    "breathe.core.heart.sweep",
    "breathe.audio.listener",
    "breathe.audio.player",
    "breathe.history.store",
    *HEAVY,
)


def test_the_sound_device_loads_miniaudio_without_numpy() -> None:
    """miniaudio imports numpy when it is installed (the test extra installs it): ~10 MiB of a
    session's peak memory for an option breathe never uses."""
    probe = (
        "import json, sys\n"
        "from breathe.audio.miniaudio_player import _import_miniaudio\n"
        "miniaudio = _import_miniaudio()\n"
        "import numpy  # still there for whoever wants it\n"
        "print(json.dumps([miniaudio.numpy is None, 'numpy' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True, True]


# What a session from the command line (`breathe run ID`, the app) imports before and while
# it runs does not include these: each loads when first used, if ever.
NOT_FOR_A_SESSION = (
    "breathe.ui.palette",  # the command palette's exercise commands
    "breathe.core.insights",  # `breathe history --insights`
    "breathe.cli.layout",  # the tables of `list` and `history`
    "tomllib",  # only with a config file to parse
    "hashlib",  # OpenSSL's libcrypto: the history digest uses zlib
    "urllib.request",
    "email",
    "breathe.core.heart.spec",  # with --hr off (or auto without a strap)
    # Only `run`'s parser is built: the other commands' modules stay unloaded.
    "breathe.cli.history_cmd",
    "breathe.cli.heart_cmd",
    "breathe.cli.import_cmd",
    "breathe.cli.remind_parser",
    "breathe.cli.plain",  # plain mode, not the app
    "breathe.ui.screens.dialogs",  # the session's dialogs load when one is asked for
)


def test_a_session_from_the_command_line_loads_no_palette_insights_or_toml(
    tmp_path: Path,
) -> None:
    probe = (
        "import json, sys\n"
        "from breathe.cli.main import build_parser, command_of\n"
        "from breathe.config.reader import load\n"
        "argv = ['run', 'resonance', '--hr', 'off']\n"
        "build_parser(command_of(argv)).parse_args(argv)\n"
        "load()\n"
        "import breathe.ui.app, breathe.services.app_services\n"
        "import breathe.history.store, breathe.history.recorder, breathe.history.progress\n"
        f"print(json.dumps(sorted(m for m in {NOT_FOR_A_SESSION!r} if m in sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
