"""README's exit status table against the codes breathe has and the tests that observe each:
usage 2 (tests/cli/test_cli.py, test_hostile_input.py), output lost 1 and a closed terminal
129 (tests/cli/test_output_lost.py), signals 129/130/143 (tests/history/test_history.py)."""

from __future__ import annotations

import re
import signal
from pathlib import Path

from breathe.system import exits

README = Path(__file__).resolve().parent.parent / "README.md"


def _table() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\s*\| (\d+) \| (.+) \|$", text, flags=re.MULTILINE)
    return {int(code): words for code, words in rows}


def test_readme_table_lists_every_exit_status_breathe_uses() -> None:
    table = _table()
    assert set(table) == {
        exits.EXIT_OK,
        exits.EXIT_FAILURE,
        exits.EXIT_USAGE,
        exits.signal_exit_status(signal.SIGHUP),
        exits.EXIT_INTERRUPTED,
        exits.signal_exit_status(signal.SIGTERM),
    }
    assert "Ctrl-C" in table[130] and "SIGTERM" in table[143] and "terminal" in table[129]
    assert "closed by its reader" in table[1] and "full disk" in table[1]
    assert "one line" in table[2]


def test_the_help_epilog_names_the_same_reasons_for_1_as_the_readme() -> None:
    """`breathe --help` ends with the exit statuses: the same reasons as README's table."""
    from breathe.cli.main import build_parser

    epilog = " ".join((build_parser().epilog or "").split())
    table = _table()[1]
    for reason in ("could not be saved", "config --check", "scheduler", "sound test"):
        assert reason in epilog and reason in table, reason
