"""The footer shows keys as Textual would, without Textual's Unicode-name lookup for a letter
(which finds none, and keeps ~0.2 MiB of name tables in memory for the whole session)."""

from __future__ import annotations

import string
import unicodedata

import pytest
from textual.app import App
from textual.binding import Binding
from textual.keys import format_key

from tests.helpers.clock import FakeClock
from tests.helpers.pilot import make_app, plan, started

MODIFIERS = ("", "ctrl+", "shift+", "alt+", "ctrl+shift+", "ctrl+alt+")
NAMED = ("space", "question_mark", "escape", "enter", "minus", "plus", "up", "pagedown", "f1")


def test_every_key_is_shown_as_textual_shows_it() -> None:
    app = make_app()
    keys = [m + k for m in MODIFIERS for k in (*string.ascii_letters, *string.digits, *NAMED)]
    for key in keys:
        binding = Binding(key, "x")
        assert app.get_key_display(binding) == App.get_key_display(app, binding), key
    shown = Binding("m", "x", key_display="M!")
    assert app.get_key_display(shown) == "M!"


@pytest.mark.app
async def test_a_session_screen_looks_up_no_unicode_names(
    monkeypatch: pytest.MonkeyPatch, safety_seen: None
) -> None:
    looked_up: list[str] = []
    lookup = unicodedata.lookup

    def recording(name: str) -> str:
        looked_up.append(name)
        return lookup(name)

    monkeypatch.setattr(unicodedata, "lookup", recording)
    format_key.cache_clear()  # what earlier tests looked up is not looked up again
    app = make_app(plan("wall"), clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        await pilot.pause()
        footer = [label.key_display for label in app.screen.query("FooterKeyLabel")]
    assert "m" in footer and "q" in footer  # the footer was drawn, its letters shown as is
    assert looked_up == []
