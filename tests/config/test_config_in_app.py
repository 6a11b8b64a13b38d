"""Config mistakes reach the user: a one-line banner on the app's home screen, and in a
terminal each warning once per terminal session rather than on every command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from textual.widgets import Static

from breathe.cli import config_cmd
from breathe.config.reader import load
from breathe.system import app_state
from breathe.ui.screens.home import HomeScreen, config_banner
from tests.helpers.pilot import make_app

BROKEN = '[exercises.x]\npattern = "1-1-1-1-1"\nbreaths = 3\n[settings]\nvolume = 400\n'


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "config"))
    file = tmp_path / "config" / "config.toml"
    file.parent.mkdir(parents=True)
    file.write_text(BROKEN, encoding="utf-8")
    return [p.brief() for p in load(file).problems]


def test_the_banner_counts_and_shows_the_first_problem(broken: list[str]) -> None:
    assert broken[0].startswith("settings.volume: expected a whole number")
    assert config_banner(broken) == (f"config: 2 errors, see `breathe config --check`: {broken[0]}")
    # Counted as `breathe config --check` counts them: errors and warnings apart.
    warning = "settings.speed: warning: unknown key, ignored"
    assert config_banner([*broken, warning]).startswith("config: 2 errors and 1 warning, see")
    assert config_banner([warning]).startswith("config: 1 warning, see")


@pytest.mark.app
@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_home_shows_the_banner_on_one_line(
    size: tuple[int, int], broken: list[str], safety_seen: None
) -> None:
    app = make_app(config_problems=broken)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        banner = app.screen.query_one("#config-banner", Static)
        assert str(banner.content).startswith("config: 2 errors, see `breathe config --check`")
        assert banner.region.height == 1


@pytest.mark.app
async def test_no_banner_without_problems(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query("#config-banner")


class Terminal(io.StringIO):
    """Standard error that is a terminal, as far as the warning's memory can tell."""


def test_a_terminal_hears_the_same_warnings_once(
    broken: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_state, "terminal_session", lambda stream: "/dev/pts/7:4242")
    first, second = Terminal(), Terminal()
    config_cmd.load_for_cli(first)
    config_cmd.load_for_cli(second)
    assert len(first.getvalue().splitlines()) == len(broken)
    assert second.getvalue() == ""
    # Another terminal session hears them; a changed config is heard again.
    monkeypatch.setattr(app_state, "terminal_session", lambda stream: "/dev/pts/8:5151")
    third = Terminal()
    config_cmd.load_for_cli(third)
    assert third.getvalue() != ""


def test_logs_and_pipes_hear_every_time(broken: list[str]) -> None:
    outs = [io.StringIO(), io.StringIO()]
    for out in outs:
        config_cmd.load_for_cli(out)
    assert outs[0].getvalue() == outs[1].getvalue() != ""


def test_exhale_per_exercise_is_read_and_checked(tmp_path: Path) -> None:
    from breathe.core.engine import ExhaleStyle

    file = tmp_path / "config.toml"
    file.write_text(
        '[settings]\nexhale = "hum"\n'
        '[exhale]\ngoal-post = "ha"\nwall = "hum"\nnope = "hum"\nbox = "loud"\n',
        encoding="utf-8",
    )
    loaded = load(file)
    assert loaded.exhale_for == {"goal-post": ExhaleStyle.HA}
    assert [p.brief() for p in loaded.problems] == [
        "exhale.wall: warning: Wall breathing is always ha; ignored",
        'exhale.nope: warning: no exercise "nope"; ignored',
        'exhale.box: expected "hum" or "ha", found "loud"; the exercise\'s own style is used',
    ]
    styles = {e.id: e.exhale.value for e in loaded.catalogue().exercises}
    # One exercise's own choice wins; the global default covers the other either-style ones.
    assert (styles["goal-post"], styles["resonance"], styles["run-reset"]) == ("ha", "hum", "hum")
    assert styles["wall"] == "ha"
