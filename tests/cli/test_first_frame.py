"""The first frame `breathe run ID` paints before Textual loads: drawn only where its colours
match the app's, in the session screen's colours and letters, and handed over cleanly."""

from __future__ import annotations

import fcntl
import io
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any, cast

import pytest

from breathe.cli.first_frame import (
    ENTER,
    LEAVE,
    SYNC_END,
    SYNC_START,
    FirstFrame,
    color_system,
    frame_text,
    xterm_index,
)
from breathe.ui.widgets import palette as palettes
from breathe.ui.widgets.block_font import big_rows
from breathe.ui.widgets.palette import hex_rgb, palette_for


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "tmux-256color", "COLORTERM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-kitty"}, "256"),
        ({"TERM": "xterm"}, None),  # 16 colours: the app's first frame comes as before
        ({"TERM": "dumb"}, None),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
        ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, None),
    ],
)
def test_the_colour_system_is_the_one_the_app_will_use(
    env: dict[str, str], expected: str | None
) -> None:
    assert color_system(env) == expected


def test_the_256_colour_palettes_map_to_their_own_xterm_numbers() -> None:
    source = Path(palettes.__file__).read_text()
    pairs = re.findall(r'"(#[0-9a-f]{6})",\s*# (\d+)', source)
    assert len(pairs) > 20
    for colour, index in pairs:
        assert xterm_index(hex_rgb(colour)) == int(index), colour


def _rows_drawn(text: str) -> list[str]:
    """The text drawn after each cursor move, escapes removed."""
    parts = re.split(r"\x1b\[\d+;\d+H", text)[1:]
    return [re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", p) for p in parts]


@pytest.mark.parametrize(("columns", "rows", "size"), [(100, 30, 0), (130, 40, 1), (200, 60, 2)])
def test_the_frame_shows_get_ready_at_the_session_words_size(
    columns: int, rows: int, size: int
) -> None:
    text = frame_text(columns, rows, palette_for("256", dark=True), "256")
    assert text.startswith(SYNC_START + ENTER) and text.endswith(SYNC_END)
    drawn = _rows_drawn(text)
    word = big_rows("GET READY", size)
    assert word is not None
    assert [line for line in drawn if line.strip()] == list(word)
    assert drawn.count(" " * columns) == 2  # the top and bottom panels
    assert "48;5;233" in text and "48;5;235" in text  # background and panels, as the app's


def test_the_frame_takes_the_themes_colours() -> None:
    dark = frame_text(100, 30, palette_for("truecolor", dark=True), "truecolor")
    light = frame_text(100, 30, palette_for("truecolor", dark=False), "truecolor")
    assert "48;2;17;20;23" in dark  # #111417
    assert "48;2;246;244;239" in light  # #f6f4ef


def test_a_narrow_terminal_gets_the_short_word() -> None:
    drawn = _rows_drawn(frame_text(24, 10, palette_for("256", dark=True), "256"))
    assert [line for line in drawn if line.strip()] == list(big_rows("READY", 0) or ())


class _Pty:
    """A terminal of a given size: the frame is written to its slave side, read on the master."""

    def __init__(self, columns: int, rows: int) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.stream = io.TextIOWrapper(io.FileIO(slave, "w"), encoding="utf-8")

    def read(self) -> str:
        data = b""
        while select.select([self.master], [], [], 0.2)[0]:
            data += os.read(self.master, 65536)
        return data.decode()

    def close(self) -> None:
        self.stream.close()
        os.close(self.master)


def test_painted_on_a_terminal_and_taken_back_once() -> None:
    term = _Pty(100, 30)
    try:
        frame = FirstFrame(term.stream)
        assert frame.paint(None, {"TERM": "xterm-256color"})
        assert term.read().startswith(SYNC_START + ENTER)
        frame.withdraw()
        frame.withdraw()
        assert term.read() == LEAVE
    finally:
        term.close()


@pytest.mark.parametrize(
    ("env", "size"),
    [
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, (100, 30)),
        ({"TERM": "xterm"}, (100, 30)),
        ({"TERM": "xterm-256color"}, (12, 4)),  # too small to say anything
    ],
)
def test_not_painted_where_it_would_not_match(env: dict[str, str], size: tuple[int, int]) -> None:
    term = _Pty(*size)
    try:
        frame = FirstFrame(term.stream)
        assert not frame.paint(None, env)
        frame.withdraw()
        assert term.read() == ""
    finally:
        term.close()


def test_not_painted_into_a_pipe() -> None:
    stream = io.StringIO()
    assert not FirstFrame(stream).paint(None, {"TERM": "xterm-256color"})
    assert stream.getvalue() == ""


# The real program in a pseudo-terminal ----------------------------------------------------------


def _run_in_pty(tmp_path: Path, env_extra: dict[str, str], seen: bool) -> tuple[bytes, int]:
    """`breathe run wall --lead-in 0 --no-sound` until its session screen is up, then ctrl+c:
    everything it wrote, and its exit status."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM")}
    env.update(
        BREATHE_DATA_DIR=str(tmp_path / "data"),
        BREATHE_CONFIG_DIR=str(tmp_path / "config"),
        TERM="xterm-256color",
        **env_extra,
    )
    if seen:
        code = "from breathe.system.app_state import mark_safety_seen; mark_safety_seen()"
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    argv = [sys.executable, "-m", "breathe", "run", "wall", "--lead-in", "0", "--no-sound"]
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    try:
        up = b"breath 1 of" if seen else b"not now"  # the session, or the safety text
        while up not in out.lower() and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                out += os.read(master, 65536)
        assert up in out.lower(), out[-400:]
        os.write(master, b"\x03")
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    break
        return out, proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        os.close(master)


def _get_ready_shown(out: bytes) -> bool:
    rows = big_rows("GET READY", 0) or ()
    return all(row.encode() in out for row in rows)


@pytest.mark.app
def test_the_program_paints_get_ready_first_then_the_session(tmp_path: Path) -> None:
    out, status = _run_in_pty(tmp_path, {}, seen=True)
    assert out.startswith((SYNC_START + ENTER).encode()), out[:80]
    assert _get_ready_shown(out)
    # The session screen (Textual's frame) comes after the first frame, never before it.
    assert out.index(big_rows("GET READY", 0)[0].encode()) < out.index(b"breath 1 of")  # type: ignore[index]
    assert status in (0, 130)
    assert out.rstrip().endswith(b"\x1b[?1049l") or b"\x1b[?1049l" in out[-2000:]


@pytest.mark.app
@pytest.mark.parametrize(
    ("env_extra", "seen"),
    [({"NO_COLOR": "1"}, True), ({}, False)],
    ids=["no-color", "first-run-safety-text"],
)
def test_no_first_frame_without_matching_colours_or_before_the_safety_text(
    tmp_path: Path, env_extra: dict[str, str], seen: bool
) -> None:
    out, _ = _run_in_pty(tmp_path, env_extra, seen)
    # (The session screen itself may say GET READY while it gets ready: only the first frame
    # begins with this.)
    assert (SYNC_START + ENTER).encode() not in out


# Giving the screen back when Textual never takes it --------------------------------------------


class _Frame:
    def __init__(self) -> None:
        self.withdrawn = 0

    def withdraw(self) -> None:
        self.withdrawn += 1


class _App:
    def __init__(self, mounts: bool) -> None:
        self.mounts = mounts
        self.took_screen = False
        self.last_result = None
        self.return_code = 0


class _Services:
    class kit:  # the attribute run_app reads
        lost = None

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("failure", "mounts", "withdrawn"),
    [
        (None, True, 0),  # Textual took the screen and gave it back itself
        (None, False, 1),  # it returned without ever mounting (a CSS error, a driver error)
        (KeyboardInterrupt, False, 1),  # Ctrl-C while Textual loads
        (RuntimeError, False, 1),
    ],
)
def test_the_screen_is_given_back_when_textual_never_took_it(
    monkeypatch: pytest.MonkeyPatch,
    failure: type[BaseException] | None,
    mounts: bool,
    withdrawn: int,
) -> None:
    from breathe.cli import run as run_module
    from breathe.ui import crash

    app = _App(mounts)

    def run(made: _App) -> None:
        if failure is not None:
            raise failure()
        made.took_screen = made.mounts

    monkeypatch.setattr(run_module, "_made_app", lambda *args: (app, _Services()))
    monkeypatch.setattr(crash, "run_with_crash_line", run)
    frame = _Frame()
    if failure is None:
        run_module.run_app(cast(Any, None), first_frame=cast(Any, frame))
    else:
        with pytest.raises(failure):
            run_module.run_app(cast(Any, None), first_frame=cast(Any, frame))
    assert frame.withdrawn == withdrawn


def test_the_screen_is_given_back_when_the_app_cannot_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from breathe.cli import run as run_module

    def broken(*args: object) -> None:
        raise ImportError("textual is broken")

    monkeypatch.setattr(run_module, "_made_app", broken)
    frame = _Frame()
    with pytest.raises(ImportError):
        run_module.run_app(cast(Any, None), first_frame=cast(Any, frame))
    assert frame.withdrawn == 1
